import Decoder
import Emu

/// Everything the TUI draws, captured from the debugger as plain values, so that drawing
/// (`DebuggerView.render`) is a pure function of it.
struct DebuggerViewState {
    struct DisassemblyLine: Equatable {
        var address: UInt32
        var label: String
        var text: String
        var breakpoint: Bool
    }

    var title: String
    var pc: UInt32
    var registers: [UInt32]
    var changed: Set<Int>
    /// f0...f31 and fcsr when the register pane shows the f registers (`fp`), else nil.
    var floatRegisters: (values: [UInt64], fcsr: UInt32)?
    /// Counters (decimal), then for a bare-metal binary the privilege and `CSRListing`'s
    /// CSRs (hex).
    var csrs: [(name: String, value: String)]
    /// Instructions around pc, in address order (the renderer picks the window).
    var disassembly: [DisassemblyLine]
    var memoryAddress: UInt32
    var memoryFollowsStack: Bool
    var memory: [UInt8]?
    var output: String
    var status: String
    var message: String
    var commandLine: String
    var showHelp: Bool
    /// The first address the disassembly pane shows (nil: it follows pc).
    var disassemblyAnchor: UInt32?
    /// The pane PageUp and PageDown scroll.
    var focus: Interface.Pane = .disassembly
    /// The command line's prompt: `(emu) `, or `(input) ` while typing the guest's input.
    var prompt = "(emu) "
    /// While a long command runs: what the status line says instead (instruction count).
    var running: String?
    /// The multi-line output shown over the panes, if any.
    var pager: Pager?

    /// Lines of command output shown over the panes, scrollable (`DebuggerView.drawPager`).
    struct Pager {
        var title: String
        var lines: [String]
        /// The first line shown.
        var top = 0
    }
    /// The source pane (a program with line information, pc in its code), else nil.
    var source: SourcePaneState? = nil
    /// The call stack, one line per frame (`bt`'s lines), empty without debug information.
    var stack: [String] = []
    /// The help overlay's text when it differs from the commands' (a program with line
    /// information adds the source-level commands).
    var helpText: String? = nil

    /// UI state the debugger does not know.
    struct Interface {
        var memoryAddress: UInt32?
        var message = ""
        var commandLine = ""
        var showHelp = false
        /// The register pane shows f0...f31 instead of x0...x31 (toggled by `fp`).
        var showsFloatRegisters = false
        /// The disassembly pane's first address after scrolling or a search (nil: follow pc).
        var disassemblyAnchor: UInt32?
        /// The pane PageUp and PageDown scroll (Tab switches).
        var focus = Pane.disassembly
        /// Typed text goes to the guest's standard input (`input`, or the guest waits).
        var inputMode = false
        /// The line being typed for the guest.
        var inputLine = ""
        /// The status line while a long command runs.
        var running: String?
        /// Multi-line output shown over the panes.
        var pager: Pager?

        /// The scrollable panes.
        enum Pane { case disassembly, memory }

        /// Applies what a command asked of the interface beyond its message.
        mutating func apply(_ outcome: DebuggerCommands.Outcome) {
            if outcome.followStack { memoryAddress = nil }
            if let address = outcome.memoryAddress { memoryAddress = address }
            if outcome.toggleFloatRegisters { showsFloatRegisters.toggle() }
            // Execution moved: the disassembly follows pc again.
            if outcome.event != nil || outcome.restarted { disassemblyAnchor = nil }
            if let address = outcome.disassemblyAddress { disassemblyAnchor = address }
            if outcome.enterInputMode { inputMode = true }
        }
    }

    /// Captures the state of `commands.debugger` for drawing.
    /// `rows` is the screen's height: the disassembly holds at least a screen of lines
    /// before and after the address it shows, for paging.
    static func capture(_ commands: DebuggerCommands, title: String, interface: Interface, rows: Int = 24) -> DebuggerViewState {
        let debugger = commands.debugger
        let machine = debugger.machine
        let hart = machine.hart
        let memoryAddress = interface.memoryAddress ?? (hart[2] & ~15)
        var csrs: [(String, String)] = [("instret", String(hart.instret))]
        for (name, number) in [("cycle", UInt16(0xC00)), ("time", UInt16(0xC01))] {
            if let low = machine.csrs.read(number, hart: hart), let high = machine.csrs.read(number + 0x80, hart: hart) {
                csrs.append((name, String(UInt64(high) << 32 | UInt64(low))))
            }
        }
        if debugger.process is BareMetalDebugTarget {
            csrs.append(("priv", BareMetalTracer.letter(hart.privilege)))
            for number in CSRListing.shown {
                if let value = CSRListing.read(number, machine: machine), let name = csrName(number) {
                    csrs.append((name, DebugFormat.hex(value)))
                }
            }
        }
        var status = "pc 0x\(DebugFormat.hex(hart.pc))\(DebuggerViewState.label(commands, hart.pc).map { " <\($0)>" } ?? "")"
        status += "  instret \(hart.instret)"
        if let event = debugger.lastEvent { status += "  " + (debugger.waitsForInput ? "waiting for input" : event.summary) }
        if debugger.isReplaying { status += "  [replay]" }
        status += "  back \(debugger.reversibleInstructions)"
        let lines = max(24, rows)
        // Enough memory for the tallest pane (16 bytes a line): a pane never shows
        // "(outside guest memory)" for memory that is there.
        let memoryBytes = min(UInt64(lines * 16), max(0, machine.memory.end - UInt64(memoryAddress)))
        var state = DebuggerViewState(
            title: title, pc: hart.pc, registers: hart.registerFile, changed: debugger.changedRegisters,
            floatRegisters: interface.showsFloatRegisters ? (hart.floatRegisterFile, hart.fcsr) : nil, csrs: csrs,
            disassembly: disassembly(commands, around: interface.disassemblyAnchor ?? hart.pc, before: max(24, rows - 6), after: max(40, 2 * lines)),
            memoryAddress: memoryAddress, memoryFollowsStack: interface.memoryAddress == nil,
            memory: machine.memory.read(memoryAddress, count: Int(memoryBytes)),
            output: String(decoding: debugger.output, as: UTF8.self), status: status, message: interface.message,
            commandLine: interface.inputMode ? interface.inputLine : interface.commandLine, showHelp: interface.showHelp,
            disassemblyAnchor: interface.disassemblyAnchor, focus: interface.focus,
            prompt: interface.inputMode ? "(input) " : "(emu) ", running: interface.running, pager: interface.pager)
        state.source = SourcePaneState.capture(commands)
        if state.source != nil, let source = commands.source { state.stack = source.backtrace(debugger) }
        if commands.source != nil { state.helpText = DebuggerCommands.helpText + "\n" + DebuggerCommands.sourceHelpText }
        return state
    }

    /// `main+12` (decimal offset, as gdb shows it), or nil.
    static func label(_ commands: DebuggerCommands, _ address: UInt32) -> String? {
        guard let (name, offset) = commands.debugger.process.elf.symbolize(address) else { return nil }
        return offset == 0 ? name : "\(name)+\(offset)"
    }

    /// Decodes instructions before and after pc. Going backwards through variable-length
    /// code is ambiguous, so a start is chosen whose linear sweep lands exactly on pc.
    static func disassembly(_ commands: DebuggerCommands, around pc: UInt32, before: Int, after: Int) -> [DisassemblyLine] {
        let machine = commands.debugger.machine
        let codeStart = machine.code.start
        func sweep(from start: UInt32, count: Int) -> [UInt32] {
            var addresses: [UInt32] = []
            var address = start
            while addresses.count < count, let instruction = machine.instruction(at: address) {
                addresses.append(address)
                address &+= UInt32(instruction.length)
            }
            return addresses
        }
        var addresses: [UInt32] = []
        let back = UInt32(before * 4)
        let firstStart = pc >= codeStart &+ back ? pc &- back : codeStart
        for start in [firstStart, firstStart &+ 2] {
            let candidate = sweep(from: start, count: before * 2 + after)
            if let index = candidate.firstIndex(of: pc) {
                addresses = Array(candidate[max(0, index - before)..<min(candidate.count, index + after)])
                break
            }
        }
        if addresses.isEmpty { addresses = sweep(from: pc, count: after) }
        let breakpoints = Set(commands.debugger.breakpoints.map(\.address))
        return addresses.map { address in
            let text = machine.instruction(at: address).map {
                disassemble($0, pc: address, symbol: { label(commands, $0) }).replacingTabs()
            } ?? "(no code)"
            return DisassemblyLine(
                address: address, label: label(commands, address).map { "<\($0)>" } ?? "", text: text,
                breakpoint: breakpoints.contains(address))
        }
    }
}
