import Foundation
import TestSupport
import Testing

/// The bit-manipulation programs (programs/bitmanip) under the built `emu` and
/// qemu-riscv32, and `--isa` as the command line sees it.
@Suite struct EndToEndBitManipTests {
    static let ops = "programs/bin/bitmanip/ops.elf"

    /// ops.elf prints every Zb* instruction's results over special and random operands:
    /// the same lines as qemu-riscv32 (whose default CPU has Zba/Zbb/Zbc/Zbs), also with
    /// more random pairs than the default.
    @Test(arguments: [[], ["20000"]])
    func opsMatchQemu(_ arguments: [String]) throws {
        let invocation = ReferenceRun.Invocation(arguments: arguments)
        let emu = try ReferenceRun.emu(Self.ops, invocation)
        #expect(emu.status == 0, "\(emu.stderrText)")
        #expect(emu.stdoutText.split(separator: "\n").count == 33, "one line per instruction and a checksum")
        guard let qemu = try ReferenceRun.qemu(Self.ops, invocation) else { return }
        #expect(emu.stdoutText == qemu.stdoutText)
        #expect(emu.status == qemu.status)
    }

    /// Both builds of the bit-count loop give qemu's checksum; the Zbb build needs Zbb.
    @Test func bitcountBuildsAgree() throws {
        let plain = "programs/bin/bitmanip/bench/bitcount.elf", zbb = "programs/bin/bitmanip/bench/bitcount-zbb.elf"
        let invocation = ReferenceRun.Invocation(arguments: ["30000"])
        let a = try ReferenceRun.emu(plain, invocation), b = try ReferenceRun.emu(zbb, invocation)
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdoutText == b.stdoutText && a.stdoutText.hasPrefix("bitcount 30000: checksum "))
        if let qemu = try ReferenceRun.qemu(zbb, invocation) { #expect(qemu.stdoutText == b.stdoutText) }
        let restricted = try EmuBinary.run(["run", "--isa", "rv32imac", zbb, "30000"], currentDirectory: Paths.packageRoot)
        #expect(restricted.status == 132, "\(restricted.stderrText)")
        let plainRestricted = try EmuBinary.run(["run", "--isa", "rv32imac", plain, "30000"], currentDirectory: Paths.packageRoot)
        #expect(plainRestricted.status == 0 && plainRestricted.stdoutText == a.stdoutText)
    }

    /// Without the extensions a B instruction is SIGILL with the same report as any
    /// illegal instruction: exit 132, the pc, the symbol and the disassembly.
    @Test func withoutTheExtensionItIsSIGILL() throws {
        let result = try EmuBinary.run(["run", "--isa", "rv32imac_zicsr_zifencei", Self.ops], currentDirectory: Paths.packageRoot)
        #expect(result.status == 132)
        #expect(result.stderrText.contains("illegal instruction (SIGILL, exit status 132)"), "\(result.stderrText)")
        #expect(result.stderrText.contains("<op_sh1add>"), "\(result.stderrText)")
        #expect(result.stderrText.contains("sh1add\ta0,a0,a1"), "\(result.stderrText)")
        #expect(result.stdout.isEmpty)
        // Zba alone gets past sh1add to the first Zbb instruction.
        let zba = try EmuBinary.run(["run", "--isa", "rv32imac_zba", Self.ops], currentDirectory: Paths.packageRoot)
        #expect(zba.status == 132)
        #expect(zba.stderrText.contains("andn\t"), "\(zba.stderrText)")
        #expect(zba.stdoutText.hasPrefix("sh1add "))
    }

    @Test(arguments: [
        ("rv64gc", "emu runs RV32 only"),
        ("rv32imq", "unknown or unsupported extension 'q'"),
        ("rv32i_zbkb", "unknown or unsupported extension 'zbkb'"),
        ("rv32imm", "extension 'm' is named twice"),
        ("rv32mac", "the base extension i (or g) must come first"),
        ("rv32e", "not RV32E"),
    ])
    func badISAStringsExit125(_ isa: String, _ message: String) throws {
        let result = try EmuBinary.run(["run", "--isa", isa, "programs/bin/hello.elf"], currentDirectory: Paths.packageRoot)
        #expect(result.status == 125)
        let lines = result.stderrText.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Error: --isa '\(isa)': ") == true, "\(result.stderrText)")
        #expect(lines.first?.contains(message) == true, "\(result.stderrText)")
        #expect(lines.dropFirst().first == "See 'emu run --help'.")
    }

    @Test func helpShowsTheDefault() throws {
        let result = try EmuBinary.run(["run", "--help"])
        // The help wraps its lines: compare with the whitespace collapsed.
        let text = result.stdoutText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("--isa ISA The extensions the hart has"), "\(result.stdoutText)")
        #expect(text.contains("(default rv32imafdc_zicsr_zifencei_zba_zbb_zbc_zbs)"), "\(result.stdoutText)")
    }
}
