import Emu

/// The full-screen debugger: reads keys, runs commands, redraws. Drawing is
/// `DebuggerView.render` over a captured `DebuggerViewState`; this type only wires the
/// terminal to the commands.
struct DebuggerTUI {
    let commands: DebuggerCommands
    let path: String

    func run() -> Int32 {
        let terminal = Terminal()
        defer { Terminal.restore() }
        var interface = DebuggerViewState.Interface()
        interface.message = "emu debug: type a command (? for help), F5 continue, F10 next, F11 step"
        var history: [String] = []
        var historyIndex = 0
        var lastCommand = "s"
        commands.debugger.interruptRequested = { terminal.keyPending() }
        let title = path.split(separator: "/").last.map(String.init) ?? path

        func redraw() {
            let size = terminal.size
            let state = DebuggerViewState.capture(commands, title: title, interface: interface)
            terminal.draw(DebuggerView.render(state, rows: size.rows, columns: size.columns))
        }
        func execute(_ line: String) -> Bool {
            let outcome = commands.execute(line)
            if outcome.quit { return false }
            interface.showHelp = outcome.help
            interface.apply(outcome)
            interface.message = outcome.help ? "" : outcome.text
            if let event = outcome.event, outcome.text.isEmpty { interface.message = event.summary }
            return true
        }

        redraw()
        while true {
            if Terminal.resized != 0 {
                Terminal.resized = 0
                Console.write(1, "\u{1B}[2J")
                redraw()
            }
            let keys = terminal.readKeys(timeout: 200)
            if keys.isEmpty { continue }
            for key in keys {
            if interface.showHelp {
                interface.showHelp = false
                continue
            }
            switch key {
            case .character(let character):
                interface.commandLine.append(character)
            case .backspace:
                if !interface.commandLine.isEmpty { interface.commandLine.removeLast() }
            case .interrupt:
                interface.commandLine = ""
            case .endOfInput:
                return commands.debugger.process.outcome?.exitStatus ?? 0
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
                let line = key == .f5 ? "c" : key == .f10 ? "n" : "s"
                guard execute(line) else { return commands.debugger.process.outcome?.exitStatus ?? 0 }
            case .enter:
                var line = interface.commandLine.trimmingSpaces()
                interface.commandLine = ""
                if line.isEmpty { line = lastCommand } else {
                    if history.last != line { history.append(line) }
                    historyIndex = history.count
                    lastCommand = line
                }
                guard execute(line) else { return commands.debugger.process.outcome?.exitStatus ?? 0 }
            case .escape, .unknown:
                break
            }
            }
            redraw()
        }
    }
}
