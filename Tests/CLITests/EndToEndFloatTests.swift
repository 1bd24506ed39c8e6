import Emu
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
    static let rounding = Paths.programs + "/bin/float/rounding"

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

    /// programs/float/rounding.c: every D and F operation in all five static rounding modes
    /// over operands whose results are exact ties at the bottom of the range (where RMM,
    /// which C cannot name, is computed in software) and a few ordinary ties.
    @Test func roundingModesAtTheBottomOfTheRangeMatchQemu() throws {
        let emu = try ReferenceRun.emu(Self.rounding, .init())
        #expect(emu.status == 0, "rounding under emu: \(emu.stderrText)")
        #expect(emu.stdoutText.split(separator: "\n").count == 105)
        // From rational arithmetic, not from either emulator: 2.5 x 2^-1074 lies halfway
        // between 2 and 3 x 2^-1074 (RNE keeps the even 2, RMM goes away to 3), 2^-1075
        // halfway between 0 and 2^-1074; both tiny and inexact (flags UF|NX = 03).
        for line in [
            "d 2.5 * 2^-1074                  rne 0000000000000002 flags 03",
            "d 2.5 * 2^-1074                  rmm 0000000000000003 flags 03",
            "d 2^-1074 / 2                    rne 0000000000000000 flags 03",
            "d 2^-1074 / 2                    rmm 0000000000000001 flags 03",
            "d cancellation to 2^-1075        rmm 0000000000000001 flags 03",
            "d (1+3u) * 1.5*2^-1022           rmm 0018000000000005 flags 01",
        ] {
            #expect(emu.stdoutText.contains(line + "\n"), "missing: \(line)")
        }
        guard let qemu = try ReferenceRun.qemu(Self.rounding, .init()) else { return }
        #expect(qemu.status == 0)
        let differences = zip(emu.stdoutText.split(separator: "\n"), qemu.stdoutText.split(separator: "\n"))
            .filter { $0 != $1 }.prefix(10).map { "emu  \($0)\nqemu \($1)" }
        #expect(emu.stdout == qemu.stdout, "emu and qemu-riscv32 differ:\n\(differences.joined(separator: "\n"))")
    }

    @Test func floatWorkloadDiesWithIllegalInstructionWithoutFAndD() throws {
        let result = try ReferenceRun.emu(Self.fpwork, .init(), options: ["--isa", "rv32imac"])
        #expect(result.status == 132, "status \(result.status): \(result.stderrText)")
        #expect(result.stderrText.lowercased().contains("illegal instruction"), "\(result.stderrText)")
    }

    @Test func traceShowsTheFloatRegisterWritten() throws {
        // A generated FP program (a few hundred instructions): tracing all of fpwork would
        // take minutes in a debug build.
        let program = ProgramGenerator(options: .init(length: 80, floatingPoint: true)).program(seed: 7)
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/fp.elf"
        try Data(try program.elf()).write(to: URL(fileURLWithPath: file))
        let result = try EmuBinary.run(["run", "--trace", file])
        let lines = (result.stdoutText + result.stderrText).split(separator: "\n")
        // The prologue's fld f0..f31 each name their register and its 64 bits.
        #expect(lines.contains { $0.contains("  fld\tft0,") && $0.range(of: #"  ; ft0 = 0x[0-9a-f]{16}$"#, options: .regularExpression) != nil },
                "\(lines.prefix(80).joined(separator: "\n"))")
        let floatWrites = lines.filter { $0.range(of: #"  ; f[a-z]+[0-9]+ = 0x[0-9a-f]{16}$"#, options: .regularExpression) != nil }
        #expect(floatWrites.count > 40)
    }

    /// gdb-multiarch against the stub: the fpu feature's registers at gdb's numbers (f0-f31
    /// 33-64, fflags 66, frm 67, fcsr 68, as `maint print remote-registers` lists them),
    /// written and read back through P and p.
    @Test func gdbSeesTheFloatRegisters() throws {
        guard let gdb = try Oracle.require("gdb-multiarch") else { return }
        let launch = try GDBServerLaunch.start(Self.fpwork)
        defer { launch.stop() }
        let port = launch.port
        let script = """
            set pagination off
            set confirm off
            target remote :\(port)
            stepi 300
            maint print remote-registers
            set $fa0 = 2.5
            p $fa0
            set $frm = 3
            p $frm
            p/x $fcsr
            kill
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("emu-gdb-fp-\(UUID().uuidString).gdb")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ProcessRunner.run(gdb, ["-nx", "-batch", "-x", file.path, Self.fpwork])
        let text = result.stdoutText + result.stderrText
        for (name, number) in [("ft0", 33), ("fa0", 43), ("ft11", 64), ("fflags", 66), ("frm", 67), ("fcsr", 68)] {
            #expect(text.range(of: #"\n \#(name)\s+\#(number)\s+\#(number)\s.*\s\#(number)\s"#, options: .regularExpression) != nil,
                    "\(name) is gdb and remote register \(number):\n\(text)")
        }
        #expect(text.contains("= {float = 0, double = 2.5}"), "\(text)\n\(result.stderrText)")
        #expect(text.contains("$2 = 3") && text.contains("$3 = 0x60"), "\(text)")
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
