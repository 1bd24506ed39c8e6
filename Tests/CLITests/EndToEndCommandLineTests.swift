import Decoder
import Emu
import Foundation
import TestSupport
import Testing

/// emu's own outcomes: bad options (125), files that cannot be run (126) or do not exist
/// (127), limits (124), the environment seam, and the diagnostic options.
@Suite struct EndToEndCommandLineTests {
    static let hello = "programs/bin/hello.elf"

    @Test(arguments: [
        ["run"],
        ["run", "--no-such-option", hello],
        ["run", "--max-insns", "lots", hello],
        ["run", "--max-insns"],
        ["run", "--isa", "rv64gc", hello],
        ["run", "-e", "NOEQUALS", hello],
        ["run", "-v", "relative:dir", hello],
        ["frobnicate"],
        ["help", "frobnicate"],
        ["disasm"],
        ["disasm", "--start-address", "zz", hello],
    ])
    func badOptionsExit125(_ arguments: [String]) throws {
        let result = try EmuBinary.run(arguments, currentDirectory: Paths.packageRoot)
        #expect(result.status == 125)
        // docker's shape: one line saying what is wrong, then where the help is.
        let lines = result.stderrText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3 && lines[2].isEmpty, "\(result.stderrText)")
        #expect(lines.first?.hasPrefix("Error: ") == true, "\(result.stderrText)")
        let subcommand = ["run", "disasm"].contains(arguments.first ?? "") ? arguments[0] + " " : ""
        #expect(lines.dropFirst().first == "See 'emu \(subcommand)--help'.", "\(result.stderrText)")
        #expect(result.stdout.isEmpty)
    }

    @Test func missingProgramExits127() throws {
        let result = try EmuBinary.run(["run", "/no/such/program.elf"])
        #expect(result.status == 127)
        #expect(result.stderrText.contains("/no/such/program.elf"))
        let disasm = try EmuBinary.run(["disasm", "/no/such/program.elf"])
        #expect(disasm.status == 127)
    }

    /// An absolute program path that a `-v` mount covers is the guest's file, as `docker run`
    /// finds the command in the container: it runs though no such host path exists, links
    /// in the guest's view resolve there (an absolute link to the mount's guest path, which
    /// on the host points nowhere), /proc/self/exe names it; a covered path the guest lacks
    /// is the host's (a mount at /work must not hide the host's /work/...), and 127 when
    /// neither has it.
    @Test func programPathIsLookedUpInTheMounts() throws {
        let root = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Paths.programs + "/bin/userland/procview", toPath: root + "/bin/procview")
        try FileManager.default.createSymbolicLink(atPath: root + "/bin/viewer", withDestinationPath: "/bin/procview")
        let direct = try EmuBinary.run(["run", "-v", "\(root):/:ro", "/bin/procview"])
        #expect(direct.status == 0, "\(direct.stderrText)")
        #expect(direct.stdoutText.contains("execed comm: procview"), "\(direct.stdoutText)")
        #expect(direct.stdoutText.contains("self cmdline: /bin/procview|"))
        let linked = try EmuBinary.run(["run", "-v", "\(root):/:ro", "/bin/viewer", "sleeper"], input: Array("x".utf8))
        #expect(linked.status == 0, "\(linked.stderrText)")
        let hello = try EmuBinary.run(["run", "-v", "\(Paths.programs)/bin:/g:ro", "/g/hello.elf"])
        #expect(hello.status == 0, "\(hello.stderrText)")
        #expect(hello.stdoutText == "Hello, world!\nargc=1\nargv[0]=/g/hello.elf\n", "\(hello.stdoutText)")
        // The host's hello.elf under a mount that covers its path but does not hold it.
        let hostPath = try EmuBinary.run(["run", "-v", "\(root):/:ro", Paths.programs + "/bin/hello.elf"])
        #expect(hostPath.status == 0, "\(hostPath.stderrText)")
        let missing = try EmuBinary.run(["run", "-v", "\(root):/:ro", "/bin/no-such-program"])
        #expect(missing.status == 127, "\(missing.stderrText)")
        #expect(missing.stderrText.contains("neither in the guest's mounts nor on the host"), "\(missing.stderrText)")
    }

    /// Files that exist but are not RV32 executables, each built here.
    @Test(arguments: ["text", "empty", "truncated", "elf64", "x86", "x86-64 host binary", "directory", "bad program header"])
    func unrunnableFileExits126(_ kind: String) throws {
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/prog-\(kind.replacingOccurrences(of: " ", with: "-"))"
        var hello = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.packageRoot + "/" + EndToEndCommandLineTests.hello)))
        switch kind {
        case "text": try Data("#!/bin/sh\necho hi\n".utf8).write(to: URL(fileURLWithPath: path))
        case "empty": try Data().write(to: URL(fileURLWithPath: path))
        case "truncated": try Data(hello.prefix(40)).write(to: URL(fileURLWithPath: path))
        case "elf64":
            hello[4] = 2  // EI_CLASS = ELFCLASS64
            try Data(hello).write(to: URL(fileURLWithPath: path))
        case "x86":
            hello[18] = 3  // e_machine = EM_386
            hello[19] = 0
            try Data(hello).write(to: URL(fileURLWithPath: path))
        case "x86-64 host binary":
            try FileManager.default.copyItem(atPath: "/bin/true", toPath: path)
        case "directory":
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        default:
            // e_phoff far past the end of the file.
            hello[28] = 0xFF
            hello[29] = 0xFF
            hello[30] = 0xFF
            hello[31] = 0x0F
            try Data(hello).write(to: URL(fileURLWithPath: path))
        }
        let result = try EmuBinary.run(["run", path])
        #expect(result.status == 126, "\(kind): \(result.stderrText)")
        #expect(result.stderrText.contains(path), "\(kind): the message names the file: \(result.stderrText)")
        #expect(result.stderrText.split(separator: "\n").count == 1, "\(kind): one line: \(result.stderrText)")
        let disasm = try EmuBinary.run(["disasm", path])
        #expect(disasm.status == 126)
    }

    /// `-e` variables reach the guest; the host's environment does not.
    @Test func environmentIsOnlyWhatEGives() throws {
        let result = try EmuBinary.run(
            ["run", "-e", "FOO=bar", "-e", "EMPTY=", EndToEndCommandLineTests.hello, "x"],
            environment: ["HOST_SECRET": "leak", "PATH": "/usr/bin:/bin"], currentDirectory: Paths.packageRoot)
        #expect(result.status == 0)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains("envp[0]=FOO=bar"))
        #expect(lines.contains("envp[1]=EMPTY="))
        #expect(!result.stdoutText.contains("HOST_SECRET"))
        #expect(!result.stdoutText.contains("PATH="))
        #expect(lines.filter { $0.hasPrefix("envp[") }.count == 2)
        // qemu with exactly that environment prints the same.
        guard let qemu = try ReferenceRun.qemu(EndToEndCommandLineTests.hello, .init(arguments: ["x"], environment: ["FOO=bar", "EMPTY="])) else { return }
        #expect(ReferenceRun.normalizingEnvironment(qemu.stdoutText) == ReferenceRun.normalizingEnvironment(result.stdoutText))
    }

    @Test func maxInstructionsExits124() throws {
        let result = try EmuBinary.run(["run", "--max-insns", "5000", "programs/bin/sorthash.elf"], currentDirectory: Paths.packageRoot)
        #expect(result.status == 124)
        #expect(result.stderrText.contains("5000 instructions"))
        // A budget the program fits in changes nothing.
        let enough = try EmuBinary.run(["run", "--max-insns", "100000000", "programs/bin/exitcode.elf", "3"], currentDirectory: Paths.packageRoot)
        #expect(enough.status == 3)
    }

    @Test func statsPrintsInstructionsAndMIPS() throws {
        let result = try EmuBinary.run(["run", "--stats", "programs/bin/sorthash.elf", "1000"], currentDirectory: Paths.packageRoot)
        #expect(result.status == 0)
        let line = try #require(result.stderrText.split(separator: "\n").last.map(String.init))
        #expect(line.contains("MIPS"))
        let count = try #require(line.split(separator: " ").first { Int($0) != nil }.flatMap { Int($0) })
        #expect(count > 100_000, "\(line)")
        // The count is exact: one instruction fewer is over the limit.
        let short = try EmuBinary.run(["run", "--max-insns", "\(count - 1)", "programs/bin/sorthash.elf", "1000"], currentDirectory: Paths.packageRoot)
        #expect(short.status == 124)
    }

    @Test func straceNamesCalls() throws {
        let result = try EmuBinary.run(["run", "--strace", EndToEndCommandLineTests.hello, "Alice"], currentDirectory: Paths.packageRoot)
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("Hello, Alice!"))
        let calls = EndToEndCommandLineTests.callNames(result.stderrText)
        #expect(calls.contains("write"))
        #expect(calls.last == "exit_group")
        // The same calls, in the same order, as `qemu-riscv32 -strace` shows.
        guard let qemu = try Oracle.require("qemu-riscv32") else { return }
        let reference = try ProcessRunner.run(
            qemu, ["-strace", EndToEndCommandLineTests.hello, "Alice"], environment: [:], currentDirectory: Paths.packageRoot)
        #expect(calls == EndToEndCommandLineTests.callNames(reference.stderrText))
    }

    /// The call names of strace lines (`name(args) = result`, qemu's prefixed by a pid).
    static func callNames(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let call = words.first(where: { $0.contains("(") }) else { return nil }
            let name = call.prefix { $0 != "(" }
            return name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? nil : String(name)
        }
    }

    /// A syscall number Linux does not have returns -ENOSYS, and --strace says so. The
    /// guest (built here) exits with the negated result: 38.
    @Test func unknownSyscallGivesENOSYS() throws {
        let code: [Instruction] = [
            // li a7, 1999
            Instruction(.addi, rd: 17, imm: 1999),
            // ecall
            Instruction(.ecall),
            // neg a0, a0
            Instruction(.sub, rd: 10, rs1: 0, rs2: 10),
            // li a7, 93 (exit)
            Instruction(.addi, rd: 17, imm: 93),
            // ecall
            Instruction(.ecall),
        ]
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try Self.writeProgram(code, to: directory + "/enosys.elf")
        let result = try EmuBinary.run(["run", "--strace", path])
        #expect(result.status == 38)
        #expect(result.stderrText.contains("1999"))
        #expect(result.stderrText.contains("ENOSYS"))
        // Not compared with qemu: qemu-riscv32 7.2 refuses this minimal ELFWriter file
        // (exit status 1, no message); the same code linked by GNU ld gives 38 there.
    }

    /// A system call between LR and SC clears the reservation: the SC fails (writes 1),
    /// which the guest (built here) returns as its exit status.
    @Test func systemCallClearsReservation() throws {
        let code: [Instruction] = [
            // lr.w t0, (sp)
            Instruction(.lrW, rd: 5, rs1: 2),
            // li a7, 172 (getpid)
            Instruction(.addi, rd: 17, imm: 172),
            // ecall
            Instruction(.ecall),
            // sc.w a0, t0, (sp)
            Instruction(.scW, rd: 10, rs1: 2, rs2: 5),
            // li a7, 93 (exit)
            Instruction(.addi, rd: 17, imm: 93),
            // ecall
            Instruction(.ecall),
        ]
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try Self.writeProgram(code, to: directory + "/lrsc.elf")
        let result = try EmuBinary.run(["run", path])
        #expect(result.status == 1, "\(result.stderrText)")
    }

    /// Encodes `code` into a static ELF at 0x10000 (entry `_start`), writes it to `path`
    /// and returns the path.
    static func writeProgram(_ code: [Instruction], to path: String) throws -> String {
        var bytes: [UInt8] = []
        for inst in code {
            let word = try #require(encode(inst))
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> shift)) }
        }
        let elf = ELFWriter(entry: 0x10000, segments: [.init(vaddr: 0x10000, bytes: bytes, permissions: [.read, .execute])],
                            symbols: [.init(name: "_start", value: 0x10000, size: UInt32(bytes.count), kind: .function)])
        try Data(elf.write()).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func tracePrintsPCBitsAndDisassembly() throws {
        let program = "programs/bin/exitcode.elf"
        let result = try EmuBinary.run(["run", "--trace", program, "5"], currentDirectory: Paths.packageRoot)
        #expect(result.status == 5)
        let lines = result.stderrText.split(separator: "\n").map(String.init)
        #expect(lines.count > 100)
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.packageRoot + "/" + program))))
        let first = try #require(lines.first)
        let entryText = String(elf.entry, radix: 16)
        #expect(first.hasPrefix(String(repeating: "0", count: 8 - entryText.count) + entryText + ":"), "\(first)")
        let segment = try #require(elf.segments.first { $0.executable && elf.entry >= $0.vaddr })
        let at = Int(elf.entry - segment.vaddr)
        let word = segment.fileBytes[at..<at + 4].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        let instruction = decode(word)
        #expect(first.contains(String(instruction.raw, radix: 16)))
        #expect(first.contains(disassemble(instruction, pc: elf.entry).prefix(while: { $0 != "\t" })))
        // Every line has the pc: bits shape.
        #expect(lines.allSatisfy { $0.count > 10 && $0.dropFirst(8).hasPrefix(": ") })
    }

    @Test func versionListsTheISA() throws {
        let result = try EmuBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("ISA: rv32imafdc_zicsr_zifencei_zba_zbb_zbc_zbs "))
        #expect(result.stdoutText.hasPrefix("emu "))
    }

    @Test func helpExitsZero() throws {
        let result = try EmuBinary.run(["run", "--help"])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("USAGE: emu run"))
    }

    /// `--isa rv32i` refuses the M instructions of an rv32im build (SIGILL), and accepts
    /// the rv32i build.
    @Test func isaRestriction() throws {
        let m = try EmuBinary.run(["run", "--isa", "rv32i", "programs/bin/rv32im/sorthash.elf", "200"], currentDirectory: Paths.packageRoot)
        #expect(m.status == 132, "\(m.stderrText)")
        #expect(m.stderrText.contains("illegal instruction"))
        let c = try EmuBinary.run(["run", "--isa", "rv32im", "programs/bin/rv32imac/hello.elf"], currentDirectory: Paths.packageRoot)
        #expect(c.status == 132)
        let i = try EmuBinary.run(["run", "--isa", "rv32i", "programs/bin/sorthash.elf", "200"], currentDirectory: Paths.packageRoot)
        #expect(i.status == 0)
    }
}
