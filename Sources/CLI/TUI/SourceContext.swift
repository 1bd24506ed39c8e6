import Emu

/// The source-level side of a debugging session: the program's DWARF (`SourceDebugInfo`)
/// and its source files, with what the commands and the panes ask of them.
final class SourceContext {
    let info: SourceDebugInfo
    let files: SourceFiles

    init(info: SourceDebugInfo, programPath: String) {
        self.info = info
        files = SourceFiles(programPath: programPath)
    }

    /// The context for the program at `path`, nil when it has no line information.
    static func load(_ path: String, bytes: [UInt8]) -> SourceContext? {
        let info = SourceDebugInfo(elfBytes: bytes)
        guard info.hasLines else { return nil }
        return SourceContext(info: info, programPath: path)
    }

    /// The call stack of the debugger's machine now.
    func callStack(_ debugger: Debugger) -> CallStack {
        let machine = debugger.machine
        return CallStack(debugInfo: info, registers: machine.hart.registerFile, pc: machine.hart.pc) { address in
            guard let bytes = machine.memory.read(address, count: 4) else { return nil }
            return UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        }
    }

    /// An evaluator of expressions in `frame`.
    func expression(_ debugger: Debugger, frame: CallStack.Frame?) -> SourceExpression {
        let machine = debugger.machine
        var expression = SourceExpression(
            debugInfo: info, frame: frame,
            reader: .init(read: { machine.memory.read($0, count: $1) }, register: { machine.hart[$0] }))
        let elf = debugger.process.elf
        expression.symbolize = { address in
            guard let (name, offset) = elf.symbolize(address) else { return nil }
            return offset == 0 ? name : "\(name)+\(offset)"
        }
        return expression
    }

    /// `file:line` of `address` (the path as the line table gives it).
    func place(_ address: UInt32) -> String? {
        info.location(of: address).map { "\($0.path):\($0.line)" }
    }

    /// `#N  0x... in name (a=1, b=2) at file:line` for each frame, as gdb's `bt` prints.
    func backtrace(_ debugger: Debugger) -> [String] {
        let stack = callStack(debugger)
        var lines: [String] = []
        for (index, frame) in stack.frames.enumerated() {
            var text = "#\(index)  "
            if index > 0 { text += "0x" + DebugFormat.hex(frame.pc) + " in " }
            let lookup = index == 0 ? frame.pc : frame.pc &- 1
            if let function = frame.function {
                let evaluator = expression(debugger, frame: frame)
                let parameters = info.locals(of: function, at: lookup).filter(\.isParameter).map { parameter -> String in
                    let value = (try? evaluator.print(parameter.name).value) ?? "?"
                    return "\(parameter.name)=\(value)"
                }
                text += "\(function.name) (\(parameters.joined(separator: ", ")))"
            } else {
                text += debugger.process.elf.symbolize(frame.pc).map(\.name) ?? "??"
            }
            if let place = place(lookup) { text += " at " + place }
            if index > 0 && frame.method == .framePointer { text += "  [frame pointer]" }
            lines.append(text)
        }
        if let reason = stack.stopReason { lines.append("(backtrace stopped: \(reason))") }
        return lines
    }
}
