import Decoder
import Emu
import Glibc

/// `emu run [OPTIONS] PROGRAM [ARGS...]`: runs a static RV32 Linux program (or a
/// bare-metal test binary that has a `tohost` symbol) and exits with its status.
enum RunCommand {
    static let interface = Interfaces.run
    static var parser: OptionParser { interface.parser }

    static func main(_ arguments: [String]) -> Int32 {
        RunReport.finish(runReported(arguments))
    }

    static func runReported(_ arguments: [String]) -> Int32 {
        let parsed: OptionParser.Parsed
        switch interface.start(arguments) {
        case .exit(let status): return status
        case .run(let options): parsed = options
        }
        if parsed.last("--replay") != nil { return RecordReplay.run(parsed) }
        guard let program = parsed.positional.first else {
            interface.fail("'emu run' requires a program to run")
            return ExitStatus.usage
        }
        var configuration: LinuxConfiguration
        let isolation: Isolation.Mode
        do throws(OptionParser.Failure) {
            configuration = try makeConfiguration(parsed, program: program)
            isolation = try SandboxLaunch.mode(parsed)
            if let message = RunReport.begin(parsed.last("--report")) { throw OptionParser.Failure(message: message) }
        } catch {
            interface.fail(error.message)
            return ExitStatus.usage
        }
        let elf: ELFFile
        do {
            elf = try ProgramFile.load(program, mounts: configuration.mounts)
        } catch {
            Console.error(error.message + "\n")
            return error.status
        }
        // Before the jail: the files --strace-file and --trace-file name are host paths its
        // root does not hold (the jailed emu inherits their descriptors).
        var diagnostics: RunDiagnostics
        do {
            diagnostics = try RunDiagnostics(parsed, elf: elf)
            if !BareMetalRunner.isBareMetal(elf) { diagnostics.recordDescriptor = try RecordReplay.openRecordFile(parsed) }
        } catch {
            interface.fail(error.message)
            return ExitStatus.usage
        }
        if let status = SandboxLaunch.isolate(isolation, &configuration) { return status }
        if let seconds = configuration.timeout { SandboxLaunch.armTimeout(seconds) }
        if BareMetalRunner.isBareMetal(elf) {
            if let status = SandboxLaunch.seal() { return status }
            return RunReport.recordBareMetal(BareMetalSession.runCommand(elf, path: program, parsed: parsed, trace: diagnostics.trace))
        }
        return run(elf, path: program, configuration: configuration, parsed: parsed, diagnostics: diagnostics)
    }

    /// Builds the guest's configuration from the options.
    static func makeConfiguration(_ parsed: OptionParser.Parsed, program: String) throws(OptionParser.Failure)
        -> LinuxConfiguration
    {
        var configuration = LinuxConfiguration(arguments: parsed.positional)
        for variable in parsed.all("-e") {
            guard let equals = variable.firstIndex(of: "="), equals != variable.startIndex else {
                throw OptionParser.Failure(message: "-e expects NAME=VALUE, got '\(variable)'")
            }
            configuration.environment.append(variable)
        }
        for volume in parsed.all("-v") {
            guard let mount = Mount(parsing: volume) else {
                throw OptionParser.Failure(message: "-v expects HOST:GUEST[:ro] with an absolute GUEST path, got '\(volume)'")
            }
            configuration.mounts.append(mount)
        }
        for path in parsed.all("--tmpfs") {
            guard path.hasPrefix("/") else { throw OptionParser.Failure(message: "--tmpfs expects an absolute guest path, got '\(path)'") }
            configuration.temporaryMounts.append(path)
        }
        if let directory = parsed.last("-w") {
            guard directory.hasPrefix("/") else { throw OptionParser.Failure(message: "-w expects an absolute guest path") }
            configuration.workingDirectory = directory
        }
        if let text = parsed.last("--max-insns") {
            configuration.maxInstructions = try OptionValue.integer(text, option: "--max-insns")
        }
        if let text = parsed.last("--isa") { configuration.isa = try OptionValue.isa(text) }
        if let text = parsed.last("--memory") {
            let size = try OptionValue.size(text, option: "--memory")
            guard size >= 1 << 20, size <= 3 << 30 else {
                throw OptionParser.Failure(message: "--memory must be between 1M and 3G")
            }
            configuration.memoryLimit = size
        }
        if let text = parsed.last("--timeout") { configuration.timeout = try OptionValue.seconds(text, option: "--timeout") }
        if let text = parsed.last("--max-fds") {
            let count = try OptionValue.integer(text, option: "--max-fds")
            guard count >= 3, count <= 65536 else { throw OptionParser.Failure(message: "--max-fds must be between 3 and 65536") }
            configuration.maxFileDescriptors = Int(count)
        }
        if let text = parsed.last("--pids-limit") {
            let count = try OptionValue.integer(text, option: "--pids-limit")
            guard count >= 1, count <= 65536 else { throw OptionParser.Failure(message: "--pids-limit must be between 1 and 65536") }
            configuration.pidsLimit = Int(count)
        }
        if let text = parsed.last("--max-write") { configuration.maxWriteBytes = try OptionValue.size(text, option: "--max-write") }
        if let text = parsed.last("--max-files") {
            let count = try OptionValue.integer(text, option: "--max-files")
            guard count <= 1 << 30 else { throw OptionParser.Failure(message: "--max-files must be at most 2^30") }
            configuration.maxFiles = Int(count)
        }
        if let name = parsed.last("--hostname") {
            guard !name.isEmpty, name.utf8.count <= 64 else { throw OptionParser.Failure(message: "--hostname must be 1 to 64 bytes") }
            configuration.hostname = name
        }
        if let text = parsed.last("--user") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, let uid = UInt32(parts[0]), let gid = parts.count == 2 ? UInt32(parts[1]) : uid else {
                throw OptionParser.Failure(message: "--user expects UID[:GID], got '\(text)'")
            }
            configuration.uid = uid
            configuration.gid = gid
        }
        configuration.deterministic = parsed.flag("--deterministic")
        if let text = parsed.last("--seed") { configuration.seed = try OptionValue.integer(text, option: "--seed") }
        configuration.strace = parsed.flag("--strace") || parsed.flag("--strace-file")
        for name in parsed.all("--deny-syscall") {
            guard let call = LinuxSyscall(name: name) else { throw OptionParser.Failure(message: "--deny-syscall: no riscv32 syscall named '\(name)'") }
            configuration.policy.denied.insert(call)
        }
        for name in parsed.all("--allow-syscall") {
            guard let call = LinuxSyscall(name: name) else { throw OptionParser.Failure(message: "--allow-syscall: no riscv32 syscall named '\(name)'") }
            configuration.policy.allowed.insert(call)
        }
        if let text = parsed.last("--deny-action") {
            guard let action = SyscallPolicy.Action(rawValue: text) else {
                throw OptionParser.Failure(message: "--deny-action expects errno or kill, got '\(text)'")
            }
            configuration.policy.action = action
        }
        return configuration
    }

    /// Runs a loaded program and reports its outcome.
    static func run(
        _ elf: ELFFile, path: String, configuration: LinuxConfiguration, parsed: OptionParser.Parsed, diagnostics: RunDiagnostics
    ) -> Int32 {
        let process: LinuxProcess
        do {
            process = try LinuxProcess(elf: elf, configuration: configuration)
        } catch {
            Console.error("emu: \(path): \(error)\n")
            return ExitStatus.cannotRun
        }
        let executablePath = DebugCommand.absolutePath(path)
        if let status = SandboxLaunch.seal() { return status }
        if let text = parsed.last("--gdb") {
            // Serve gdb instead of running freely (the debugger owns the process from here).
            guard let port = UInt16(text) else {
                interface.fail("--gdb expects a TCP port number (0 to 65535), got '\(text)'")
                return ExitStatus.usage
            }
            return DebugCommand.serveGDB(
                process, path: path, port: port, historyLimit: 256 << 20, relaunch: DebugCommand.relauncher(elf, configuration),
                executablePath: executablePath)
        }
        // Ctrl-C, a supervisor's SIGTERM, a terminal resize reach the guest as its signals;
        // the guest starts with emu's own mask and ignored signals, as execve passes them on.
        process.adoptHostSignalState()
        let start = HostClock.monotonicNanoseconds()
        diagnostics.attach(to: process)
        let recorder = diagnostics.recordDescriptor.map { RunRecorder(process: process, fd: $0, programPath: path) }
        let outcome = diagnostics.trace.map { InstructionTracer(process: process, options: $0).run() } ?? recorder?.run() ?? process.run()
        if let error = recorder?.writeError { Console.error("emu: --record: writing the recording failed: \(String(cString: strerror(error)))\n") }
        let elapsed = Double(HostClock.monotonicNanoseconds() - start) / 1e9
        // A forked guest child reports only faults: a signal sent by a guest is its
        // parent's to notice (a shell prints it), and one summary of --stats is init's.
        if process.guestPid == 1 || { if case .signaled(_, _?) = outcome { true } else { false } }() {
            report(outcome, process: process, path: path)
        }
        RunReport.recordOutcome(outcome, process: process)
        if parsed.flag("--stats"), process.guestPid == 1 {
            let count = process.instructionsRetired
            let mips = elapsed > 0 ? Double(count) / elapsed / 1e6 : 0
            Console.error("emu: \(count) instructions retired in \(Format.fixed(elapsed, 3)) s (\(Format.fixed(mips, 1)) MIPS)\n")
        }
        return outcome.exitStatus
    }

    /// Prints the one diagnostic for an outcome that was not a normal exit.
    static func report(_ outcome: ProcessOutcome, process: LinuxProcess, path: String) {
        switch outcome {
        case .exited: break
        case .instructionLimit:
            Console.error("emu: \(path): stopped after \(process.instructionsRetired) instructions (--max-insns)\n")
        case .timeLimit:
            Console.error("emu: \(path): stopped by --timeout after \(process.instructionsRetired) instructions\n")
        case .signaled(let signal, let trap):
            Console.error(FaultReport.describe(signal: signal, trap: trap, machine: process.machine, elf: process.elf, path: path))
        }
    }
}
