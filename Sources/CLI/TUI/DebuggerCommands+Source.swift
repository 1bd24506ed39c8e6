import Emu

/// The source-level commands (for a program with line information): stepping by line,
/// finish with the returned value, the call stack, `p EXPR` over the DWARF's variables,
/// `list` and line breakpoints. Commands they do not take fall through to the
/// instruction-level ones (`execute`).
extension DebuggerCommands {
    func sourceCommand(_ command: String, _ arguments: [String], text: String, source: SourceContext) -> Outcome? {
        var outcome = Outcome()
        let count = arguments.first.map { Int($0) } ?? 1
        switch command {
        case "s", "step", "n", "next":
            guard let count, count > 0 else { return error("\(command) expects a positive count") }
            // Outside code with line information (the runtime), a step is an instruction.
            guard source.info.lines?.span(containing: debugger.machine.hart.pc) != nil else { return nil }
            let over = command.hasPrefix("n")
            var event = DebugEvent.stepped
            for _ in 0..<count {
                event = over ? debugger.nextLine(source.info) : debugger.stepLine(source.info)
                if case .stepped = event { continue }
                break
            }
            outcome.event = event
            outcome.text = currentLineText(source)
        case "si", "stepi":
            guard let count, count > 0 else { return error("si expects a positive count") }
            outcome.event = debugger.step(count: count)
        case "ni", "nexti":
            outcome.event = debugger.next()
        case "f", "finish":
            let function = source.info.function(containing: debugger.machine.hart.pc)
            outcome.event = debugger.finish()
            var lines: [String] = []
            if let function {
                lines.append("Run till exit from \(function.name)")
                if case .stepped = outcome.event, let type = returnType(function, source) {
                    // RISC-V returns a scalar in a0 (the psABI's integer calling convention).
                    let debugger = self.debugger
                    let value = SourceExpression(
                        debugInfo: source.info, frame: nil,
                        reader: .init(read: { debugger.machine.memory.read($0, count: $1) }, register: { debugger.machine.hart[$0] }))
                        .format(type, .register(10), depth: 0)
                    lines.append("Value returned: \(value)  (\(source.info.typeName(type)))")
                }
            }
            lines.append(currentLineText(source))
            outcome.text = lines.joined(separator: "\n")
        case "bt", "backtrace", "where":
            outcome.text = source.backtrace(debugger).joined(separator: "\n")
        case "p", "print":
            let expression = text.drop { $0 != " " }.trimmingCharacters()
            guard !expression.isEmpty else { return error("p expects an expression") }
            let frame = source.callStack(debugger).frames.first
            do {
                let printed = try source.expression(debugger, frame: frame).print(expression)
                outcome.text = "\(expression) = \(printed.value)  (\(printed.type))"
            } catch {
                // Not a variable: a register, number or symbol, as without debug information.
                if resolve(expression) != nil { return nil }
                return self.error(error.message)
            }
        case "l", "list":
            var line = source.info.location(of: debugger.machine.hart.pc)
            if let text = arguments.first, let number = Int(text), let current = line { line = (current.path, number) }
            guard let line else { return error("list: no line information at pc") }
            guard let lines = source.files.lines(line.path) else { return error("list: cannot find the source file \(line.path)") }
            let first = max(1, line.line - 5), last = min(lines.count, line.line + 5)
            guard first <= last else { return error("list: \(line.path) has \(lines.count) lines") }
            outcome.text = (first...last).map { number in
                (number == line.line ? "=> " : "   ") + MemoryText.pad(String(number), 5) + lines[number - 1]
            }.joined(separator: "\n")
        case "b", "break":
            // (One case: a `where` clause would bind to "break" only.)
            if arguments.count == 1, let function = source.info.function(named: arguments[0]) {
                // A function with line information: break after its prologue, as gdb
                // does, at the first instruction of its second line (its body's first
                // statement).
                let address = source.info.bodyStart(of: function) ?? function.lowPC
                guard let breakpoint = debugger.addBreakpoint(at: address) else { return error("cannot break at \(function.name)") }
                let place = source.place(address).map { ": " + $0 } ?? ""
                outcome.text = "breakpoint \(breakpoint.id) at 0x\(DebugFormat.hex(address))\(symbols.suffix(address))\(place)"
                return outcome
            }
            guard let text = arguments.first, let colon = text.lastIndex(of: ":"),
                let number = Int(text[text.index(after: colon)...])
            else { return nil }
            let file = String(text[..<colon])
            let addresses = source.info.lines?.addresses(line: number, fileSuffix: file) ?? []
            guard !addresses.isEmpty else { return error("no code at \(text)") }
            // The lowest address of each function the line has code in (a line's statements
            // may be split; gdb's `break FILE:LINE` stops once per function).
            var seen: Set<String> = []
            var set: [String] = []
            for address in addresses.sorted() {
                let function = source.info.function(containing: address)?.name ?? ""
                guard seen.insert(function).inserted, let breakpoint = debugger.addBreakpoint(at: address) else { continue }
                set.append("breakpoint \(breakpoint.id) at 0x\(DebugFormat.hex(address))\(symbols.suffix(address)): \(text)")
            }
            outcome.text = set.joined(separator: "\n")
        default:
            return nil
        }
        return outcome
    }

    /// `at file:line  source text` for pc, or nothing outside code with line information.
    func currentLineText(_ source: SourceContext) -> String {
        guard let place = source.info.location(of: debugger.machine.hart.pc) else { return "" }
        let function = source.info.function(containing: debugger.machine.hart.pc)?.name ?? "??"
        var text = "\(function) at \(place.path):\(place.line)"
        if let lines = source.files.lines(place.path), place.line >= 1, place.line <= lines.count {
            text += "\n\(place.line)\t" + lines[place.line - 1].trimmingCharacters()
        }
        return text
    }

    private func returnType(_ function: SourceDebugInfo.Function, _ source: SourceContext) -> Int? {
        guard case .reference(let type) = source.info.info?.entries[function.entry][DWARFConstant.type] else { return nil }
        return type
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces.
    func trimmingCharacters() -> String {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[first...last])
    }
}
