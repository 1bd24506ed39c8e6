import Foundation
import TestSupport
import Testing

/// `emu debug` commands beyond stepping, in batch mode: the guest's typed standard input
/// (`input TEXT`, `eof`, `--stdin FILE`) and reverse execution over it, `restart`, memory
/// edit (`set *ADDR = V`), search in the disassembly (`/TEXT`), and the layouts `--screen`
/// draws at the smallest and largest sizes.
@Suite struct EndToEndDebugInputTests {
    static let cat = "programs/bin/cat.elf"
    static let hello = "programs/bin/hello.elf"

    func debug(_ commands: String, _ arguments: [String]) throws -> ProcessResult {
        try EmuBinary.run(["debug"] + arguments, input: Array(commands.utf8), currentDirectory: Paths.packageRoot)
    }

    func lines(_ result: ProcessResult) -> [String] { result.stdoutText.split(separator: "\n").map(String.init) }

    /// cat reads its input as typed: with nothing sent, `c` stops at the read (the ecall has
    /// not run); each line sent comes back out; after `eof` cat exits 0.
    @Test func typedInputReachesCat() throws {
        let result = try debug("c\ninput hello\nc\ninput world\nc\neof\nc\nq\n", [Self.cat])
        let lines = lines(result)
        let waits = lines.filter { $0.hasPrefix("stopped: waiting for input") }
        #expect(waits.count == 3, "\(result.stdoutText)")
        #expect(waits.allSatisfy { $0.contains("<read+") && $0.contains("ecall") }, "stopped at read's ecall: \(waits)")
        // The guest's output follows each `c` that resumed it.
        let afterHello = try #require(lines.firstIndex(of: "(emu) input hello"))
        #expect(lines[(afterHello + 1)...].prefix(3) == ["sent 6 bytes to the guest's input", "(emu) c", "hello"], "\(result.stdoutText)")
        #expect(lines.contains("world"))
        #expect(lines.contains { $0.hasPrefix("stopped: exited with status 0") })
        #expect(result.status == 0)
    }

    /// What the guest read is a logged system-call result: going back over the reads and
    /// forwards again replays them (the output is not written twice, and the guest does
    /// not wait again), reaching the same end at the same instruction count.
    @Test func reverseExecutionOverTypedInputIsExact() throws {
        let result = try debug("c\ninput first line\nc\ninput second\neof\nc\nrs 100\nc\nrs 100000\nc\nq\n", [Self.cat])
        let text = result.stdoutText
        #expect(text.components(separatedBy: "\nfirst line\n").count == 2, "written once:\n\(text)")
        #expect(text.components(separatedBy: "\nsecond\n").count == 2, "written once:\n\(text)")
        let lines = lines(result)
        let exits = lines.filter { $0.hasPrefix("stopped: exited with status 0") }
        #expect(exits.count == 3, "\(text)")
        #expect(Set(exits).count == 1, "the same end, at the same count, each time: \(exits)")
        // cat waited twice live (before each line was sent); the replays never wait.
        let firstExit = try #require(lines.firstIndex { $0.hasPrefix("stopped: exited") })
        #expect(lines.filter { $0.hasPrefix("stopped: waiting for input") }.count == 2, "\(text)")
        #expect(!lines[firstExit...].contains { $0.hasPrefix("stopped: waiting for input") }, "replay never waits: \(text)")
        #expect(lines.contains { $0.hasPrefix("stopped: reached the start of the recorded history") })
    }

    /// `--stdin FILE` is the guest's input; `restart` runs the program again from its first
    /// instruction, reading the file again, to the same end.
    @Test func stdinFileAndRestart() throws {
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/input.txt"
        try "alpha\nbeta\n".write(toFile: input, atomically: true, encoding: .utf8)
        let result = try debug("b main\nc\nc\nrestart\ni\nc\nc\nq\n", ["--stdin", input, Self.cat])
        let text = result.stdoutText
        #expect(text.components(separatedBy: "alpha\nbeta\n").count == 3, "the file was read by both runs:\n\(text)")
        let lines = lines(result)
        #expect(lines.contains("restarted at the first instruction; breakpoints and watchpoints kept: 1"), "\(text)")
        #expect(lines.filter { $0.hasPrefix("stopped: breakpoint 1 at") }.count == 2, "the breakpoint holds after restart")
        let exits = lines.filter { $0.hasPrefix("stopped: exited with status 0") }
        #expect(exits.count == 2 && Set(exits).count == 1, "\(exits)")
        // After restart the history starts again (the new run's own).
        let history = try #require(lines.first { $0.hasPrefix("history: ") })
        #expect(history.hasPrefix("history: 0 instructions"), "\(history)")
        let missing = try debug("", ["--stdin", directory + "/none", Self.cat])
        #expect(missing.status == 125)
        #expect(missing.stderrText.contains("--stdin: cannot open \(directory)/none"), "\(missing.stderrText)")
    }

    /// `set *ADDR = V` writes 1, 2 or 4 bytes, little-endian; `x` shows them; a value too
    /// wide for its width and an address outside memory are errors.
    @Test func memoryEdit() throws {
        let result = try debug(
            "b main\nc\nset *0x1000ff00 = 0x11223344\nset *(char*)0x1000ff04 = 0xab\nset *(short*)0x1000ff06 = -2\nx 0x1000ff00\nset *(char*)0x1000ff08 = 256\nset *0xfffffffe = 1\nset *sp\nq\n",
            ["--deterministic", Self.hello, "Alice"])
        let lines = lines(result)
        #expect(lines.contains("*0x1000ff00 = 0x11223344 (4 bytes)"), "\(result.stdoutText)")
        #expect(lines.contains("*0x1000ff04 = 0xab (1 byte)"))
        #expect(lines.contains("*0x1000ff06 = 0xfffe (2 bytes)"))
        #expect(lines.contains { $0.hasPrefix("1000ff00: 44 33 22 11 ab 00 fe ff") }, "\(result.stdoutText)")
        #expect(lines.contains("error: set: 256 does not fit in 1 byte"))
        #expect(lines.contains { $0.hasPrefix("error: set: 0xfffffffe (4 bytes) is outside guest memory") })
        #expect(lines.contains { $0.hasPrefix("error: set expects *ADDR = VALUE") })
    }

    /// `/TEXT` finds the next instruction after pc whose pane line contains TEXT, and wraps.
    /// The expected addresses come from objdump's listing of the same file.
    @Test(.enabled(if: Oracle.available("riscv64-unknown-elf-objdump")))
    func searchInDisassembly() throws {
        guard let objdump = try Oracle.require("riscv64-unknown-elf-objdump") else { return }
        let listing = try ProcessRunner.run(objdump, ["-d", Self.hello], currentDirectory: Paths.packageRoot).stdoutText
        let ecalls = listing.split(separator: "\n").filter { $0.hasSuffix("\tecall") }.compactMap {
            UInt32($0.split(separator: ":")[0].trimmingCharacters(in: .whitespaces), radix: 16)
        }
        #expect(ecalls.count >= 2, "\(listing.prefix(200))")
        let result = try debug("b main\nc\n/ecall\n/nosuchinstruction\n", [Self.hello, "Alice"])
        let main = try #require(listing.split(separator: "\n").first { $0.hasSuffix("<main>:") }.flatMap { UInt32($0.prefix(8), radix: 16) })
        let expected = try #require(ecalls.first { $0 > main })
        #expect(result.stdoutText.contains("/ecall: 0x\(String(format: "%08x", expected))"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("error: /nosuchinstruction: not found in the program's code"))
    }

    // MARK: - Layouts

    func screen(_ commands: String, rows: Int, columns: Int) throws -> [String] {
        let result = try debug(commands, ["--deterministic", "--screen", "\(rows)x\(columns)", Self.hello, "Alice"])
        return Array(result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).suffix(rows + 1).dropLast()).map(String.init)
    }

    /// At 60 columns the instruction column stays (labels give way to it).
    @Test func sixtyColumnsKeepTheInstructions() throws {
        let lines = try screen("b main\nc\n", rows: 24, columns: 60)
        let current = try #require(lines.first { $0.contains("> 00010118") }, "\(lines.joined(separator: "\n"))")
        #expect(current.contains("00010118 add sp,sp,-32"), "\(current)")
    }

    /// At 250x70 the memory pane shows 16 lines, "(outside guest memory)" only past the
    /// stack's end (0x10010000: the bytes below it are there), and the disassembly gets
    /// the other rows (more than 40 instructions).
    @Test func tallScreensGiveRowsToTheDisassembly() throws {
        let lines = try screen("b main\nc\n", rows: 70, columns: 250)
        let memoryHeader = try #require(lines.firstIndex { $0.hasPrefix("─ Memory ") })
        let disassemblyHeader = try #require(lines.firstIndex { $0.hasPrefix("─ Disassembly ") })
        #expect(memoryHeader - disassemblyHeader - 1 > 40, "\(lines.joined(separator: "\n"))")
        let memoryLines = lines[(memoryHeader + 1)...].prefix { $0.range(of: #"^[0-9a-f]{8}: "#, options: .regularExpression) != nil }
        #expect(memoryLines.count == 16, "\(lines.joined(separator: "\n"))")
        for line in memoryLines where line.contains("(outside guest memory)") {
            #expect(UInt32(line.prefix(8), radix: 16).map { $0 >= 0x1001_0000 } == true, "\(line)")
        }
        #expect(memoryLines.filter { !$0.contains("(outside") }.count >= 14, "\(memoryLines)")
    }
}
