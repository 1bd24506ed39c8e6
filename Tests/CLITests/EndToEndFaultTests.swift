import Decoder
import Emu
import Foundation
import TestSupport
import Testing

/// A guest killed by a fault: exit status 128 + signal, and one diagnostic (the fault,
/// then its pc, symbol, bits and disassembly), as in DESIGN.md.
@Suite struct EndToEndFaultTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let program: String
        let status: Int32
        let fault: String
        var testDescription: String { program }
    }

    static let cases: [Case] = ["", "rv32im/", "rv32imac/", "rv32ia/"].flatMap { variant in
        [
            Case(program: "programs/bin/\(variant)illegal.elf", status: 132, fault: "illegal instruction"),
            Case(program: "programs/bin/\(variant)nullderef.elf", status: 139, fault: "load from unmapped address 0x00000000"),
            Case(program: "programs/bin/\(variant)writetext.elf", status: 139, fault: "store to non-writable address"),
        ]
    }

    @Test(arguments: cases)
    func faultDiagnostic(_ c: Case) throws {
        let result = try ReferenceRun.emu(c.program, .init())
        #expect(result.status == c.status)
        #expect(result.stdoutText.hasPrefix("before "), "the output before the fault is flushed")
        let lines = result.stderrText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try #require(lines.count == 3 && lines[2].isEmpty, "one diagnostic of two lines, got: \(result.stderrText)")
        #expect(lines[0].contains(c.program), "names the file")
        #expect(lines[0].contains(c.fault))
        #expect(lines[0].contains("exit status \(c.status)"))
        #expect(lines[0].contains(c.status == 132 ? "SIGILL" : "SIGSEGV"))

        // Second line: "  at pc 0xXXXXXXXX <symbol+0xN>: BITS  disassembly", checked
        // against the ELF file itself.
        let location = lines[1]
        let pcText = try #require(location.range(of: "at pc 0x").map { location[$0.upperBound...].prefix(8) })
        let pc = try #require(UInt32(pcText, radix: 16))
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.packageRoot + "/" + c.program))))
        let (symbol, offset) = try #require(elf.symbolize(pc))
        #expect(symbol == "main")
        #expect(location.contains("<main+0x\(String(offset, radix: 16))>"))
        let segment = try #require(elf.segments.first { $0.executable && pc >= $0.vaddr && pc - $0.vaddr < UInt32($0.fileBytes.count) })
        let at = Int(pc - segment.vaddr)
        let low = UInt32(segment.fileBytes[at]) | UInt32(segment.fileBytes[at + 1]) << 8
        let word = low & 3 == 3 ? low | UInt32(segment.fileBytes[at + 2]) << 16 | UInt32(segment.fileBytes[at + 3]) << 24 : low
        let instruction = decode(word)
        let bits = String(instruction.raw, radix: 16)
        let padded = String(repeating: "0", count: max(0, (instruction.isCompressed ? 4 : 8) - bits.count)) + bits
        #expect(location.contains(": \(padded)  \(disassemble(instruction, pc: pc))"), "\(location)")
    }

    /// The exit status agrees with qemu-riscv32's (which dies of the same signal).
    @Test(arguments: cases)
    func statusSameAsQEMU(_ c: Case) throws {
        guard let qemu = try ReferenceRun.qemu(c.program, .init()) else { return }
        #expect(qemu.status == c.status)
    }
}
