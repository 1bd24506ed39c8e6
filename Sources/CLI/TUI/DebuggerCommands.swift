import Decoder
import Emu

/// The debugger's command language, shared by the TUI's command line and batch mode:
/// parses one line, runs it on the `Debugger`, and says what to show.
final class DebuggerCommands {
    /// The debugger commands run on (a new one after `restart`).
    private(set) var debugger: Debugger
    let symbols: Symbolizer
    /// Makes a debugger over a new process of the same program, for `restart` (nil: the
    /// session cannot restart, as over a recording).
    var relaunch: (() -> Debugger?)?

    init(debugger: Debugger, symbols: Symbolizer, relaunch: (() -> Debugger?)? = nil) {
        self.debugger = debugger
        self.symbols = symbols
        self.relaunch = relaunch
    }
    /// The program's DWARF and sources, when it has line information: `step`, `next`,
    /// `finish`, `p`, `bt`, `list` and `b FILE:LINE` then work by source line.
    var source: SourceContext? = nil

    /// What one command did.
    struct Outcome {
        /// The event, when the command ran the machine.
        var event: DebugEvent?
        /// Text to show (a message, a memory dump, the registers).
        var text = ""
        /// The user asked to quit.
        var quit = false
        /// The user asked for help.
        var help = false
        /// The memory pane should show this address (nil: keep following sp).
        var memoryAddress: UInt32?
        /// Whether the memory pane should follow sp again.
        var followStack = false
        /// The register pane should switch between the x and the f registers (`fp`).
        var toggleFloatRegisters = false
        /// The disassembly pane should show this address at its top (`/TEXT`).
        var disassemblyAddress: UInt32?
        /// The TUI should take typed text as the guest's input (`input` alone).
        var enterInputMode = false
        /// The debugger was replaced (`restart`): the front end sets its hooks again.
        var restarted = false
    }

    static let helpText = """
        s [N]            step N instructions (F11)      n   next, over calls (F10)
        f                finish the current function    c   continue (F5)
        r, rs [N]        reverse step                   rc  reverse continue
        u ADDR|SYMBOL    run until pc reaches it        b ADDR|SYMBOL  set a breakpoint
        d N              delete breakpoint/watchpoint N w ADDR [LEN]   write watchpoint
        rw ADDR [LEN]    read watchpoint                aw ADDR [LEN]  access watchpoint
        x ADDR|SYMBOL|sp show memory there (x sp: follow sp)
        set REG VALUE    set a register (x5, t0, pc...) p EXPR          print a value
        i                list breakpoints, watchpoints  regs            print the registers
        csr [NAME]       print the CSRs (or one)        fregs           print f0-f31 and fcsr
        fp               the register pane: x or f registers
        set *ADDR = V    write memory (4 bytes; *(char*)ADDR 1, *(short*)ADDR 2)
        /TEXT            find TEXT in the disassembly   restart         run again from start
        input [TEXT]     type the guest's stdin         eof             end the guest's stdin
        log              all commands and their output  ?               this help
        q                quit
        Keys: PgUp/PgDn scroll (Tab: disassembly or memory), Ctrl-C interrupts a run.
        Input mode: Enter sends a line, Ctrl-D ends the input, Esc back to commands.
        Addresses: 0x1234, 4660, main, main+0x10, sp, $a0.  Enter repeats the last command.
        """

    /// What the commands do differently for a program with debug information.
    static let sourceHelpText = """
        With debug information (-g):
        s, step [N]      step N source lines (into calls) si [N]          step N instructions
        n, next [N]      next source line (over calls)  ni              next instruction
        f, finish        run to the return, print value bt, where       the call stack
        p EXPR           a variable: name, *p, a[i], s.f, p->f, &x (locals, then globals)
        l, list [LINE]   the source around pc (or LINE) b FILE:LINE     break at a line
        """

    /// Runs `line`.
    func execute(_ line: String) -> Outcome {
        if line.hasPrefix("/") { return search(String(line.dropFirst())) }
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let command = words.first else { return Outcome() }
        let arguments = Array(words.dropFirst())
        if let source, let outcome = sourceCommand(command, arguments, text: line, source: source) { return outcome }
        var outcome = Outcome()
        func count() -> Int? { arguments.first.map { Int($0) } ?? 1 }
        switch command {
        case "s", "step", "si", "stepi":
            guard let n = count(), n > 0 else { return error("step expects a positive count") }
            outcome.event = debugger.step(count: n)
        case "n", "next", "ni", "nexti": outcome.event = debugger.next()
        case "f", "finish": outcome.event = debugger.finish()
        case "c", "continue": outcome.event = debugger.continueExecution()
        case "r", "rs", "reverse-step", "reverse-stepi":
            guard let n = count(), n > 0 else { return error("rs expects a positive count") }
            outcome.event = debugger.reverseStep(count: n)
        case "rc", "reverse-continue": outcome.event = debugger.reverseContinue()
        case "u", "until", "advance":
            guard let text = arguments.first, let address = resolve(text) else { return error("u expects an address or symbol") }
            outcome.event = debugger.runUntil(address)
        case "b", "break":
            guard let text = arguments.first, let address = resolve(text) else { return error("b expects an address or symbol") }
            guard let breakpoint = debugger.addBreakpoint(at: address) else {
                return error("0x\(DebugFormat.hex(address)) is not an instruction address of the program")
            }
            outcome.text = "breakpoint \(breakpoint.id) at 0x\(DebugFormat.hex(address))\(symbols.suffix(address))"
        case "d", "delete":
            guard let text = arguments.first, let id = Int(text) else { return error("d expects a breakpoint or watchpoint number") }
            guard debugger.delete(id: id) else { return error("no breakpoint or watchpoint \(id)") }
            outcome.text = "deleted \(id)"
        case "w", "watch", "rw", "rwatch", "aw", "awatch":
            let kind: Debugger.WatchKind = command.hasPrefix("r") ? .read : command.hasPrefix("a") ? .access : .write
            guard let text = arguments.first, let address = resolve(text) else { return error("\(command) expects an address or symbol") }
            let length = arguments.count > 1 ? resolve(arguments[1]) : 4
            guard let length, let watchpoint = debugger.addWatchpoint(at: address, length: length, kind: kind) else {
                return error("cannot watch that range: it is empty or outside guest memory")
            }
            outcome.text = "\(DebuggerCommands.kindName(kind))watchpoint \(watchpoint.id): \(length) bytes at 0x\(DebugFormat.hex(address))"
        case "x":
            guard let text = arguments.first else { return error("x expects an address, a symbol or sp") }
            if text == "sp" || text == "$sp" {
                outcome.followStack = true
                outcome.text = dump(debugger.machine.hart[2], lines: 4)
            } else {
                guard let address = resolve(text) else { return error("x: cannot resolve '\(text)'") }
                outcome.memoryAddress = address
                outcome.text = dump(address, lines: 4)
            }
        case "set" where arguments.first?.hasPrefix("*") == true:
            return setMemory(arguments.joined(separator: " "))
        case "set":
            guard arguments.count == 2, let register = DebuggerCommands.registerNumber(arguments[0]),
                let value = resolve(arguments[1])
            else { return error("set expects a register (x1..x31, an ABI name or pc) and a value") }
            guard register != 0 else { return error("zero (x0) cannot be changed") }
            debugger.setRegister(register, value)
            outcome.text = "\(register == 32 ? "pc" : abiRegisterNames[register]) = 0x\(DebugFormat.hex(value))"
        case "p", "print":
            guard let text = arguments.first, let value = resolve(text) else { return error("p expects a register, symbol or number") }
            // A data symbol of 1, 2 or 4 bytes prints what it holds, as gdb's print does
            // (without debug information, its size in the symbol table is all there is).
            if let symbol = debugger.process.elf.symbol(named: text), symbol.kind == .object, [1, 2, 4].contains(symbol.size),
                let bytes = debugger.machine.memory.read(symbol.value, count: Int(symbol.size))
            {
                let held = bytes.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
                outcome.text = "\(text) = \(held) (0x\(DebugFormat.hex(held))) at 0x\(DebugFormat.hex(symbol.value))"
            } else {
                outcome.text = "\(text) = 0x\(DebugFormat.hex(value)) (\(Int32(bitPattern: value)))"
            }
        case "i", "info":
            outcome.text = listPoints()
        case "regs", "registers":
            outcome.text = registerText()
        case "csr", "csrs":
            guard let text = arguments.first else {
                outcome.text = CSRListing.text(debugger.machine)
                break
            }
            guard let number = CSRListing.number(text), let value = CSRListing.read(number, machine: debugger.machine) else {
                return error("csr: no CSR '\(text)' on this hart")
            }
            outcome.text = "\(csrName(number) ?? text) = 0x\(DebugFormat.hex(value))"
        case "fp", "fregs":
            guard debugger.machine.isa.f else { return error("\(command): this hart has no F extension") }
            if command == "fp" {
                outcome.toggleFloatRegisters = true
            } else {
                outcome.text = floatRegisterText()
            }
        case "input":
            guard let input = debugger.guestInput else {
                return error("input: the guest's standard input is not typed here (it is a file or the terminal)")
            }
            guard !input.isClosed else { return error("input: the guest's input was ended (eof)") }
            if arguments.isEmpty {
                outcome.enterInputMode = true
                outcome.text = "typing the guest's input: Enter sends a line, Ctrl-D ends the input, Esc goes back to commands"
            } else {
                let text = line.drop { $0 == " " }.dropFirst(command.count).dropFirst()
                input.send(Array(text.utf8) + [10])
                outcome.text = "sent \(text.utf8.count + 1) bytes to the guest's input"
            }
        case "eof":
            guard let input = debugger.guestInput else {
                return error("eof: the guest's standard input is not typed here (it is a file or the terminal)")
            }
            input.close()
            outcome.text = "the guest's input is ended: once it has read what was sent, a read returns 0"
        case "restart", "run":
            guard let relaunch, let fresh = relaunch() else { return error("restart: this session cannot start the program again") }
            for breakpoint in debugger.breakpoints { fresh.addBreakpoint(at: breakpoint.address) }
            for watch in debugger.watchpoints { fresh.addWatchpoint(at: watch.address, length: watch.length, kind: watch.kind) }
            let kept = debugger.breakpoints.count + debugger.watchpoints.count
            debugger = fresh
            outcome.restarted = true
            outcome.followStack = true
            outcome.text = "restarted at the first instruction; breakpoints and watchpoints kept: \(kept)"
        case "?", "h", "help":
            outcome.help = true
            outcome.text = DebuggerCommands.helpText + (source == nil ? "" : "\n" + DebuggerCommands.sourceHelpText)
        case "q", "quit", "exit": outcome.quit = true
        default: return error("unknown command '\(command)' (? for help)")
        }
        return outcome
    }

    func error(_ message: String) -> Outcome {
        var outcome = Outcome()
        outcome.text = "error: " + message
        return outcome
    }

    // MARK: - Values

    /// Register number of a name: x0...x31, ABI names (fp too), pc = 32.
    static func registerNumber(_ text: String) -> Int? {
        let name = text.hasPrefix("$") ? String(text.dropFirst()) : text
        if name == "pc" { return 32 }
        if name == "fp" { return 8 }
        if let index = abiRegisterNames.firstIndex(of: name) { return index }
        if name.hasPrefix("x"), let number = Int(name.dropFirst()), (0..<32).contains(number) { return number }
        return nil
    }

    /// The value of `text`: a register, a number (hex with 0x, or decimal), or a symbol,
    /// with an optional `+OFFSET` or `-OFFSET`.
    func resolve(_ text: String) -> UInt32? {
        if let sign = text.dropFirst().lastIndex(where: { $0 == "+" || $0 == "-" }) {
            guard let base = resolve(String(text[..<sign])), let offset = resolve(String(text[text.index(after: sign)...])) else {
                return nil
            }
            return text[sign] == "+" ? base &+ offset : base &- offset
        }
        if let register = DebuggerCommands.registerNumber(text) {
            return register == 32 ? debugger.machine.hart.pc : debugger.machine.hart[register]
        }
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt32(text.dropFirst(2), radix: 16) }
        if let value = UInt32(text) { return value }
        if let value = Int32(text) { return UInt32(bitPattern: value) }
        if let symbol = debugger.process.elf.symbol(named: text) { return symbol.value }
        return nil
    }

    // MARK: - Text

    /// `pc=0x00010118 <main>  add sp,sp,-32`.
    func location() -> String {
        let pc = debugger.machine.hart.pc
        var text = "pc=0x\(DebugFormat.hex(pc))\(DebuggerViewState.label(self, pc).map { " <\($0)>" } ?? "")"
        if let instruction = debugger.machine.instruction(at: pc) {
            text += "  " + disassemble(instruction, pc: pc, symbol: symbols.name).replacingTabs()
        }
        return text
    }

    /// The line batch mode prints for a stop.
    func stopLine(_ event: DebugEvent) -> String {
        "stopped: \(summary(event))  \(location())  instret=\(debugger.machine.hart.instret)"
    }

    /// What an event says, with the reason for an interruption the debugger knows.
    func summary(_ event: DebugEvent) -> String {
        if event == .interrupted, debugger.waitsForInput { return DebuggerCommands.waitingSummary }
        return event.summary
    }

    static let waitingSummary = "waiting for input: the guest reads its standard input (input TEXT sends a line, eof ends it)"

    func dump(_ address: UInt32, lines: Int) -> String {
        (0..<lines).map { line -> String in
            let start = address &+ UInt32(line * 16)
            guard let bytes = debugger.machine.memory.read(start, count: 16) else {
                return "\(DebugFormat.hex(start)): (outside guest memory)"
            }
            return "\(DebugFormat.hex(start)): " + MemoryText.hexAndASCII(bytes)
        }.joined(separator: "\n")
    }

    /// f0...f31 as their 64 bits (four to a line) and fcsr with its fields.
    func floatRegisterText() -> String {
        let hart = debugger.machine.hart
        var lines: [String] = []
        for row in 0..<8 {
            lines.append((0..<4).map { column -> String in
                let index = row * 4 + column
                return MemoryText.pad(abiFloatRegisterNames[index], 4) + " 0x" + FloatRegisterText.hex(hart.floatRegister(index))
            }.joined(separator: "  "))
        }
        lines.append(FloatRegisterText.fcsr(hart.fcsr))
        return lines.joined(separator: "\n")
    }

    func registerText() -> String {
        let hart = debugger.machine.hart
        var lines: [String] = []
        for row in 0..<8 {
            lines.append((0..<4).map { column -> String in
                let index = row * 4 + column
                return MemoryText.pad(abiRegisterNames[index], 4) + " 0x" + DebugFormat.hex(hart[index])
            }.joined(separator: "  "))
        }
        lines.append("pc   0x\(DebugFormat.hex(hart.pc))  instret \(hart.instret)")
        return lines.joined(separator: "\n")
    }

    /// "read " or "access " before "watchpoint" (nothing for a write watchpoint).
    static func kindName(_ kind: Debugger.WatchKind) -> String {
        switch kind {
        case .write: return ""
        case .read: return "read "
        case .access: return "access "
        }
    }

    func listPoints() -> String {
        var lines = debugger.breakpoints.map { "\($0.id): breakpoint at 0x\(DebugFormat.hex($0.address))\(symbols.suffix($0.address))" }
        lines += debugger.watchpoints.map {
            "\($0.id): \(DebuggerCommands.kindName($0.kind))watchpoint \($0.length) bytes at 0x\(DebugFormat.hex($0.address))"
        }
        if lines.isEmpty { lines.append("no breakpoints or watchpoints") }
        let span = debugger.historySpan, bytes = debugger.historyBytes
        lines.append(
            "history: \(span) instructions, \(debugger.historyCheckpoints) checkpoints (\(debugger.historyPageVersions) page copies), \(debugger.historyEvents) system calls logged, \(bytes) bytes")
        return lines.joined(separator: "\n")
    }
}

/// Text helpers for memory and columns.
enum MemoryText {
    /// `xx xx ... xx  ascii` for up to 16 bytes.
    static func hexAndASCII(_ bytes: [UInt8]) -> String {
        let hex = bytes.map { byte -> String in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
        let ascii = String(bytes.map { (0x20..<0x7F).contains($0) ? Character(UnicodeScalar($0)) : "." })
        return hex + "  " + ascii
    }

    /// `text` padded with spaces (or cut) to `width` characters.
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }
}

extension String {
    /// The disassembler separates mnemonic and operands with a tab; panes use a space.
    func replacingTabs() -> String {
        split(separator: "\t", omittingEmptySubsequences: false).joined(separator: " ")
    }
}
