import Foundation
import TestSupport
import Testing

/// `emu run --record` / `--replay` and `emu debug --replay`: a recorded run of a program
/// whose output and instruction count depend on stdin, the clocks and getrandom replays in
/// another process with the same output, status and count; a damaged or mismatched file is
/// refused; the debugger and gdb work over a recording.
@Suite struct RecordReplayTests {
    static let picolibc = "programs/bin/record/inputs-picolibc"
    static let musl = "programs/bin/record/inputs-musl"

    /// A fresh path for a recording; the caller removes it.
    func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("emu-rec-\(UUID().uuidString)-\(name)").path
    }

    func emu(_ arguments: [String], input: String = "") throws -> ProcessResult {
        try EmuBinary.run(arguments, input: Array(input.utf8), currentDirectory: Paths.packageRoot)
    }

    /// The count in `--stats`' line ("emu: N instructions ...").
    func instructions(_ stderr: String) -> UInt64? {
        stderr.split(separator: "\n").first { $0.hasPrefix("emu: ") && $0.contains(" instructions ") }
            .flatMap { UInt64($0.dropFirst(5).prefix { $0.isNumber }) }
    }

    /// Standard error without `--stats`' line.
    func withoutStats(_ stderr: String) -> String {
        stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains(" instructions ") }.joined(separator: "\n")
    }

    /// Records a run of `program` (under the default jail) and returns the live result.
    func record(_ program: String, to file: String, input: String) throws -> ProcessResult {
        try emu(["run", "--record", file, "--stats", program], input: input)
    }

    @Test(arguments: [picolibc, musl])
    func recordedRunReplaysInAnotherProcess(program: String) throws {
        let file = temporaryFile("run.rec")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let input = "first line of input\nsecond\n"
        let live = try record(program, to: file, input: input)
        #expect(live.status == 3, "\(live.stderrText)")
        #expect(live.stdoutText.contains("first line 'first line of input'"), "\(live.stdoutText)")
        // Another live run differs (new random bytes and times): the replay below is not
        // the program repeating itself.
        let other = try emu(["run", program], input: input)
        #expect(other.stdoutText != live.stdoutText)

        let replay = try emu(["run", "--replay", file, "--stats"])
        #expect(replay.status == 3, "\(replay.stderrText)")
        #expect(replay.stdoutText == live.stdoutText)
        #expect(withoutStats(replay.stderrText) == withoutStats(live.stderrText))
        let recorded = instructions(live.stderrText), replayed = instructions(replay.stderrText)
        #expect(recorded != nil && recorded == replayed, "live: \(live.stderrText)\nreplay: \(replay.stderrText)")
        // Given the program explicitly, too.
        let explicit = try emu(["run", "--replay", file, program])
        #expect(explicit.status == 3 && explicit.stdoutText == live.stdoutText)
    }

    /// Signals: handlers and their frames (the trampoline page too), faults delivered to
    /// handlers and fatal ones, and host-clock timers that fire between instructions (stops
    /// of kind "between instructions", replayed at their exact count).
    @Test(arguments: ["sighandlers", "sigfaults", "sigtimers"])
    func signalProgramsReplay(program: String) throws {
        let file = temporaryFile("\(program).rec")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let path = "programs/bin/signals/" + program
        let live = try record(path, to: file, input: "")
        let replay = try emu(["run", "--replay", file, "--stats"])
        #expect(replay.status == live.status, "\(replay.stderrText)")
        #expect(replay.stdoutText == live.stdoutText)
        #expect(withoutStats(replay.stderrText) == withoutStats(live.stderrText))
        #expect(instructions(replay.stderrText) == instructions(live.stderrText))
    }

    /// Each kind of bad file gets its message and status 126; a consistent file that
    /// leads the run elsewhere is a divergence (123).
    @Test func damagedAndMismatchedFilesAreRefused() throws {
        let file = temporaryFile("good.rec")
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try record(Self.picolibc, to: file, input: "x\n")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(bytes.count > 200)
        var altered = bytes
        altered[bytes.count / 2] ^= 0x10
        let cases: [(name: String, bytes: [UInt8], message: String)] = [
            ("truncated", Array(bytes.prefix(bytes.count - 40)), "truncated"),
            ("altered", altered, "corrupt (checksum mismatch"),
            ("empty", [], "the file is empty"),
            ("text", Array("just some text\n".utf8), "not an emu recording"),
            ("elf", try [UInt8](Data(contentsOf: URL(fileURLWithPath: Paths.packageRoot + "/programs/bin/hello.elf"))), "not an emu recording"),
        ]
        for bad in cases {
            let path = temporaryFile(bad.name)
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Data(bad.bytes).write(to: URL(fileURLWithPath: path))
            let result = try emu(["run", "--replay", path])
            #expect(result.status == 126, "\(bad.name): \(result.stderrText)")
            #expect(result.stderrText.contains(bad.message), "\(bad.name): \(result.stderrText)")
            #expect(result.stdout.isEmpty, "\(bad.name): nothing replayed")
        }
        // The right recording for another program.
        let foreign = try emu(["run", "--replay", file, "programs/bin/hello.elf"])
        #expect(foreign.status == 126)
        #expect(foreign.stderrText.contains("made with another program"), "\(foreign.stderrText)")
        // A valid file (checksum recomputed) whose first stop is at another pc.
        let forged = RecordingBytes.movingFirstStop(bytes, pcBy: 4)
        let path = temporaryFile("forged")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(forged).write(to: URL(fileURLWithPath: path))
        let diverged = try emu(["run", "--replay", path])
        #expect(diverged.status == 123, "\(diverged.stderrText)")
        #expect(diverged.stderrText.contains("replay diverged at instruction "), "\(diverged.stderrText)")
    }

    /// The debugger over a recording: continue to the end, reverse-continue to the start,
    /// forwards again to the same end; a breakpoint at main (from the ELF's symbol table,
    /// read with nm) stops there after going back.
    @Test(.enabled(if: Oracle.available("riscv64-unknown-elf-nm")))
    func debuggerReplaysARecording() throws {
        guard let nm = try Oracle.require("riscv64-unknown-elf-nm") else { return }
        let main = try symbolAddress(nm, "main", in: Self.picolibc)
        let file = temporaryFile("debug.rec")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let live = try record(Self.picolibc, to: file, input: "typed\n")
        let count = try #require(instructions(live.stderrText))
        let result = try emu(["debug", "--replay", file], input: "c\nrc\nb main\nc\nrs\nc\nc\nq\n")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        let exits = lines.filter { $0.hasPrefix("stopped: exited with status 3") }
        #expect(exits.count == 2, "\(result.stdoutText)\n\(result.stderrText)")
        #expect(exits.allSatisfy { $0.hasSuffix("instret=\(count)") }, "the recorded count each time: \(exits)")
        #expect(lines.contains { $0.hasPrefix("stopped: reached the start of the recorded history") })
        let hex = String(format: "0x%08x", main)
        #expect(lines.contains { $0.hasPrefix("stopped: breakpoint 1 at \(hex)") }, "\(result.stdoutText)")
        // The guest's output, once (the first continue), from the recording.
        #expect(result.stdoutText.components(separatedBy: "first line 'typed'").count == 2, "\(result.stdoutText)")
        #expect(result.status == 3)
    }

    /// The debugger over a recording with host-clock timer signals (stops between
    /// instructions): the stops after reverse-continue to the start are the stops of the
    /// first pass, at the same counts, and the exit is at the recorded count.
    @Test func debuggerReplaysTimerSignalsTheSameWayTwice() throws {
        let file = temporaryFile("timers.rec")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let live = try record("programs/bin/signals/sigtimers", to: file, input: "")
        let count = try #require(instructions(live.stderrText))
        let forwards = String(repeating: "c\n", count: 40)
        let result = try emu(["debug", "--replay", file], input: forwards + "rc\n" + forwards + "q\n")
        let stops = result.stdoutText.split(separator: "\n").filter { $0.hasPrefix("stopped: ") }.map(String.init)
        let start = try #require(stops.firstIndex { $0.hasPrefix("stopped: reached the start") }, "\(result.stdoutText)")
        let first = Array(stops[..<start]), second = Array(stops[(start + 1)...])
        #expect(first.count > 5, "the timers' handlers stop the debugger on their return: \(first)")
        #expect(first == second)
        #expect(first.last?.hasPrefix("stopped: exited with status 0") == true && first.last?.hasSuffix("instret=\(count)") == true,
                "\(first.last ?? "")")
    }

    /// gdb-multiarch over `emu debug --replay FILE --gdb 0` and `emu run --replay FILE --gdb
    /// 0`: a breakpoint at main's address (nm), stepi, reverse-stepi back to it, and
    /// continue to the recorded exit status.
    @Test(
        .enabled(if: Oracle.available("gdb-multiarch") && Oracle.available("riscv64-unknown-elf-nm")),
        arguments: [["debug"], ["run"]])
    func gdbOverARecording(command: [String]) throws {
        guard let gdb = try Oracle.require("gdb-multiarch"), let nm = try Oracle.require("riscv64-unknown-elf-nm") else { return }
        let main = try symbolAddress(nm, "main", in: Self.picolibc)
        let file = temporaryFile("gdb.rec")
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try record(Self.picolibc, to: file, input: "for gdb\n")
        let launch = try GDBServerLaunch.start(emuArguments: command + ["--replay", file, "--gdb", "0"])
        defer { launch.stop() }
        let script = """
            set pagination off
            set confirm off
            target remote :\(launch.port)
            break *0x\(String(main, radix: 16))
            continue
            p/x $pc
            stepi
            stepi
            p/x $pc
            reverse-stepi
            reverse-stepi
            p/x $pc
            delete
            continue
            """
        let scriptFile = temporaryFile("session.gdb")
        try script.write(toFile: scriptFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: scriptFile) }
        let result = try ProcessRunner.run(gdb, ["-nx", "-batch", "-x", scriptFile, Self.picolibc], currentDirectory: Paths.packageRoot)
        let text = result.stdoutText
        launch.stop(waiting: 10)
        let values = text.split(separator: "\n").filter { $0.hasPrefix("$") }.compactMap { line in
            line.split(separator: "0x").last.flatMap { UInt32($0, radix: 16) }
        }
        #expect(values.count == 3, "\(text)\n\(result.stderrText)")
        if values.count == 3 {
            #expect(values[0] == main, "stopped at main's address")
            #expect(values[1] > main && values[1] - main <= 8, "two instructions on")
            #expect(values[2] == main, "reverse-stepi went back to main")
        }
        #expect(text.contains("in main ()"), "\(text)")
        #expect(text.contains("exited with code 03"), "\(text)\n\(result.stderrText)")
        #expect(launch.process.terminationStatus == 3)
    }

    /// A guest that forks (clone allowed by --allow-syscall) ends the recording there: the
    /// live run goes on, the file says where it ends, and replay stops at that ecall with
    /// the state matching and the output written before it.
    @Test func cloneEndsTheRecording() throws {
        let file = temporaryFile("clone.rec")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let live = try emu(["run", "--allow-syscall", "clone", "--record", file, "programs/bin/userland/proctree"])
        #expect(live.status == 0, "\(live.stderrText)")
        #expect(live.stderrText.contains("emu: --record: the recording ends at clone (instruction "), "\(live.stderrText)")
        #expect(live.stdoutText.contains("waited pid="), "the run went on past the clone")
        let replay = try emu(["run", "--replay", file])
        #expect(replay.status == 0, "\(replay.stderrText)")
        #expect(replay.stderrText.contains("the recording ends here, at system call clone"), "\(replay.stderrText)")
        #expect(replay.stdoutText == "root pid=1 ppid=0 pgid=1 sid=1\n", "\(replay.stdoutText)")
    }

    func symbolAddress(_ nm: String, _ name: String, in program: String) throws -> UInt32 {
        let listing = try ProcessRunner.run(nm, [program], currentDirectory: Paths.packageRoot).stdoutText
        let line = try #require(listing.split(separator: "\n").first { $0.hasSuffix(" T \(name)") })
        return try #require(UInt32(line.prefix { $0 != " " }, radix: 16))
    }
}

/// Edits of a recording's bytes for tests (the layout is RecordingFormat's).
enum RecordingBytes {
    /// Moves the first stop record's pc by `delta` and recomputes the trailer's checksum.
    static func movingFirstStop(_ bytes: [UInt8], pcBy delta: UInt32) -> [UInt8] {
        var body = Array(bytes.dropLast(9))
        let headerLength = Int(u32(body, 13))
        let stop = 12 + 5 + headerLength  // the first stop record's tag
        let pcOffset = stop + 5 + 8
        let pc = u32(body, pcOffset) &+ delta
        for index in 0..<4 { body[pcOffset + index] = UInt8(truncatingIfNeeded: pc >> (8 * UInt32(index))) }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in body { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return body + [0xFF] + (0..<8).map { UInt8(truncatingIfNeeded: hash >> (8 * UInt64($0))) }
    }

    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }
}
