import Emu

/// The full-screen debugger: reads keys, runs commands, redraws. Drawing is
/// `DebuggerView.render` over a captured `DebuggerViewState`; this type only wires the
/// terminal to the commands.
///
/// Beyond the command line it has three modes, each shown on the screen:
/// - a running indicator: while a command runs longer than a moment, the status line
///   shows the instruction count (redrawn about ten times a second), and Ctrl-C stops
///   the command, as gdb's Ctrl-C interrupts the inferior;
/// - input mode: typed text goes to the guest's standard input (`GuestInput`), entered
///   with the `input` command or by itself when the guest reads an empty input; Enter
///   sends a line, Ctrl-D ends the input (or sends a partial line), Esc goes back to
///   commands (when the guest was waiting, its command stops at the read);
/// - the pager: command output of more than one line is shown over the panes, whole and
///   scrollable; `log` shows every command and its output since the start.
final class DebuggerTUI {
    private(set) var commands: DebuggerCommands
    let title: String

    private var terminal: Terminal!
    private var interface = DebuggerViewState.Interface()
    private var history: [String] = []
    private var historyIndex = 0
    private var lastCommand = "s"
    /// Keys read but not handled yet (several arrive at once when typed fast or pasted).
    private var queue: [Terminal.Key] = []
    /// Every command and its output, for the pager and `log`.
    private var log: [String] = []
    /// While the guest waits for input: how the wait ended (true: something was sent).
    private var waitResult: Bool?
    private var waiting = false
    /// Whether input mode was entered by a wait (it ends with the command).
    private var inputModeByWait = false
    private var commandStart: UInt64 = 0
    private var lastRunningDraw: UInt64 = 0

    init(commands: DebuggerCommands, path: String) {
        self.commands = commands
        title = path.split(separator: "/").last.map(String.init) ?? path
    }

    func run() -> Int32 {
        terminal = Terminal()
        defer { Terminal.restore() }
        interface.message = "emu debug: type a command (? for help), F5 continue, F10 next, F11 step"
        configure(commands.debugger)
        redraw()
        while true {
            checkResize()
            if queue.isEmpty { queue = terminal.readKeys(timeout: 200) }
            if queue.isEmpty { continue }
            while !queue.isEmpty {
                let key = queue.removeFirst()
                if handle(key) == false { return commands.debugger.process.outcome?.exitStatus ?? 0 }
            }
            redraw()
        }
    }

    // MARK: - Drawing

    private func redraw() {
        let size = terminal.size
        let state = DebuggerViewState.capture(commands, title: title, interface: interface, rows: size.rows)
        terminal.draw(DebuggerView.render(state, rows: size.rows, columns: size.columns))
    }

    private func checkResize() {
        if Terminal.resized != 0 {
            Terminal.resized = 0
            Console.write(1, "\u{1B}[2J")
            redraw()
        }
    }

    // MARK: - The debugger's hooks

    /// Sets the hooks through which a running command shows progress, is interrupted and
    /// asks for input (again after `restart`, which makes a new debugger).
    private func configure(_ debugger: Debugger) {
        debugger.interruptRequested = { [unowned self] in self.poll() }
        debugger.waitForInput = { [unowned self] in self.waitForInput() }
    }

    /// Called every few thousand instructions of a long command: Ctrl-C stops it; after
    /// 150 ms the status line shows the count, redrawn every 100 ms.
    private func poll() -> Bool {
        if terminal.interruptTyped() { return true }
        let now = HostClock.monotonicNanoseconds()
        if now &- commandStart >= 150_000_000, now &- lastRunningDraw >= 100_000_000 {
            lastRunningDraw = now
            let hart = commands.debugger.machine.hart
            interface.running = "running...  instret \(hart.instret)  pc 0x\(DebugFormat.hex(hart.pc))  (Ctrl-C interrupts)"
            redraw()
        }
        return false
    }

    /// The guest reads its empty input: input mode until a line (or the end of input) is
    /// sent, or Esc / Ctrl-C gives up (false: the command stops before the read).
    private func waitForInput() -> Bool {
        if !interface.inputMode { inputModeByWait = true }
        interface.inputMode = true
        interface.running = nil
        interface.message = "the guest reads its standard input: type a line, Enter sends it, Ctrl-D ends the input, Esc stops"
        waiting = true
        waitResult = nil
        defer { waiting = false }
        redraw()
        while true {
            checkResize()
            if queue.isEmpty { queue = terminal.readKeys(timeout: 200) }
            while !queue.isEmpty {
                _ = handle(queue.removeFirst())
                if let result = waitResult {
                    interface.message = result ? "" : "stopped at the guest's read of its input"
                    commandStart = HostClock.monotonicNanoseconds()
                    return result
                }
            }
            redraw()
        }
    }

    // MARK: - Keys

    /// Handles one key; false when the session should end.
    private func handle(_ key: Terminal.Key) -> Bool {
        if interface.showHelp {
            interface.showHelp = false
            return true
        }
        if interface.pager != nil, pagerKey(key) { return true }
        if interface.inputMode {
            inputKey(key)
            return true
        }
        switch key {
        case .character(let character):
            interface.commandLine.append(character)
        case .backspace:
            if !interface.commandLine.isEmpty { interface.commandLine.removeLast() }
        case .interrupt:
            interface.commandLine = ""
        case .endOfInput:
            return false
        case .up:
            if historyIndex > 0 {
                historyIndex -= 1
                interface.commandLine = history[historyIndex]
            }
        case .down:
            if historyIndex < history.count - 1 {
                historyIndex += 1
                interface.commandLine = history[historyIndex]
            } else {
                historyIndex = history.count
                interface.commandLine = ""
            }
        case .f5, .f10, .f11:
            return execute(key == .f5 ? "c" : key == .f10 ? "n" : "s")
        case .enter:
            var line = interface.commandLine.trimmingSpaces()
            interface.commandLine = ""
            if line.isEmpty {
                line = lastCommand
            } else {
                if history.last != line { history.append(line) }
                historyIndex = history.count
                lastCommand = line
            }
            return execute(line)
        case .pageUp, .pageDown:
            scroll(down: key == .pageDown)
        case .home:
            if interface.focus == .disassembly { interface.disassemblyAnchor = nil } else { interface.memoryAddress = nil }
        case .tab:
            interface.focus = interface.focus == .disassembly ? .memory : .disassembly
        case .escape, .end, .unknown:
            break
        }
        return true
    }

    /// Keys while the pager is open; false when the key is not the pager's (the pager
    /// closes and the key goes to the command line).
    private func pagerKey(_ key: Terminal.Key) -> Bool {
        guard var pager = interface.pager else { return false }
        let page = max(1, DebuggerView.body(terminal.size.rows) - 2)
        let last = max(0, pager.lines.count - page)
        switch key {
        case .pageUp: pager.top = max(0, min(pager.top, last) - page)
        case .pageDown: pager.top = min(last, pager.top + page)
        case .up: pager.top = max(0, min(pager.top, last) - 1)
        case .down: pager.top = min(last, pager.top + 1)
        case .home: pager.top = 0
        case .end: pager.top = last
        case .escape, .enter, .interrupt, .character("q"):
            interface.pager = nil
            return true
        default:
            interface.pager = nil
            return false
        }
        interface.pager = pager
        return true
    }

    /// Keys in input mode: the line being typed for the guest.
    private func inputKey(_ key: Terminal.Key) {
        guard let input = commands.debugger.guestInput, !input.isClosed else {
            // Nothing more can be sent: back to commands (a waiting guest reads end of file).
            interface.inputMode = false
            interface.message = "the guest's input is ended (or is not typed here)"
            if waiting { waitResult = false }
            return
        }
        switch key {
        case .character(let character):
            interface.inputLine.append(character)
        case .backspace:
            if !interface.inputLine.isEmpty { interface.inputLine.removeLast() }
        case .enter:
            input.send(Array(interface.inputLine.utf8) + [10])
            log.append("(input) " + interface.inputLine)
            interface.inputLine = ""
            if waiting { waitResult = true }
        case .endOfInput:
            // As on a terminal: Ctrl-D sends a partial line, or on an empty one ends the input.
            if interface.inputLine.isEmpty {
                input.close()
                log.append("(input) end of input")
                interface.inputMode = false
                interface.message = "the guest's input is ended"
            } else {
                input.send(Array(interface.inputLine.utf8))
                log.append("(input) " + interface.inputLine)
                interface.inputLine = ""
            }
            if waiting { waitResult = true }
        case .escape, .interrupt:
            interface.inputMode = false
            if waiting { waitResult = false } else { interface.message = "back to commands" }
        default:
            break
        }
    }

    /// PageUp / PageDown in the focused pane.
    private func scroll(down: Bool) {
        let size = terminal.size
        let state = DebuggerViewState.capture(commands, title: title, interface: interface, rows: size.rows)
        let layout = DebuggerLayout(rows: size.rows, columns: size.columns, csrCount: state.csrs.count, hasSource: state.source != nil)
        switch interface.focus {
        case .disassembly:
            let lines = max(1, layout.disassemblyLines)
            let visible = DebuggerView.visibleDisassembly(state, lines: lines)
            guard !state.disassembly.isEmpty else { return }
            let first = down
                ? min(visible.startIndex + lines, state.disassembly.count - 1) : max(0, visible.startIndex - lines)
            interface.disassemblyAnchor = state.disassembly[first].address
        case .memory:
            let step = UInt32(max(1, layout.memoryLines) * DebuggerView.memoryBytesPerLine(layout.leftWidth))
            let base = state.memoryAddress
            interface.memoryAddress = down ? base &+ step : base &- step
        }
    }

    /// `lines` cut into pieces as wide as the pager (the screen less a margin), so that a
    /// long line is shown whole.
    private func wrapped(_ lines: [String]) -> [String] {
        let width = max(20, terminal.size.columns - 2)
        var result: [String] = []
        for line in lines {
            var rest = Substring(line)
            repeat {
                result.append(String(rest.prefix(width)))
                rest = rest.dropFirst(width)
            } while !rest.isEmpty
        }
        return result
    }

    // MARK: - Commands

    /// Runs `line`; false when the session should end.
    private func execute(_ line: String) -> Bool {
        log.append("(emu) " + line)
        if line == "log" {
            // Opened at its last page.
            let page = max(1, DebuggerView.body(terminal.size.rows) - 1)
            let lines = wrapped(log)
            interface.pager = DebuggerViewState.Pager(title: "Log", lines: lines, top: max(0, lines.count - page))
            return true
        }
        commandStart = HostClock.monotonicNanoseconds()
        lastRunningDraw = 0
        let outcome = commands.execute(line)
        interface.running = nil
        if inputModeByWait {
            inputModeByWait = false
            interface.inputMode = false
        }
        if outcome.quit { return false }
        if outcome.restarted { configure(commands.debugger) }
        interface.showHelp = outcome.help
        interface.apply(outcome)
        interface.message = outcome.help ? "" : outcome.text
        if let event = outcome.event, outcome.text.isEmpty { interface.message = commands.summary(event) }
        if waitResult == false, outcome.event == .interrupted { interface.message = "stopped at the guest's read of its input" }
        waitResult = nil
        let lines = outcome.help ? [] : outcome.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if !outcome.text.isEmpty { log += lines }
        if let event = outcome.event { log.append(commands.stopLine(event)) }
        // A command that ran the guest (a source-level step prints its file:line and the
        // line's text) keeps the panes in view: the source pane shows where it stopped,
        // and the message line says there is more (`log` shows it).
        if lines.count > 1, outcome.event == nil {
            interface.pager = DebuggerViewState.Pager(title: "Output of '\(line)'", lines: wrapped(lines))
        }
        return true
    }
}
