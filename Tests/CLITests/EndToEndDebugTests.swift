import Foundation
import TestSupport
import Testing

/// `emu debug`: batch mode, the TUI's screens (rendered to text with `--screen`, compared
/// with golden screens), the real TUI in tmux, and a real gdb-multiarch session against
/// `emu run --gdb`.
@Suite struct EndToEndDebugTests {
    static let hello = "programs/bin/hello.elf"

    func debug(_ commands: String, _ arguments: [String]) throws -> ProcessResult {
        try EmuBinary.run(["debug"] + arguments, input: Array(commands.utf8), currentDirectory: Paths.packageRoot)
    }

    @Test func batchPrintsEachStop() throws {
        let result = try debug(
            "b main\nc\nn\nw sp+28\nc\nrs\nrc\nq\n", ["--deterministic", Self.hello, "Alice"])
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains("breakpoint 1 at 0x00010118 <main>"), "\(result.stdoutText)")
        #expect(lines.contains { $0.hasPrefix("stopped: breakpoint 1 at 0x00010118  pc=0x00010118 <main>  add sp,sp,-32") })
        #expect(lines.contains { $0.hasPrefix("stopped: stepped  pc=0x0001011c <main+4>  sw s1,20(sp)") })
        // sw ra,28(sp) at main+20 writes the watched word; the stop is after it.
        #expect(lines.contains { $0.hasPrefix("stopped: watchpoint 2 write at 0x1000ff1c  pc=0x00010130 <main+24>") })
        #expect(lines.contains { $0.hasPrefix("stopped: stepped  pc=0x0001012c <main+20>  sw ra,28(sp)") })
        #expect(lines.contains { $0.hasPrefix("stopped: breakpoint 1 at 0x00010118  pc=0x00010118 <main>") && $0.hasSuffix("instret=124") })
        #expect(result.status == 0)
    }

    /// Going back over the guest's writes and forwards again replays them from the log:
    /// the host sees the output once.
    @Test func replayDoesNotWriteOutputTwice() throws {
        let result = try debug("c\nrs 100000\nc\nrs 50\nc\nq\n", ["--deterministic", Self.hello, "Alice"])
        #expect(result.stdoutText.components(separatedBy: "Hello, Alice!").count == 2, "\(result.stdoutText)")
        let exits = result.stdoutText.split(separator: "\n").filter { $0.hasPrefix("stopped: exited with status 0") }
        #expect(exits.count == 3, "\(result.stdoutText)")
        #expect(Set(exits.map { $0.split(separator: " ").last ?? "" }).count == 1, "the same end each time")
        #expect(result.stdoutText.contains("reached the start of the recorded history  pc=0x0001020c <_start>"))
    }

    /// A signal handler's return to the sigreturn trampoline is not a fault to stop at (it
    /// stopped every program with handlers as "SIGSEGV at 0x0f80f000"): `c` runs the signal
    /// program to its end, printing what `emu run` prints, and reverse execution back over
    /// handler returns and forwards again reaches the same end.
    @Test func signalHandlerReturnsAreNotFaults() throws {
        let program = "programs/bin/signals/sighandlers"
        let run = try EmuBinary.run(["run", "--deterministic", program], currentDirectory: Paths.packageRoot)
        #expect(run.status == 134, "\(run.stderrText)")
        let result = try debug("c\nrs 30000\nc\nq\n", ["--deterministic", program])
        #expect(!result.stdoutText.contains("instructionAccessFault"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains(run.stdoutText), "the guest's output as under emu run")
        let ends = result.stdoutText.split(separator: "\n").filter { $0.hasPrefix("stopped: killed by SIGABRT") }
        #expect(ends.count == 2 && Set(ends).count == 1, "\(result.stdoutText)")
        #expect(result.stdoutText.contains("stopped: stepped"), "\(result.stdoutText)")
    }

    /// `rw` sets a read watchpoint; `rc` goes back to the last read before now, stopping
    /// before the reading instruction as going forwards does (main's `lw a0,4(a1)` of argv[1]).
    @Test func reverseContinueFindsTheLastRead() throws {
        let result = try debug("b main\nc\nrw $a1+4\nc\nb exit\nc\nrc\ni\nq\n", ["programs/bin/exitcode.elf", "7"])
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        let reads = lines.filter { $0.hasPrefix("stopped: watchpoint 2 read at ") }
        #expect(reads.count == 2 && reads[0] == reads[1], "forwards and backwards at the same read:\n\(result.stdoutText)")
        #expect(reads.first?.contains("lw a0,4(a1)") == true, "\(result.stdoutText)")
        #expect(lines.contains { $0.hasPrefix("stopped: breakpoint 3 at ") && $0.contains("<exit>") }, "\(result.stdoutText)")
        #expect(lines.contains("2: read watchpoint 4 bytes at " + (reads.first?.split(separator: " ")[5] ?? "")), "\(result.stdoutText)")
    }

    /// The issue's case: with history far smaller than the run (256K holds less than
    /// sorthash's first checkpoint), reverse execution still reaches the first instruction:
    /// checkpoints are thinned, the start and the recent past are never dropped.
    @Test func smallHistoryStillReachesTheStart() throws {
        let result = try debug("c\nrs 1000\nrs 100000000\nc\nq\n", ["--history", "256K", "programs/bin/sorthash.elf", "20000"])
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        let end = try #require(lines.first { $0.hasPrefix("stopped: exited with status 0") }, "\(result.stdoutText)")
        let count = try #require(end.split(separator: "=").last.flatMap { UInt64($0) })
        #expect(count > 10_000_000)
        #expect(lines.contains { $0.hasPrefix("stopped: stepped") && $0.hasSuffix("instret=\(count - 999)") }, "\(result.stdoutText)")
        #expect(lines.contains { $0.hasPrefix("stopped: reached the start of the recorded history") && $0.hasSuffix("instret=0") })
        #expect(lines.filter { $0 == end }.count == 2, "forwards again to the same end")
    }

    /// The issue's history test: a real workload of more than 10^8 instructions (sorthash
    /// 150000: 115,337,577) under the default `--history`, back to its first instruction
    /// and forwards again over the whole run, reaches the same end, and a state in the
    /// middle reached the same way before and after is identical, every register.
    @Test func wholeRunOfAHundredMillionInstructionsStaysReachable() throws {
        let result = try debug("c\nrs 60000000\nregs\nrs 100000000\nc\nrs 60000000\nregs\nq\n", ["programs/bin/sorthash.elf", "150000"])
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        let ends = lines.filter { $0.hasPrefix("stopped: exited with status 0") }
        #expect(ends.count == 2 && Set(ends).count == 1, "\(result.stdoutText)")
        let count = try #require(ends.first?.split(separator: "=").last.flatMap { UInt64($0) })
        #expect(count > 100_000_000)
        #expect(lines.contains { $0.hasPrefix("stopped: reached the start of the recorded history") && $0.hasSuffix("instret=0") })
        // The two register dumps (after each `rs 60000000`), from the line after `regs`.
        let dumps = lines.indices.filter { lines[$0] == "(emu) regs" }.map { lines[($0 + 1)...].prefix { !$0.hasPrefix("(emu)") } }
        #expect(dumps.count == 2 && dumps[0].count > 8 && Array(dumps[0]) == Array(dumps[1]), "\(result.stdoutText)")
        #expect(dumps.first?.last?.hasSuffix("instret \(count - 60_000_000 + 1)") == true, "\(result.stdoutText)")
    }

    /// `p SYMBOL` of a 4-byte data object prints what it holds: sorthash.c initialises
    /// `lcg_state` to 12345 (the source is the oracle), and main's generator changes it.
    @Test func printShowsADataSymbolsValue() throws {
        let result = try debug("p lcg_state\nb insertion_sort\nc\np lcg_state\nq\n", ["programs/bin/sorthash.elf", "300"])
        let lines = result.stdoutText.split(separator: "\n").filter { $0.contains("lcg_state = ") }
        #expect(lines.count == 2, "\(result.stdoutText)")
        #expect(lines.first?.contains("lcg_state = 12345 (0x00003039) at 0x") == true, "\(result.stdoutText)")
        #expect(lines.last?.contains("lcg_state = 12345 ") == false, "the records were generated")
    }

    @Test func batchFileRunsToExitAndReportsFaults() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("emu-debug-\(UUID().uuidString).txt")
        try "c\nc\n".write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let result = try debug("", ["--batch", script.path, "programs/bin/nullderef.elf"])
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("stopped: fault SIGSEGV (loadAccessFault)") }, "\(result.stdoutText)")
        #expect(lines.contains { $0.hasPrefix("stopped: killed by SIGSEGV") })
        #expect(result.status == 139)
        #expect(result.stdoutText.contains("before null dereference"))
    }

    @Test func badCommandsAreReportedAndSkipped() throws {
        let result = try debug("b nosuchsymbol\nfrobnicate\nset x0 1\nc\n", ["programs/bin/exitcode.elf", "3"])
        #expect(result.stdoutText.contains("error: b expects an address or symbol"))
        #expect(result.stdoutText.contains("error: unknown command 'frobnicate'"))
        #expect(result.stdoutText.contains("error: zero (x0) cannot be changed"))
        #expect(result.stdoutText.contains("stopped: exited with status 3"))
        #expect(result.status == 3)
    }

    // MARK: - Golden screens

    static let screen80x24 = """
         emu debug  hello.elf                                            ? help  q quit
        ─ Disassembly ───────────────────────────────────│─ Registers ──────────────────
           00010114 <exit+44>          jal 1034c <_exit> │ zero 00000000 a6   00000000
        ●  00010118 <main>             add sp,sp,-32     │ ra   00010250 a7   00016140
           0001011c <main+4>           sw s1,20(sp)      │ sp   1000ff00 s2   1000ff30
           00010120 <main+8>           sw s2,16(sp)      │ gp   00016804 s3   1000ff20
         > 00010124 <main+12>          sw s3,12(sp)      │ tp   00016140 s4   00000000
           00010128 <main+16>          sw s4,8(sp)       │ t0   00016118 s5   00000000
           0001012c <main+20>          sw ra,28(sp)      │ t1   0000000f s6   00000000
           00010130 <main+24>          sw s0,24(sp)      │ t2   00000000 s7   00000000
           00010134 <main+28>          li s3,1           │ s0   00000002 s8   00000000
           00010138 <main+32>          mv s4,a0          │ s1   1000ff24 s9   00000000
           0001013c <main+36>          mv s1,a1          │ a0   00000002 s10  00000000
           00010140 <main+40>          mv s2,a2          │ a1   1000ff24 s11  00000000
           00010144 <main+44>          bge s3,a0,101e0 <m│ a2   1000ff30 t3   00000000
        ─ Memory 1000ff00 (sp) ──────────────────────────│─ Output ─────────────────────
        1000ff00: 00 00 00 00 00 00 00 00  ........      │
        1000ff08: 00 00 00 00 00 00 00 00  ........      │
        1000ff10: 30 ff 00 10 24 ff 00 10  0...$...      │
        1000ff18: 02 00 00 00 40 02 01 00  ....@...      │
        1000ff20: 02 00 00 00 d3 ff 00 10  ........      │
         pc 0x00010124 <main+12>  instret 127  stepped  back 127

        (emu)
        """

    static let screen110x30 = """
         emu debug  hello.elf                                                                          ? help  q quit
        ─ Disassembly ───────────────────────────────────────────│─ Registers ────────────────────────────────────────
           00010354 <_exit+8>          li a1,0                   │ zero 00000000           0 a6   00000000           0
           00010358 <_exit+12>         li a2,0                   │ ra   00010118       65816 a7   0000005e          94
           0001035c <_exit+16>         li a3,0                   │ sp   1000ff10   268500752 s2   1000ff30   268500784
           00010360 <_exit+20>         li a4,0                   │ gp   00016804       92164 s3   1000ff20   268500768
           00010364 <_exit+24>         li a5,0                   │ tp   00016140       90432 s4   00000000           0
           00010368 <_exit+28>         li a7,94                  │ t0   000147d8       83928 s5   00000000           0
         > 0001036c <_exit+32>         ecall                     │ t1   1000fee4   268500708 s6   00000000           0
           00010370 <_exit+36>         j 10350 <_exit+4>         │ t2   00000000           0 s7   00000000           0
           00010374 <sbrk>             lw a6,-1768(gp)           │ s0   00000000           0 s8   00000000           0
           00010378 <sbrk+4>           mv t1,a0                  │ s1   1000ff24   268500772 s9   00000000           0
           0001037c <sbrk+8>           bnez a6,103a8 <sbrk+52>   │ a0   00000000           0 s10  00000000           0
           00010380 <sbrk+12>          li a0,0                   │ a1   00000000           0 s11  00000000           0
           00010384 <sbrk+16>          li a1,0                   │ a2   00000000           0 t3   0001534c       86860
           00010388 <sbrk+20>          li a2,0                   │ a3   00000000           0 t4   00000000           0
           0001038c <sbrk+24>          li a3,0                   │ a4   00000000           0 t5   0000002a          42
           00010390 <sbrk+28>          li a4,0                   │ a5   00000000           0 t6   00000000           0
           00010394 <sbrk+32>          li a5,0                   │ pc   0001036c  instret 5524  cycle 5524  time 55
           00010398 <sbrk+36>          li a7,214                 │
        ─ Memory 1000ff10 (sp) ──────────────────────────────────│─ Output ───────────────────────────────────────────
        1000ff10: 30 ff 00 10 24 ff 00 10  0...$...              │ Hello, Alice!
        1000ff18: 02 00 00 00 54 02 01 00  ....T...              │ argc=2
        1000ff20: 02 00 00 00 d3 ff 00 10  ........              │ argv[0]=programs/bin/hello.elf
        1000ff28: ea ff 00 10 00 00 00 00  ........              │ argv[1]=Alice
        1000ff30: 00 00 00 00 03 00 00 00  ........              │
        1000ff38: 34 00 01 00 04 00 00 00  4.......              │
         pc 0x0001036c <_exit+32>  instret 5524  exited with status 0  back 5525

        (emu)
        """

    @Test func screenAt80x24() throws {
        let result = try debug("b main\nc\nn\ns 2\n", ["--deterministic", "--screen", "24x80", Self.hello, "Alice"])
        let screen = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).suffix(25).dropLast()
        #expect(screen.joined(separator: "\n") == Self.screen80x24)
    }

    @Test func screenAt110x30AfterExit() throws {
        let result = try debug("b main\nc\nn\ns 2\nc\n", ["--deterministic", "--screen", "30x110", Self.hello, "Alice"])
        let screen = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).suffix(31).dropLast()
        #expect(screen.joined(separator: "\n") == Self.screen110x30)
    }

    // MARK: - The real TUI in tmux

    @Test func tuiInTmux() throws {
        guard let tmux = try Oracle.require("tmux") else { return }
        let emu = try EmuBinary.path()
        // A private server socket (-S) in a directory of this test's own, removed at the end:
        // with -L the socket would stay behind in /tmp/tmux-UID.
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/tmux.socket"
        let capture = directory + "/screen.txt"
        // One shell script drives tmux, because a tmux client hands its standard streams to
        // the tmux server, which keeps them open: every tmux call's streams go to files or
        // /dev/null, so that reading this script's output ends when the script does.
        // `show KEYS TEXT` sends keys, then waits (up to 5 s) until the screen shows TEXT
        // and prints the screen after a `=== TEXT` line.
        let script = """
            T() { "\(tmux)" -S "\(socket)" -f /dev/null "$@" </dev/null >/dev/null 2>&1; }
            show() {
              [ -n "$1" ] && eval T send-keys "$1"
              i=0
              while [ $i -lt 100 ]; do
                "\(tmux)" -S "\(socket)" -f /dev/null capture-pane -p </dev/null >"\(capture)" 2>/dev/null
                grep -qF -- "$2" "\(capture)" && break
                sleep 0.05; i=$((i+1))
              done
              echo "=== $2"; cat "\(capture)"
            }
            T new-session -d -x 100 -y 30 "cd \(Paths.packageRoot) && \(emu) debug --deterministic \(Self.hello) Alice; echo EMU-EXIT=\\$?; sleep 30"
            show "" "(emu)"
            show "'b main' Enter" "breakpoint 1 at 0x00010118"
            show "c Enter" "> 00010118 <main>"
            show "F10" "> 0001011c <main+4>"
            show "c Enter" "exited with status 0"
            show "rs Enter" "[replay]"
            show "q Enter" "EMU-EXIT="
            T kill-server
            rm -f "\(capture)"
            """
        let result = try ProcessRunner.run("/bin/sh", ["-c", script], environment: ["TERM": "xterm-256color", "PATH": "/usr/bin:/bin"])
        var screens: [String: String] = [:]
        for section in result.stdoutText.components(separatedBy: "=== ").dropFirst() {
            let lines = section.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            screens[String(lines[0])] = lines.count > 1 ? String(lines[1]) : ""
        }
        for (awaited, screen) in screens {
            #expect(screen.contains(awaited), "screen never showed '\(awaited)':\n\(screen)")
        }
        #expect(screens.count == 7, "\(result.stdoutText)")
        #expect(screens["> 00010118 <main>"]?.contains("●> 00010118 <main>") == true, "breakpoint marker on the current line")
        #expect(screens["> 00010118 <main>"]?.contains("Registers") == true)
        #expect(screens["exited with status 0"]?.contains("Hello, Alice!") == true, "guest output in its pane")
        #expect(screens["EMU-EXIT="]?.contains("EMU-EXIT=0") == true)
        #expect(screens["EMU-EXIT="]?.contains("Registers") == false, "the alternate screen was left")
    }

    // MARK: - gdb-multiarch against the server

    @Test func gdbSession() throws {
        guard let gdb = try Oracle.require("gdb-multiarch") else { return }
        let launch = try GDBServerLaunch.start("programs/bin/exitcode.elf", ["7"])
        defer { launch.stop() }
        let server = launch.process, port = launch.port
        let script = """
            set pagination off
            set confirm off
            target remote :\(port)
            break main
            continue
            info registers
            x/4wx $sp
            echo STEPI\\n
            p/x $pc
            stepi
            p/x $pc
            eval "watch *(int*)0x%x", $sp-4
            continue
            echo AFTER-WATCH\\n
            p/x $pc
            reverse-stepi
            echo AFTER-REVERSE\\n
            p/x $pc
            delete
            continue
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("emu-gdb-\(UUID().uuidString).gdb")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ProcessRunner.run(
            gdb, ["-nx", "-batch", "-x", file.path, "programs/bin/exitcode.elf"], currentDirectory: Paths.packageRoot)
        let text = result.stdoutText
        launch.stop(waiting: 10)
        #expect(text.contains("Breakpoint 1, "), "\(text)\n\(result.stderrText)")
        #expect(text.contains(" in main ()"))
        #expect(text.range(of: #"sp\s+0x1000ff"#, options: .regularExpression) != nil, "info registers shows sp")
        #expect(text.range(of: #"pc\s+0x1012c"#, options: .regularExpression) != nil, "info registers shows pc at main")
        #expect(text.range(of: #"0x1000ff[0-9a-f]+:\t0x[0-9a-f]{8}\t0x[0-9a-f]{8}\t0x[0-9a-f]{8}\t0x[0-9a-f]{8}"#, options: .regularExpression) != nil, "x/4wx $sp")
        // stepi moves pc by one instruction.
        let values = text.split(separator: "\n").filter { $0.hasPrefix("$") }.compactMap { line in
            line.split(separator: "0x").last.flatMap { UInt32($0, radix: 16) }
        }
        #expect(values.count == 4, "\(text)")
        if values.count == 4 {
            #expect(values[1] == values[0] + 4 || values[1] == values[0] + 2)
            #expect(values[3] < values[2] && values[2] - values[3] <= 4, "reverse-stepi went back one instruction")
        }
        #expect(text.contains("Hardware watchpoint 2"), "a real (Z2) watchpoint, not a software one")
        #expect(text.contains("Old value = ") && text.contains("New value = "))
        #expect(text.contains("exited with code 07"), "W packet with the guest's status")
        #expect(server.terminationStatus == 7)
    }

    // MARK: - gdb's own software watchpoints as the oracle

    /// Runs gdb-multiarch in batch mode with `commands` (after `target remote`) against
    /// `emu run --gdb 0 PROGRAM ARGS`; returns gdb's standard output, then its errors.
    func gdbBatch(_ gdb: String, _ commands: [String], program: String, arguments: [String]) throws -> String {
        let launch = try GDBServerLaunch.start(program, arguments)
        defer { launch.stop() }
        let port = launch.port
        let script = (["set pagination off", "set confirm off", "target remote :\(port)"] + commands + ["kill"]).joined(separator: "\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("emu-gdb-\(UUID().uuidString).gdb")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ProcessRunner.run(gdb, ["-nx", "-batch", "-x", file.path, program], currentDirectory: Paths.packageRoot)
        // gdb writes what the target says (monitor output) to its error stream.
        return result.stdoutText + "\n" + result.stderrText
    }

    /// The lines of a gdb transcript that say where it stopped: `$n = pc` values and the
    /// frame lines, with the watchpoint's kind (hardware or software) left out.
    func stops(_ transcript: String) -> [String] {
        transcript.split(separator: "\n").map(String.init).filter { $0.hasPrefix("$") || $0.hasPrefix("#0") || $0.hasPrefix("MARK") }
    }

    /// A write watchpoint stops where gdb's own software watchpoint (single-stepping and
    /// comparing the value) stops: the same pc and frame after each write, forwards and
    /// after reverse-continue. The expected stops come from gdb, not from emu's output.
    @Test func gdbWatchpointsStopWhereSoftwareWatchpointsStop() throws {
        guard let gdb = try Oracle.require("gdb-multiarch") else { return }
        let session = [
            "break main", "continue",
            "eval \"watch *(int*)0x%x\", $sp-4",
            "continue", "echo MARK first write\\n", "p/x $pc", "bt 1",
            "continue", "echo MARK second write\\n", "p/x $pc", "bt 1",
            "reverse-continue", "echo MARK reverse\\n", "p/x $pc", "bt 1",
        ]
        let hardware = try gdbBatch(gdb, session, program: "programs/bin/exitcode.elf", arguments: ["7"])
        let software = try gdbBatch(gdb, ["set can-use-hw-watchpoints 0"] + session, program: "programs/bin/exitcode.elf", arguments: ["7"])
        #expect(hardware.contains("Hardware watchpoint 2"), "\(hardware)")
        #expect(software.contains("\nWatchpoint 2") || software.hasPrefix("Watchpoint 2"), "\(software)")
        let expected = stops(software)
        #expect(expected.filter { $0.hasPrefix("$") }.count == 3, "\(software)")
        #expect(stops(hardware) == expected, "\(hardware)\n--- software:\n\(software)")
    }

    /// The address of exitcode.elf's `lw a0,4(a1)` in main (its load of argv[1]), from
    /// objdump's listing, not from emu; nil when objdump is missing (and oracles optional).
    static func argvLoadAddress() throws -> UInt32? {
        guard let objdump = try Oracle.require("riscv64-unknown-elf-objdump") else { return nil }
        let listing = try ProcessRunner.run(objdump, ["-d", "programs/bin/exitcode.elf"], currentDirectory: Paths.packageRoot).stdoutText
        let load = try #require(listing.split(separator: "\n").first { $0.contains("lw\ta0,4(a1)") }, "main loads argv[1]")
        return try #require(UInt32(load.split(separator: ":")[0].trimmingCharacters(in: .whitespaces), radix: 16))
    }

    /// reverse-continue to a read watchpoint lands on the reading instruction (gdb steps
    /// back over a nonsteppable watchpoint's report): from `exit`, back to main's
    /// `lw a0,4(a1)`, whose address comes from objdump's listing.
    @Test func gdbReverseContinueFindsTheLastRead() throws {
        guard let gdb = try Oracle.require("gdb-multiarch") else { return }
        guard let loadAddress = try Self.argvLoadAddress() else { return }
        let transcript = try gdbBatch(
            gdb,
            ["break main", "continue", "eval \"rwatch *(int*)0x%x\", $a1+4", "continue", "break exit", "continue",
             "echo MARK at exit\\n", "bt 1", "reverse-continue", "echo MARK reverse\\n", "p/x $pc", "bt 1"],
            program: "programs/bin/exitcode.elf", arguments: ["7"])
        let reverse = try #require(transcript.range(of: "MARK reverse"), "\(transcript)")
        #expect(transcript[..<reverse.lowerBound].contains("in exit"), "reached exit first:\n\(transcript)")
        #expect(transcript[reverse.upperBound...].contains("= 0x\(String(loadAddress, radix: 16))\n"), "\(transcript)")
        #expect(transcript[reverse.upperBound...].contains("in main"), "\(transcript)")
    }

    /// rwatch and awatch (Z3/Z4) stop where gdb's nonsteppable watchpoints stop: after the
    /// reading instruction, which here is main's `lw a0,4(a1)` (argv[1]); its address comes
    /// from objdump's listing, not from emu. Also `monitor instret` and `monitor history`.
    @Test func gdbReadAndAccessWatchpointsAndMonitorCommands() throws {
        guard let gdb = try Oracle.require("gdb-multiarch") else { return }
        guard let loadAddress = try Self.argvLoadAddress() else { return }
        let after = String(loadAddress + 4, radix: 16)  // a 4-byte lw (objdump shows 8 hex digits)
        for command in ["rwatch", "awatch"] {
            let transcript = try gdbBatch(
                gdb,
                ["break main", "continue", "eval \"\(command) *(int*)0x%x\", $a1+4", "continue", "p/x $pc", "monitor instret", "monitor history",
                 "p $instret", "p $priv"],
                program: "programs/bin/exitcode.elf", arguments: ["7"])
            let kind = command == "rwatch" ? "Hardware read watchpoint 2" : "Hardware access (read/write) watchpoint 2"
            #expect(transcript.contains(kind), "\(transcript)")
            #expect(transcript.contains("Value = "), "\(transcript)")
            #expect(transcript.contains("$1 = 0x\(after)"), "\(command) stops after the load at \(String(loadAddress, radix: 16)):\n\(transcript)")
            #expect(transcript.range(of: #"instret [0-9]+ \(live end [0-9]+\)"#, options: .regularExpression) != nil, "\(transcript)")
            #expect(transcript.contains("checkpoints"), "\(transcript)")
            // The CSR feature's instret (read through the `p` packet as CSR 0xC02) agrees
            // with the monitor's count; a Linux guest runs in user mode (priv 0).
            let count = transcript.split(separator: "\n").first { $0.hasPrefix("instret ") }.flatMap { $0.split(separator: " ").dropFirst().first }
            #expect(count != nil && transcript.contains("$2 = \(count ?? "")\n"), "\(transcript)")
            #expect(transcript.contains("$3 = 0\n"), "\(transcript)")
        }
    }
}
