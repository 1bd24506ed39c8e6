import Emu
import Glibc

/// `emu debug [OPTIONS] PROGRAM [ARGS...]`: the debugger. Full-screen TUI on a terminal;
/// `--batch FILE` (or commands on a standard input that is not a terminal) runs commands
/// and prints each stop; `--gdb PORT` serves the GDB remote protocol instead.
enum DebugCommand {
    static let interface = Interfaces.debug

    static func main(_ arguments: [String]) -> Int32 {
        let parsed: OptionParser.Parsed
        var configuration: LinuxConfiguration
        var historyLimit = 256 << 20
        var port: UInt16?
        var screenSize: (rows: Int, columns: Int)?
        switch interface.start(arguments) {
        case .exit(let status): return status
        case .run(let options): parsed = options
        }
        if let file = parsed.last("--replay") { return replayMain(parsed, file: file) }
        do throws(OptionParser.Failure) {
            guard let program = parsed.positional.first else {
                throw OptionParser.Failure(message: "'emu debug' requires a program to debug")
            }
            configuration = try RunCommand.makeConfiguration(parsed, program: program)
            if let text = parsed.last("--history") {
                historyLimit = Int(clamping: try OptionValue.size(text, option: "--history"))
            }
            if let text = parsed.last("--gdb") { port = try parsePort(text) }
            screenSize = try Self.screenSize(parsed)
        } catch {
            interface.fail(error.message)
            return ExitStatus.usage
        }
        let path = parsed.positional[0]
        let elf: ELFFile
        do {
            elf = try ProgramFile.load(path, mounts: configuration.mounts)
        } catch {
            Console.error(error.message + "\n")
            return error.status
        }
        if BareMetalRunner.isBareMetal(elf) {
            return BareMetalDebugSession.main(
                elf, path: path, parsed: parsed, port: port, historyLimit: historyLimit, screenSize: screenSize)
        }
        if let port {
            do {
                return serveGDB(
                    try LinuxProcess(elf: elf, configuration: configuration), path: path, port: port, historyLimit: historyLimit,
                    relaunch: relauncher(elf, configuration))
            } catch {
                Console.error("emu: \(path): \(error)\n")
                return ExitStatus.cannotRun
            }
        }
        let batchFile = parsed.last("--batch")
        let interactive = batchFile == nil && isatty(0) == 1 && isatty(1) == 1
        var straceFD: Int32?
        if let straceFile = parsed.last("--strace-file") {
            do {
                straceFD = try RunDiagnostics.create(straceFile, option: "--strace-file")
            } catch {
                interface.fail(error.message)
                return ExitStatus.usage
            }
        }
        let stdinFile = parsed.last("--stdin")
        // The guest's standard input: --stdin FILE; else, when the debugger's own input is
        // the terminal or the commands, a pipe the user types into (`input`, the TUI's input
        // mode), since the guest must not read the debugger's commands (or the terminal in
        // raw mode); with --batch FILE, emu's own standard input.
        let typedInput = stdinFile == nil && (interactive || batchFile == nil)
        var openedStdin: Int32 = -1
        /// A debugger over a new process of the program (the session's, and each `restart`'s).
        func launch() -> Result<Debugger, LaunchFailure> {
            var configuration = configuration
            var guestInput: GuestInput?
            if openedStdin >= 0 { close(openedStdin) }
            openedStdin = -1
            if let stdinFile {
                openedStdin = open(stdinFile, O_RDONLY | O_CLOEXEC)
                guard openedStdin >= 0 else {
                    return .failure(LaunchFailure(
                        message: "emu: --stdin: cannot open \(stdinFile): \(String(cString: strerror(errno))); give a readable file",
                        status: ExitStatus.usage))
                }
                configuration.standardStreams[0] = openedStdin
            } else if typedInput {
                do {
                    guestInput = try GuestInput()
                } catch {
                    return .failure(LaunchFailure(message: "emu: \(error)", status: ExitStatus.usage))
                }
                configuration.standardStreams[0] = guestInput!.readFD
            }
            // --screen ROWSxCOLUMNS: batch mode that ends by printing the TUI's screen as text.
            var capture: OutputCapture?
            if interactive || screenSize != nil {
                do {
                    capture = try OutputCapture()
                } catch {
                    return .failure(LaunchFailure(message: "emu: \(error)", status: ExitStatus.usage))
                }
                configuration.standardStreams[1] = capture!.fd
                configuration.standardStreams[2] = capture!.fd
            }
            let process: LinuxProcess
            do {
                process = try LinuxProcess(elf: elf, configuration: configuration)
            } catch {
                return .failure(LaunchFailure(message: "emu: \(path): \(error)", status: ExitStatus.cannotRun))
            }
            // The UI owns the terminal: a notice goes to the guest's output pane.
            if let capture { process.noticeSink = { text in Console.write(capture.fd, text) } }
            if let straceFD { process.straceSink = { line in Console.write(straceFD, line + "\n") } }
            let debugger = Debugger(process: process, historyLimit: historyLimit, capture: capture)
            debugger.guestInput = guestInput
            return .success(debugger)
        }
        let debugger: Debugger
        switch launch() {
        case .success(let launched): debugger = launched
        case .failure(let failure):
            Console.error(failure.message + "\n")
            return failure.status
        }
        let commands = DebuggerCommands(debugger: debugger, symbols: Symbolizer(elf: elf)) {
            switch launch() {
            case .success(let debugger): return debugger
            case .failure: return nil
            }
        }
        commands.source = sourceContext(path, mounts: configuration.mounts)
        if interactive {
            return DebuggerTUI(commands: commands, path: path).run()
        }
        return runBatchSession(commands, batchFile: batchFile, screenSize: screenSize, path: path)
    }

    /// Batch mode: runs the commands of `batchFile` (standard input without one), then with
    /// `--screen` prints the TUI's screen as they left it. Exits with the guest's status, or
    /// a usage error when the file cannot be opened.
    static func runBatchSession(
        _ commands: DebuggerCommands, batchFile: String?, screenSize: (rows: Int, columns: Int)?, path: String
    ) -> Int32 {
        var source: Int32 = 0
        if let batchFile {
            source = open(batchFile, O_RDONLY)
            guard source >= 0 else {
                Console.error("emu: cannot open the batch file \(batchFile): \(String(cString: strerror(errno)))\n")
                return ExitStatus.usage
            }
        }
        var screenInterface = DebuggerViewState.Interface()
        let status = runBatch(commands, input: source, interface: &screenInterface)
        if let screenSize {
            let state = DebuggerViewState.capture(commands, title: path.split(separator: "/").last.map(String.init) ?? path,
                                                  interface: screenInterface)
            Console.output(DebuggerView.render(state, rows: screenSize.rows, columns: screenSize.columns).text + "\n")
        }
        return status
    }

    /// Why a debugged process could not be started: the message and the exit status.
    struct LaunchFailure: Error {
        let message: String
        let status: Int32
    }

    /// The program's DWARF and source files, nil when it has no line information (or
    /// cannot be read again: the session then works by instruction only). A section that
    /// could not be read is said on stderr.
    static func sourceContext(_ path: String, mounts: [Mount]) -> SourceContext? {
        guard let bytes = try? ProgramFile.read(path, mounts: mounts) else { return nil }
        let context = SourceContext.load(path, bytes: bytes)
        for problem in context?.info.problems ?? [] { Console.error("emu: \(path): debug information: \(problem)\n") }
        return context
    }

    /// `--screen ROWSxCOLUMNS`, nil without it.
    static func screenSize(_ parsed: OptionParser.Parsed) throws(OptionParser.Failure) -> (rows: Int, columns: Int)? {
        guard let text = parsed.last("--screen") else { return nil }
        let parts = text.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (12...500).contains(parts[0]), (60...500).contains(parts[1]) else {
            throw OptionParser.Failure(message: "--screen expects ROWSxCOLUMNS (at least 12x60), got '\(text)'")
        }
        return (parts[0], parts[1])
    }

    /// Makes a new process of `elf` for `run` after `kill` (gdb's extended-remote mode):
    /// the same configuration, with `arguments` after argv[0] when gdb gives some.
    static func relauncher(_ elf: ELFFile, _ configuration: LinuxConfiguration) -> (_ arguments: [String]?) -> LinuxProcess? {
        { arguments in
            var configuration = configuration
            if let arguments { configuration.arguments = Array(configuration.arguments.prefix(1)) + arguments }
            return try? LinuxProcess(elf: elf, configuration: configuration)
        }
    }

    /// `path` made absolute against the working directory (gdb, on the host, loads the
    /// program from it: `qXfer:exec-file:read`). Computed before the jail changes the
    /// working directory.
    static func absolutePath(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        return String(cString: buffer) + "/" + path
    }

    static func parsePort(_ text: String) throws(OptionParser.Failure) -> UInt16 {
        guard let port = UInt16(text) else {
            throw OptionParser.Failure(message: "--gdb expects a TCP port number (0 to 65535), got '\(text)'")
        }
        return port
    }

    /// Batch mode: each command line echoed after `(emu) `, then its result; each stop as
    /// one `stopped:` line. Exits with the guest's status if it ended, else 0.
    /// Runs the commands read from `input`; what they ask of the screen (memory address,
    /// register pane) goes to `interface`, for `--screen`.
    static func runBatch(_ commands: DebuggerCommands, input: Int32, interface: inout DebuggerViewState.Interface) -> Int32 {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var finished = false
        while !finished {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count <= 0 { finished = true } else { pending += buffer[0..<count] }
            while let newline = pending.firstIndex(of: 10) ?? (finished && !pending.isEmpty ? pending.count : nil) {
                let line = String(decoding: pending[..<newline], as: UTF8.self).trimmingSpaces()
                pending.removeFirst(min(newline + 1, pending.count))
                if line.isEmpty || line.hasPrefix("#") { continue }
                Console.output("(emu) \(line)\n")
                let outcome = commands.execute(line)
                interface.apply(outcome)
                if !outcome.text.isEmpty { Console.output(outcome.text + "\n") }
                if let event = outcome.event { Console.output(commands.stopLine(event) + "\n") }
                if outcome.quit { return exitStatus(commands.debugger) }
            }
        }
        return exitStatus(commands.debugger)
    }

    static func exitStatus(_ debugger: Debugger) -> Int32 {
        debugger.process.outcome?.exitStatus ?? 0
    }

    /// `--gdb PORT`: waits for gdb on 127.0.0.1:PORT and serves it until it kills or
    /// detaches (a detached guest runs on to its end). Exits with the guest's status.
    /// `relaunch`, when given, makes a new process for gdb's `run` in extended-remote mode
    /// (with gdb's arguments, or nil for the original ones).
    static func serveGDB(
        _ process: LinuxProcess, path: String, port: UInt16, historyLimit: Int, recording: RecordingPlayer? = nil,
        relaunch: ((_ arguments: [String]?) -> LinuxProcess?)? = nil, executablePath: String? = nil
    ) -> Int32 {
        let debugger = Debugger(process: process, historyLimit: historyLimit)
        debugger.recording = recording
        let socket: GDBSocket
        do {
            socket = try GDBSocket(port: port)
            Console.error("emu: waiting for gdb on 127.0.0.1:\(socket.port) (target remote :\(socket.port))\n")
            try socket.accept()
        } catch {
            Console.error("emu: --gdb: \(error)\n")
            return ExitStatus.usage
        }
        let server = GDBServer(debugger: debugger, socket: socket)
        server.executablePath = executablePath ?? absolutePath(path)
        if let relaunch {
            server.restart = { arguments in
                relaunch(arguments).map { Debugger(process: $0, historyLimit: historyLimit) }
            }
        }
        let ending = server.serve()
        // After a vRun the server's process is a new one.
        let process = server.debugger.process as? LinuxProcess ?? process
        switch ending {
        case .killed:
            return process.outcome?.exitStatus ?? 128 + LinuxSignal.SIGKILL
        case .detached:
            while process.outcome == nil {
                let debugger = server.debugger
                for breakpoint in debugger.breakpoints { debugger.delete(id: breakpoint.id) }
                _ = debugger.continueExecution()
            }
            let outcome = process.outcome!
            RunCommand.report(outcome, process: process, path: path)
            return outcome.exitStatus
        }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and carriage returns.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

extension DebugCommand {
    /// `emu debug --replay FILE [PROGRAM]`: the debugger over a recorded run. The process is
    /// rebuilt from the recording (`RecordReplay.prepare`) and its stops are answered from
    /// the file (`Debugger.recording`); batch commands, the TUI and `--gdb` work as on a
    /// live run, reverse execution included.
    static func replayMain(_ parsed: OptionParser.Parsed, file: String) -> Int32 {
        var historyLimit = 256 << 20
        var port: UInt16?
        do throws(OptionParser.Failure) {
            if let text = parsed.last("--history") {
                historyLimit = Int(clamping: try OptionValue.size(text, option: "--history"))
            }
            if let text = parsed.last("--gdb") { port = try parsePort(text) }
        } catch {
            interface.fail(error.message)
            return ExitStatus.usage
        }
        let batchFile = parsed.last("--batch")
        let interactive = batchFile == nil && isatty(0) == 1 && isatty(1) == 1
        var capture: OutputCapture?
        if interactive {
            do {
                capture = try OutputCapture()
            } catch {
                Console.error("emu: \(error)\n")
                return ExitStatus.usage
            }
        }
        let replay: RecordReplay.Replay
        do {
            let streams = capture.map { [Int32(0), $0.fd, $0.fd] }
            replay = try RecordReplay.prepare(file, program: parsed.positional.first, standardStreams: streams)
        } catch {
            Console.error(error.message + "\n")
            return error.status
        }
        if let port {
            return serveGDB(replay.process, path: replay.path, port: port, historyLimit: historyLimit, recording: replay.player)
        }
        let debugger = Debugger(process: replay.process, historyLimit: historyLimit, capture: capture)
        debugger.recording = replay.player
        var commands = DebuggerCommands(debugger: debugger, symbols: Symbolizer(elf: replay.elf))
        commands.source = sourceContext(replay.path, mounts: [])
        let status: Int32
        if interactive {
            status = DebuggerTUI(commands: commands, path: replay.path).run()
        } else {
            status = runBatchSession(commands, batchFile: batchFile, screenSize: nil, path: replay.path)
        }
        if let divergence = replay.player.divergence {
            Console.error("emu: --replay: \(divergence)\n")
            return ExitStatus.replayDiverged
        }
        return status
    }
}
