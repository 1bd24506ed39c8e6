import Foundation
import Testing
import TestSupport

/// The F and D extensions through the built emu on programs zig builds for its default
/// riscv32 target (RV32GC, hard-float ilp32d): the FP workload programs/float/fpwork.c
/// (matrix multiply with fma, n-body steps, libm, single precision, conversions in every
/// <fenv.h> rounding mode, exception flags), compared byte for byte with qemu-riscv32, and
/// an existing program (the system-call battery) built for the same target.
@Suite("End to end: F and D")
struct EndToEndFloatTests {
    static let fpwork = Paths.programs + "/bin/float/fpwork"
    static let calls = Paths.programs + "/bin/float/calls-rv32gc"

    @Test func floatWorkloadMatchesQemuByteForByte() throws {
        let emu = try ReferenceRun.emu(Self.fpwork, .init())
        #expect(emu.status == 0, "fpwork under emu: \(emu.stderrText)")
        let lines = emu.stdoutText.split(separator: "\n")
        #expect(lines.count == 61, "fpwork printed \(lines.count) lines")
        // Values that do not need qemu to be right: the canonical NaN of 0/0, the flags
        // of five operations, fmax(-0, +0), and the tie 2^24+1 rounded up only by RUP.
        #expect(emu.stdoutText.contains("0/0 bits 7ff8000000000000 fmin(nan,1) 1 fmax(-0,0) 0\n"))
        #expect(emu.stdoutText.contains("flags after 1/0, 0/0, overflow, underflow, inexact: 1 1 1 1 1 "))
        #expect(emu.stdoutText.contains("rne int->float 0x1p+24\n") && emu.stdoutText.contains("rup int->float 0x1.000002p+24\n"))
        #expect(emu.stdoutText.contains("printf: 3.142 6.022141e+23 0.0123457 strtod 0x1.999999999999ap-4\n"))
        guard let qemu = try ReferenceRun.qemu(Self.fpwork, .init()) else { return }
        #expect(qemu.status == 0)
        if emu.stdout != qemu.stdout {
            let pairs = zip(emu.stdoutText.split(separator: "\n"), qemu.stdoutText.split(separator: "\n"))
            let differences = pairs.filter { $0 != $1 }.prefix(10).map { "emu  \($0)\nqemu \($1)" }
            Issue.record("fpwork: emu and qemu-riscv32 differ:\n\(differences.joined(separator: "\n"))")
        }
    }

    @Test func floatWorkloadDiesWithIllegalInstructionWithoutFAndD() throws {
        let result = try ReferenceRun.emu(Self.fpwork, .init(), options: ["--isa", "rv32imac"])
        #expect(result.status == 132, "status \(result.status): \(result.stderrText)")
        #expect(result.stderrText.lowercased().contains("illegal instruction"), "\(result.stderrText)")
    }

    /// The battery's locks and memory parts, as the soft-float build's test compares them.
    @Test(arguments: ["locks", "memory"])
    func defaultTargetBuildOfAnExistingProgramMatchesQemu(part: String) throws {
        let linuxOnly = ["FIXED_NOREPLACE over it", "mprotect unmapped", "mremap unmapped"]
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let emu = try EmuBinary.run(["run", "-v", directory + ":/w", Self.calls, part, "/w"])
        #expect(emu.status == 0, "calls-rv32gc \(part): \(emu.stderrText)")
        func kept(_ text: String) -> [String] {
            text.split(separator: "\n").map(String.init).filter { line in !linuxOnly.contains { line.hasPrefix($0 + ": ") } }
        }
        #expect(kept(emu.stdoutText).count > 5)
        let reference = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: reference) }
        guard let qemu = try ReferenceRun.qemu(Self.calls, .init(arguments: [part, reference])) else { return }
        #expect(qemu.status == 0)
        #expect(kept(emu.stdoutText) == kept(qemu.stdoutText))
    }
}
