import Foundation
import TestSupport
import Testing

/// Every example program in `programs/bin` (rv32i) and its rv32im, rv32imac and rv32ia
/// builds, run by the built `emu` and by `qemu-riscv32` with the same arguments and input:
/// the same standard output and the same exit status.
@Suite struct EndToEndProgramTests {
    /// The example programs, all four variants (benchmarks have their own tests).
    static let programs: [String] = Paths.programELFs().filter { !$0.contains("/bench/") }.map(ReferenceRun.relative)

    /// The invocations for each program, by name; a program not listed runs once without
    /// arguments.
    static func invocations(for program: String) -> [ReferenceRun.Invocation] {
        let name = (program as NSString).lastPathComponent.replacingOccurrences(of: ".elf", with: "")
        let text = Array("first line\nsecond line, no newline at the end".utf8)
        switch name {
        case "hello":
            return [.init(), .init(arguments: ["Alice"]), .init(arguments: ["Bob", "two words", ""]),
                    .init(arguments: ["Carol"], environment: ["LANG=C", "EMPTY="])]
        case "cat":
            return [.init(input: text), .init(arguments: ["-"], input: text),
                    .init(arguments: ["/no/such/file"]), .init(input: [UInt8](repeating: 0x41, count: 70_000))]
        case "exitcode":
            return [.init(), .init(arguments: ["0"]), .init(arguments: ["7"]), .init(arguments: ["300"]),
                    .init(arguments: ["-1"])]
        case "sorthash":
            return [.init(arguments: ["500"]), .init(arguments: ["3000"]), .init(arguments: ["0"])]
        default:
            return [.init()]
        }
    }

    @Test func allVariantsArePresent() {
        for variant in ["", "rv32im/", "rv32imac/", "rv32ia/"] {
            for name in ["hello", "cat", "exitcode", "sorthash", "illegal", "nullderef", "writetext", "misaligned", "syscalls"] {
                #expect(EndToEndProgramTests.programs.contains("programs/bin/\(variant)\(name).elf"))
            }
        }
    }

    @Test(arguments: programs.filter { !$0.hasSuffix("/syscalls.elf") })
    func sameAsQEMU(_ program: String) throws {
        for invocation in EndToEndProgramTests.invocations(for: program) {
            let emu = try ReferenceRun.emu(program, invocation)
            guard let qemu = try ReferenceRun.qemu(program, invocation) else { return }
            #expect(ReferenceRun.normalizingEnvironment(emu.stdoutText) == ReferenceRun.normalizingEnvironment(qemu.stdoutText),
                    "\(program) \(invocation.testDescription): stdout")
            #expect(emu.status == qemu.status, "\(program) \(invocation.testDescription): status; emu stderr: \(emu.stderrText)")
        }
    }

    /// syscalls.elf creates and removes files in its working directory: each run gets a fresh
    /// empty directory, mounted at /work for emu and the current directory for qemu.
    @Test(arguments: programs.filter { $0.hasSuffix("/syscalls.elf") })
    func syscallsSameAsQEMU(_ program: String) throws {
        let emuDirectory = try ReferenceRun.temporaryDirectory()
        let qemuDirectory = try ReferenceRun.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: emuDirectory)
            try? FileManager.default.removeItem(atPath: qemuDirectory)
        }
        let absolute = Paths.packageRoot + "/" + program
        let emu = try EmuBinary.run(["run", "-v", "\(emuDirectory):/work", "-w", "/work", absolute],
                                    currentDirectory: emuDirectory)
        #expect(emu.status == 0, "emu stderr: \(emu.stderrText)")
        #expect(!emu.stdoutText.contains("FAIL"))
        guard let qemu = try ReferenceRun.qemu(absolute, .init(), directory: qemuDirectory) else { return }
        #expect(emu.stdoutText == qemu.stdoutText)
        #expect(emu.status == qemu.status)
        // Both left their directory as they found it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: emuDirectory).isEmpty)
    }
}
