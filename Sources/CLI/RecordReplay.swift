import Emu
import Glibc

extension ExitStatus {
    /// `--replay`: the run left the recording (another instruction count, pc or stop, or a
    /// different final state).
    static let replayDiverged: Int32 = 123
}

/// The command-line side of record and replay: `emu run --record FILE` (the file is opened
/// before the jail, as `--strace-file` is), `emu run --replay FILE [PROGRAM]` (optionally
/// with `--gdb PORT`) and `emu debug --replay FILE [PROGRAM]`.
enum RecordReplay {
    /// A process rebuilt from a recording, with its player.
    struct Replay {
        let recording: Recording
        let process: LinuxProcess
        let player: RecordingPlayer
        let elf: ELFFile
        let path: String
    }

    struct Failure: Error {
        let status: Int32
        let message: String
    }

    /// Opens `--record`'s file before the jail (nil without `--record`).
    static func openRecordFile(_ parsed: OptionParser.Parsed) throws(OptionParser.Failure) -> Int32? {
        guard let path = parsed.last("--record") else { return nil }
        for option in ["--gdb", "--trace", "--trace-file", "--trace-filter", "--replay"] where parsed.last(option) != nil || parsed.flag(option) {
            throw OptionParser.Failure(message: "--record cannot be combined with \(option)")
        }
        return try InheritedOutputFile.open(path, variable: "EMU_RECORD_FD", option: "--record").get()
    }

    /// Reads and parses a recording file; every failure is a message (exit status 126).
    static func load(_ path: String) throws(Failure) -> Recording {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw Failure(status: code == ENOENT ? ExitStatus.notFound : ExitStatus.cannotRun,
                          message: "emu: --replay: cannot open \(path): \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw Failure(status: ExitStatus.cannotRun, message: "emu: --replay: \(path): not a regular file")
        }
        guard Int(status.st_size) <= RecordingFormat.maxFileSize else {
            throw Failure(status: ExitStatus.cannotRun, message: "emu: --replay: \(path): too large for a recording (\(status.st_size) bytes)")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            done += count
        }
        do {
            return try Recording.parse(Array(bytes.prefix(done)))
        } catch {
            throw Failure(status: ExitStatus.cannotRun, message: "emu: --replay: \(path): \(error.message)")
        }
    }

    /// Loads a recording and rebuilds its process: the program named on the command line or
    /// in the header, with the header's arguments, environment, memory limit and ISA.
    static func prepare(_ file: String, program: String?, standardStreams: [Int32]? = nil) throws(Failure) -> Replay {
        let recording = try load(file)
        let header = recording.header
        let path = program ?? header.programPath
        let elf: ELFFile
        do {
            elf = try ProgramFile.load(path)
        } catch {
            throw Failure(status: error.status, message: error.message)
        }
        var configuration = LinuxConfiguration(arguments: header.arguments)
        configuration.environment = header.environment
        guard header.memoryLimit >= 1 << 20, header.memoryLimit <= 3 << 30 else {
            throw Failure(status: ExitStatus.cannotRun, message: "emu: --replay: \(file): memory limit \(header.memoryLimit) out of range")
        }
        configuration.memoryLimit = header.memoryLimit
        configuration.isa = header.isa
        if let standardStreams { configuration.standardStreams = standardStreams }
        let process: LinuxProcess
        do {
            process = try LinuxProcess(elf: elf, configuration: configuration)
        } catch {
            throw Failure(status: ExitStatus.cannotRun, message: "emu: \(path): \(error)")
        }
        do {
            let player = try RecordingPlayer(recording: recording, process: process)
            return Replay(recording: recording, process: process, player: player, elf: elf, path: path)
        } catch {
            throw Failure(status: ExitStatus.cannotRun, message: "emu: --replay: \(file): \(error.message)")
        }
    }

    /// `emu run --replay FILE [PROGRAM]`: replays to the recorded end and exits with the
    /// recorded status (123 when the replay diverges).
    static func run(_ parsed: OptionParser.Parsed) -> Int32 {
        let file = parsed.last("--replay")!
        for option in ["--record", "--trace", "--trace-file", "--strace", "--strace-file"] where parsed.last(option) != nil || parsed.flag(option) {
            Interfaces.run.fail("--replay cannot be combined with \(option) (the system calls are not made again)")
            return ExitStatus.usage
        }
        let replay: Replay
        do {
            replay = try prepare(file, program: parsed.positional.first)
        } catch {
            Console.error(error.message + "\n")
            return error.status
        }
        if let text = parsed.last("--gdb") {
            guard let port = UInt16(text) else {
                Interfaces.run.fail("--gdb expects a TCP port number (0 to 65535), got '\(text)'")
                return ExitStatus.usage
            }
            return DebugCommand.serveGDB(replay.process, path: replay.path, port: port, historyLimit: 256 << 20, recording: replay.player)
        }
        let start = HostClock.monotonicNanoseconds()
        let outcome: ProcessOutcome?
        do {
            outcome = try replay.player.run()
        } catch {
            Console.error("emu: --replay: \(error)\n")
            return ExitStatus.replayDiverged
        }
        let elapsed = Double(HostClock.monotonicNanoseconds() - start) / 1e9
        if parsed.flag("--stats") {
            let count = replay.process.machine.hart.instret
            let mips = elapsed > 0 ? Double(count) / elapsed / 1e6 : 0
            Console.error("emu: \(count) instructions replayed in \(Format.fixed(elapsed, 3)) s (\(Format.fixed(mips, 1)) MIPS)\n")
        }
        guard let outcome else {
            Console.error("emu: --replay: \(replay.player.endedEarlyMessage) at instruction \(replay.process.machine.hart.instret); the state there matches\n")
            return 0
        }
        RunCommand.report(outcome, process: replay.process, path: replay.path)
        return outcome.exitStatus
    }
}
