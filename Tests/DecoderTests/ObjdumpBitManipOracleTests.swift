import Decoder
import Emu
import Foundation
import Testing
import TestSupport

/// Compares emu's decoder and disassembler with GNU objdump on the Zba/Zbb/Zbc/Zbs
/// encoding space.
///
/// objdump's binary mode decodes for its default ISA, which lacks Zb*, so the words go
/// into an ELF instead: `as -march=rv32imafd_zicsr_zifencei_zba_zbb_zbc_zbs` turns each `.insn 0x...` line
/// into that word and records the architecture in the file's attributes, which objdump
/// then decodes for.
@Suite("objdump oracle: Zba/Zbb/Zbc/Zbs")
struct ObjdumpBitManipOracleTests {
    /// Every OP and OP-IMM word shape (all funct3 and funct7, every `rs2` field where it
    /// selects the one-operand instructions), the RV32 neighbours of the unary encodings,
    /// and seeded random words.
    static func words() -> [UInt32] {
        var rng = SplitMix64(seed: 0xB17_5EED)
        func register() -> UInt32 { UInt32.random(in: 0..<32, using: &rng) }
        var words: [UInt32] = []
        for major: UInt32 in [0x13, 0x33] {
            for funct3: UInt32 in 0..<8 {
                for funct7: UInt32 in 0..<128 {
                    let rs2Values: [UInt32] = (major == 0x13 && (funct3 == 1 || funct3 == 5)) || funct7 == 0b000_0100
                        ? Array(0..<32) : [register(), register(), register(), 0]
                    for rs2 in rs2Values {
                        words.append(funct7 << 25 | rs2 << 20 | register() << 15 | funct3 << 12 | register() << 7 | major)
                    }
                }
            }
        }
        // RV64's rev8 and zext.h: not RV32 instructions.
        words += [0x6b85_d513, 0x0805_c53b]
        for _ in 0..<20_000 {
            let w = UInt32.random(in: 0...UInt32.max, using: &rng) | 3
            if w & 0x1c != 0x1c { words.append(w) }
        }
        return words
    }

    @Test("every B encoding form matches objdump for rv32gc_zba_zbb_zbc_zbs",
          .enabled(if: Oracle.available("riscv64-unknown-elf-as") && Oracle.available("riscv64-unknown-elf-objdump")))
    func bitManipWords() throws {
        guard let assembler = try Oracle.require("riscv64-unknown-elf-as"),
            let objdump = try Oracle.require("riscv64-unknown-elf-objdump")
        else { return }
        let words = Self.words()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emu-bitmanip-oracle-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("words.s"), object = dir.appendingPathComponent("words.o")
        let text = ".text\n" + words.map { ".insn 0x" + String($0, radix: 16) }.joined(separator: "\n") + "\n"
        try text.write(to: source, atomically: true, encoding: .utf8)
        let assembled = try ProcessRunner.run(
            assembler, ["-march=rv32imafd_zicsr_zifencei_zba_zbb_zbc_zbs", "-mabi=ilp32", "-o", object.path, source.path])
        try #require(assembled.status == 0, "as failed: \(assembled.stderrText.prefix(2000))")
        let listing = try ProcessRunner.run(objdump, ["-d", object.path])
        try #require(listing.status == 0, "objdump failed: \(listing.stderrText)")
        var byAddress: [UInt32: ObjdumpLine] = [:]
        for line in ObjdumpOutput.parse(listing.stdoutText) { byAddress[line.address] = line }

        var compared = 0, bitManip = 0, failures: [String] = []
        var seen = Set<Opcode>()
        for (index, word) in words.enumerated() {
            let pc = UInt32(index * 4)
            let inst = decode(word)
            guard let line = byAddress[pc] else {
                failures.append("0x\(String(word, radix: 16)): objdump printed no line")
                continue
            }
            let ours = disassemble(inst, pc: pc)
            seen.insert(inst.opcode)
            if inst.opcode.bitManipExtension != nil { bitManip += 1 }
            if inst.opcode != .illegal {
                // Branch targets differ in form in this listing (objdump names .text+...),
                // and that is covered elsewhere: compare everything else exactly.
                if inst.opcode == .jal || inst.opcode.isBranch { continue }
                compared += 1
                if ours != line.text { failures.append("0x\(String(word, radix: 16)): emu '\(ours)' objdump '\(line.text)'") }
            } else if ours != line.text, !ObjdumpOutput.isKnownQuirk(word, length: 4),
                ObjdumpOutput.isEmuMnemonic(ObjdumpOutput.mnemonic(line.text))
            {
                failures.append("0x\(String(word, radix: 16)): emu says illegal, objdump '\(line.text)'")
            }
        }
        print("objdump oracle (Zb*): \(words.count) words, \(compared) compared, \(bitManip) bit-manipulation, \(failures.count) failures")
        #expect(failures.count == 0, "\(failures.prefix(60).joined(separator: "\n"))")
        for op in Opcode.allCases where op.bitManipExtension != nil {
            #expect(seen.contains(op), "no word of the corpus decodes as \(op)")
        }
    }
}
