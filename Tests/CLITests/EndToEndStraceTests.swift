import Decoder
import Foundation
import TestSupport
import Testing

/// `emu run --strace` against `qemu-riscv32 -strace` on the same ELF files: the same calls
/// in the same order, the same results, and for every argument qemu decodes (a flag set,
/// a mode, a string, AT_FDCWD, a clock) the same text, so that emu's trace carries at
/// least qemu's information.
///
/// What is normalised, because it must differ between the two runs:
/// - the line prefix: qemu prints its host pid, emu the guest's thread id (1);
/// - pointer values: the two place the stack (and so every buffer on it) at different
///   addresses; where qemu prints a pointer (`0x408007f0`, or in decimal for the calls it
///   prints raw, such as `renameat2`), emu may print it or what it points to (a string,
///   a struct, `[N]`);
/// - separators: qemu writes `a,b`, emu (as strace) `a, b`;
/// - errors: qemu writes `-1 errno=2 (No such file or directory)`, emu
///   `-1 ENOENT (No such file or directory)`: the message in parentheses must match;
/// - values that depend on the host and the moment: the pid (`getpid`: emu's guest is
///   pid 1 of its namespace), the working directory's length (`getcwd`), times
///   (`clock_gettime64`'s timespec, which qemu prints after the result);
/// - undecoded calls: qemu prints all six registers of a call it does not decode
///   (`renameat2(-100,99624,-100,100184,0,0)`), emu only the call's arguments.
/// - strace's blocking convention: emu's `read(0,  <unfinished ...>` and
///   `<... read resumed>"…", 4096) = 11` are joined into one line before comparing.
@Suite(.serialized) struct EndToEndStraceTests {
    /// One parsed strace line.
    struct Call: CustomStringConvertible {
        var name: String
        var arguments: [String]
        var result: String
        var line: String
        var description: String { line }
    }

    /// Splits `text` at top-level commas (outside quotes, braces, brackets and parentheses).
    static func splitArguments(_ text: Substring) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var inQuote = false
        var escaped = false
        for character in text {
            if inQuote {
                current.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inQuote = false }
                continue
            }
            switch character {
            case "\"": inQuote = true
            case "{", "[", "(": depth += 1
            case "}", "]", ")": depth -= 1
            case "," where depth == 0:
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty || !parts.isEmpty { parts.append(last) }
        return parts
    }

    /// Parses `PREFIX name(args) = result` lines; other lines (the guest's output, `+++`
    /// lines) are skipped. emu's unfinished/resumed pairs are joined first.
    static func parse(_ text: String) -> [Call] {
        var lines: [String] = []
        var pending: String?
        for raw in text.split(separator: "\n").map(String.init) {
            var line = raw
            if let space = line.firstIndex(of: " "), line[..<space].allSatisfy(\.isNumber) {
                line = String(line[line.index(after: space)...])
            }
            if line.hasSuffix(" <unfinished ...>") {
                pending = String(line.dropLast(" <unfinished ...>".count))
                continue
            }
            if line.hasPrefix("<... "), let close = line.range(of: " resumed>"), let start = pending {
                line = start + line[close.upperBound...]
                pending = nil
            }
            lines.append(line)
        }
        return lines.compactMap { line in
            guard let open = line.firstIndex(of: "("), line[..<open].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                !line[..<open].isEmpty
            else { return nil }
            // The matching parenthesis, outside quotes.
            var depth = 0
            var inQuote = false
            var escaped = false
            var close: String.Index?
            for index in line[open...].indices {
                let character = line[index]
                if inQuote {
                    if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inQuote = false }
                    continue
                }
                if character == "\"" { inQuote = true }
                if character == "(" { depth += 1 }
                if character == ")" {
                    depth -= 1
                    if depth == 0 { close = index; break }
                }
            }
            guard let close else { return nil }
            let rest = line[line.index(after: close)...]
            let result = rest.hasPrefix(" = ") ? String(rest.dropFirst(3)) : ""
            return Call(
                name: String(line[..<open]), arguments: splitArguments(line[line.index(after: open)..<close]), result: result,
                line: line)
        }
    }

    /// A pointer as qemu prints it.
    static func isPointer(_ text: String) -> Bool { text == "NULL" || (text.hasPrefix("0x") && UInt64(text.dropFirst(2), radix: 16) != nil) }

    /// What emu may print where qemu printed a pointer: a pointer, or what it points to.
    static func isPointee(_ text: String) -> Bool {
        isPointer(text) || text.hasPrefix("\"") || text.hasPrefix("{") || text.hasPrefix("[") || text.contains("/* ")
    }

    /// Known symbolic values qemu prints as numbers in the calls it does not decode.
    static let numericNames = ["AT_FDCWD": "-100"]

    /// The differences between a qemu call and emu's, after the normalisations above.
    static func differences(qemu: Call, emu: Call) -> [String] {
        guard qemu.name == emu.name else { return ["call: qemu \(qemu) | emu \(emu)"] }
        var problems: [String] = []
        // qemu's raw form prints six registers: compare only the call's arguments.
        let raw = qemu.arguments.count == 6 && emu.arguments.count < 6
        if !raw && emu.arguments.count < qemu.arguments.count {
            problems.append("fewer arguments: qemu \(qemu) | emu \(emu)")
        }
        for (index, (q, e)) in zip(qemu.arguments, emu.arguments).enumerated() where q != e {
            if isPointer(q) && isPointee(e) { continue }
            if raw, Int64(q) != nil, isPointee(e) || numericNames[e] == q { continue }
            problems.append("argument \(index): qemu '\(q)' emu '\(e)' in \(qemu) | \(emu)")
        }
        // Results: the errno message, or the number (structs qemu appends are dropped).
        var q = qemu.result
        if let paren = q.range(of: " ("), !q.hasPrefix("-1") { q = String(q[..<paren.lowerBound]) }
        let e = emu.result
        if q.hasPrefix("-1 errno=") {
            let message = q.drop { $0 != "(" }
            if !e.hasPrefix("-1 E") || !e.hasSuffix(message) { problems.append("error: qemu \(qemu) | emu \(emu)") }
        } else if ["getpid", "getcwd"].contains(qemu.name) {
            // Host-dependent values: the pid, the length of the working directory.
        } else if q.isEmpty {
            // qemu prints no result for exit_group; emu prints "?".
            if !(e == "?" || e.isEmpty) { problems.append("result: qemu \(qemu) | emu \(emu)") }
        } else {
            let number = { (text: String) -> Int64? in text.hasPrefix("0x") ? Int64(text.dropFirst(2), radix: 16) : Int64(text) }
            if number(q) == nil || number(q) != number(e) { problems.append("result: qemu \(qemu) | emu \(emu)") }
        }
        return problems
    }

    struct Case: CustomStringConvertible, Sendable {
        var program: String
        var arguments: [String] = []
        var input: String = ""
        var scratch = false
        var description: String { ([program] + arguments).joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(program: "programs/bin/syscalls.elf", scratch: true),
        Case(program: "programs/bin/rv32imac/syscalls.elf", scratch: true),
        Case(program: "programs/bin/hello.elf", arguments: ["Alice"]),
        Case(program: "programs/bin/sorthash.elf", arguments: ["2000"]),
        Case(program: "programs/bin/cat.elf", input: "one line\nand another\n"),
        Case(program: "programs/bin/exitcode.elf", arguments: ["7"]),
    ]

    @Test(.enabled(if: Oracle.available("qemu-riscv32"), "qemu-riscv32 is not installed"), arguments: cases)
    func sameCallsAsQemu(_ test: Case) throws {
        guard let qemu = try Oracle.require("qemu-riscv32") else { return }
        let program = Paths.packageRoot + "/" + test.program
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The program works in its current directory: a fresh one for each tool.
        let qemuDirectory = directory + "/qemu"
        let emuDirectory = directory + "/emu"
        for path in [qemuDirectory, emuDirectory] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        let input = [UInt8](test.input.utf8)
        let reference = try ProcessRunner.run(
            qemu, ["-strace", program] + test.arguments, input: input, environment: [:], currentDirectory: qemuDirectory)
        let mounts = test.scratch ? ["-v", emuDirectory + ":/w", "-w", "/w"] : []
        let traceFile = directory + "/strace.txt"
        let result = try EmuBinary.run(
            ["run", "--strace-file", traceFile] + mounts + [program] + test.arguments, input: input, currentDirectory: emuDirectory)
        #expect(result.status == reference.status, "\(result.stderrText)")
        #expect(result.stdoutText == reference.stdoutText)
        let emuText = try String(contentsOfFile: traceFile, encoding: .utf8)
        let expected = EndToEndStraceTests.parse(reference.stderrText)
        let actual = EndToEndStraceTests.parse(emuText)
        #expect(expected.count >= 1)
        #expect(actual.map(\.name) == expected.map(\.name), "emu:\n\(emuText)\nqemu:\n\(reference.stderrText)")
        var problems: [String] = []
        for (q, e) in zip(expected, actual) { problems += EndToEndStraceTests.differences(qemu: q, emu: e) }
        #expect(problems.isEmpty, "\(problems.count) differences, first: \(problems.prefix(8).joined(separator: "\n"))")
    }

    /// The comparison itself catches a lost flag name, a wrong errno and a wrong result.
    @Test func comparisonFindsDifferences() {
        let qemu = EndToEndStraceTests.parse(
            "77 openat(AT_FDCWD,\"a,b\",O_RDONLY) = 3\n77 close(3) = -1 errno=9 (Bad file descriptor)\n77 brk(NULL) = 0x00018000\n")
        let same = EndToEndStraceTests.parse(
            "1 openat(AT_FDCWD, \"a,b\", O_RDONLY) = 3\n1 close(3) = -1 EBADF (Bad file descriptor)\n1 brk(NULL) = 0x18000\n")
        let other = EndToEndStraceTests.parse(
            "1 openat(AT_FDCWD, \"a,b\", 0) = 3\n1 close(3) = -1 ENOENT (No such file or directory)\n1 brk(NULL) = 0x19000\n")
        #expect(qemu.count == 3 && same.count == 3 && other.count == 3)
        #expect(zip(qemu, same).allSatisfy { EndToEndStraceTests.differences(qemu: $0, emu: $1).isEmpty })
        #expect(zip(qemu, other).allSatisfy { EndToEndStraceTests.differences(qemu: $0, emu: $1).count == 1 })
    }

    /// What emu decodes beyond qemu: structs, buffers and the flags of calls qemu prints raw.
    @Test func decodesWhatQemuLeavesRaw() throws {
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try EmuBinary.run(
            ["run", "--strace", "--tmpfs", "/w", "-w", "/w", "programs/bin/syscalls.elf"], currentDirectory: Paths.packageRoot)
        #expect(result.status == 0, "\(result.stderrText)")
        let text = result.stderrText
        for expected in [
            #"1 openat(AT_FDCWD, "sc_dir/a.txt", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3"#,
            #"1 mkdirat(AT_FDCWD, "sc_dir", 0755) = -1 EEXIST (File exists)"#,
            #"1 write(3, "The quick brown fox jumps over t"..., 45) = 45"#,
            #"1 read(3, "quick", 5) = 5"#,
            #"1 renameat2(AT_FDCWD, "sc_dir/a.txt", AT_FDCWD, "sc_dir/renamed.txt", 0) = 0"#,
            "stx_mode=S_IFREG|0644, stx_size=45",
            "1 clock_gettime64(CLOCK_MONOTONIC, {tv_sec=",
            #"1 uname({sysname="Linux", nodename="emu""#,
            "+++ exited with 0 +++",
        ] {
            #expect(text.contains(expected), "missing: \(expected)\n\(text)")
        }
        // The guest's stdout does not mix with the trace.
        #expect(!result.stdoutText.contains("openat("))
    }

    /// A forked child's lines start with its own guest pid, as qemu starts each line with
    /// the pid of the process that made the call, and its end is marked with it as
    /// `strace -f` marks a child's. (proctree, run without the mount it expects, forks
    /// children whose execv fails: each prints and exits 127.)
    @Test func childLinesCarryTheChildPid() throws {
        let result = try EmuBinary.run(["run", "--strace", "programs/bin/userland/proctree"], currentDirectory: Paths.packageRoot)
        let lines = result.stderrText.split(separator: "\n").map(String.init)
        // The parent learns pid 2 from clone; the child's return from the same clone is 0.
        #expect(lines.contains { $0.hasPrefix("1 clone(") && $0.hasSuffix(" = 2") }, "\(result.stderrText)")
        #expect(lines.contains { $0.hasPrefix("2 clone(") && $0.hasSuffix(" = 0") }, "\(result.stderrText)")
        // musl's fork child asks set_tid_address for its tid: the child's, not init's.
        #expect(lines.contains { $0.hasPrefix("2 set_tid_address(") && $0.hasSuffix(" = 2") })
        #expect(lines.contains { $0.hasPrefix("2 execve(\"/bin/proctree\"") && $0.contains("ENOENT") })
        #expect(lines.contains("2 +++ exited with 127 +++"))
        #expect(!lines.contains { $0.hasPrefix("1 execve(\"/bin/proctree\"") })
    }

    /// A read from a pipe may wait: its entry line comes first, then the result, as strace
    /// shows a blocked call.
    @Test func blockingReadShowsEntryLine() throws {
        let result = try EmuBinary.run(["run", "--strace", "programs/bin/cat.elf"], input: Array("abc\n".utf8), currentDirectory: Paths.packageRoot)
        #expect(result.status == 0)
        let lines = result.stderrText.split(separator: "\n").map(String.init)
        let entry = try #require(lines.firstIndex(of: "1 read(0,  <unfinished ...>"), "\(result.stderrText)")
        #expect(lines.dropFirst(entry + 1).first == #"1 <... read resumed>"abc\n", 4096) = 4"#, "\(result.stderrText)")
    }

    /// A sleep waits: its entry line (with the request read from the guest) comes first.
    /// Under --deterministic emu does not sleep, and the call is one line. The guest is
    /// built here: clock_nanosleep_time64(CLOCK_MONOTONIC, 0, {0, 1000000}, NULL); exit.
    @Test func sleepShowsEntryLine() throws {
        let code: [Instruction] = [
            Instruction(.addi, rd: 2, rs1: 2, imm: -16),  // add sp,sp,-16
            Instruction(.sw, rs1: 2, rs2: 0, imm: 0),  // sw zero,0(sp): tv_sec low
            Instruction(.sw, rs1: 2, rs2: 0, imm: 4),  // sw zero,4(sp): tv_sec high
            Instruction(.lui, rd: 5, imm: 0xF4000),  // lui t0,0xf4
            Instruction(.addi, rd: 5, rs1: 5, imm: 0x240),  // add t0,t0,576: 1000000
            Instruction(.sw, rs1: 2, rs2: 5, imm: 8),  // sw t0,8(sp): tv_nsec low
            Instruction(.sw, rs1: 2, rs2: 0, imm: 12),  // sw zero,12(sp): tv_nsec high
            Instruction(.addi, rd: 10, imm: 1),  // li a0,1 (CLOCK_MONOTONIC)
            Instruction(.addi, rd: 11, imm: 0),  // li a1,0
            Instruction(.addi, rd: 12, rs1: 2, imm: 0),  // mv a2,sp
            Instruction(.addi, rd: 13, imm: 0),  // li a3,0
            Instruction(.addi, rd: 17, imm: 407),  // li a7,407 (clock_nanosleep_time64)
            Instruction(.ecall),
            Instruction(.addi, rd: 17, imm: 93),  // li a7,93 (exit), status = the result
            Instruction(.ecall),
        ]
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try EndToEndCommandLineTests.writeProgram(code, to: directory + "/sleep.elf")
        let result = try EmuBinary.run(["run", "--strace", path])
        #expect(result.status == 0, "\(result.stderrText)")
        let lines = result.stderrText.split(separator: "\n").map(String.init)
        #expect(lines.prefix(2) == [
            "1 clock_nanosleep_time64(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000000},  <unfinished ...>",
            "1 <... clock_nanosleep_time64 resumed>NULL) = 0",
        ], "\(result.stderrText)")
        let deterministic = try EmuBinary.run(["run", "--strace", "--deterministic", path])
        #expect(deterministic.stderrText.hasPrefix("1 clock_nanosleep_time64(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000000}, NULL) = 0\n"),
                "\(deterministic.stderrText)")
    }

    /// The missing-writable-directory notice: once, on stderr, saying what to do; and not
    /// at all when the guest has a writable mount.
    @Test func noWritableDirectoryIsNoticedOnce() throws {
        let bare = try EmuBinary.run(["run", "programs/bin/syscalls.elf"], currentDirectory: Paths.packageRoot)
        let notes = bare.stderrText.split(separator: "\n").filter { $0.hasPrefix("emu: note:") }
        #expect(notes.count == 1, "\(bare.stderrText)")
        #expect(notes.first?.contains("--tmpfs /w -w /w") == true)
        // The README's command runs the example to the end.
        let scratch = try EmuBinary.run(["run", "--tmpfs", "/w", "-w", "/w", "programs/bin/syscalls.elf"], currentDirectory: Paths.packageRoot)
        #expect(scratch.status == 0, "\(scratch.stdoutText)")
        #expect(scratch.stdoutText.contains("syscalls: all checks passed"))
        #expect(!scratch.stdoutText.contains("FAIL"))
        #expect(!scratch.stderrText.contains("emu: note:"))
    }
}
