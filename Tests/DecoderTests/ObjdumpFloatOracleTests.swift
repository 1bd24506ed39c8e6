import Decoder
import Emu
import Foundation
import Testing
import TestSupport

/// Compares emu's decoder and disassembler with GNU objdump on the F and D encoding space,
/// 32-bit and compressed, in an ELF assembled for rv32gc (so objdump decodes for exactly
/// that ISA).
///
/// One documented difference: `fcvt.d.w`, `fcvt.d.wu` and `fcvt.d.s` with rm ≠ 000, valid
/// instructions that binutils 2.40 prints as `.4byte` (`ObjdumpOutput.isFloatConversionQuirk`);
/// the test counts them and checks that they are exactly the words it expects.
@Suite("objdump oracle: F and D")
struct ObjdumpFloatOracleTests {
    /// Every OP-FP funct7 × funct3 with every rs2 (which selects the unary forms), every
    /// fused major × fmt × rm, the LOAD-FP/STORE-FP funct3 values, and random FP words.
    static func words() -> [UInt32] {
        var rng = SplitMix64(seed: 0xF10A7)
        func register() -> UInt32 { UInt32.random(in: 0..<32, using: &rng) }
        var words: [UInt32] = []
        for funct7: UInt32 in 0..<128 {
            for funct3: UInt32 in 0..<8 {
                for rs2: UInt32 in 0..<32 {
                    words.append(funct7 << 25 | rs2 << 20 | register() << 15 | funct3 << 12 | register() << 7 | 0x53)
                }
            }
        }
        for major: UInt32 in [0x43, 0x47, 0x4b, 0x4f] {
            for fmt: UInt32 in 0..<4 {
                for rm: UInt32 in 0..<8 {
                    for _ in 0..<4 {
                        words.append(register() << 27 | fmt << 25 | register() << 20 | register() << 15 | rm << 12
                                     | register() << 7 | major)
                    }
                }
            }
        }
        for major: UInt32 in [0x07, 0x27] {
            for funct3: UInt32 in 0..<8 {
                for _ in 0..<16 {
                    words.append(UInt32.random(in: 0...0xfff, using: &rng) << 20 | register() << 15 | funct3 << 12
                                 | register() << 7 | major)
                }
            }
        }
        let majors: [UInt32] = [0x07, 0x27, 0x43, 0x47, 0x4b, 0x4f, 0x53]
        for _ in 0..<10_000 {
            words.append(UInt32.random(in: 0...UInt32.max, using: &rng) & ~0x7f | majors.randomElement(using: &rng)!)
        }
        return words
    }

    /// The compressed FP loads and stores: every halfword of quadrant 0 funct3 001, 011,
    /// 101, 111 and quadrant 2 funct3 001, 011, 101, 111.
    static func halves() -> [UInt32] {
        var halves: [UInt32] = []
        for quadrant: UInt32 in [0, 2] {
            for funct3: UInt32 in [1, 3, 5, 7] {
                for body: UInt32 in stride(from: 0, to: 1 << 11, by: 1) {
                    halves.append(funct3 << 13 | body << 2 | quadrant)
                }
            }
        }
        return halves
    }

    @Test("every F and D encoding form matches objdump for rv32gc",
          .enabled(if: Oracle.available("riscv64-unknown-elf-as") && Oracle.available("riscv64-unknown-elf-objdump")))
    func floatWords() throws {
        guard let assembler = try Oracle.require("riscv64-unknown-elf-as"),
            let objdump = try Oracle.require("riscv64-unknown-elf-objdump")
        else { return }
        let words = Self.words().map { (bits: $0, length: 4) } + Self.halves().map { (bits: $0, length: 2) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emu-float-oracle-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("words.s"), object = dir.appendingPathComponent("words.o")
        let text = ".text\n" + words.map { ".insn 0x" + String($0.bits, radix: 16) }
            .joined(separator: "\n") + "\n"
        try text.write(to: source, atomically: true, encoding: .utf8)
        let assembled = try ProcessRunner.run(assembler, ["-march=rv32gc", "-mabi=ilp32d", "-o", object.path, source.path])
        try #require(assembled.status == 0, "as failed: \(assembled.stderrText.prefix(2000))")
        let listing = try ProcessRunner.run(objdump, ["-d", object.path])
        try #require(listing.status == 0, "objdump failed: \(listing.stderrText)")
        var byAddress: [UInt32: ObjdumpLine] = [:]
        for line in ObjdumpOutput.parse(listing.stdoutText) { byAddress[line.address] = line }

        var compared = 0, quirks = 0, bothIllegal = 0, failures: [String] = []
        var seen = Set<Opcode>()
        var pc: UInt32 = 0
        for word in words {
            defer { pc += UInt32(word.length) }
            let inst = word.length == 2 ? decodeCompressed(UInt16(word.bits)) : decode(word.bits)
            let hex = "0x" + String(word.bits, radix: 16)
            guard let line = byAddress[pc] else {
                failures.append("\(hex): objdump printed no line")
                continue
            }
            let ours = disassemble(inst, pc: pc)
            seen.insert(inst.opcode)
            let theirMnemonic = ObjdumpOutput.mnemonic(line.text)
            if inst.opcode == .illegal {
                if theirMnemonic == ".4byte" || theirMnemonic == ".2byte" { bothIllegal += 1 }
                else { failures.append("\(hex): emu says illegal, objdump '\(line.text)'") }
            } else if theirMnemonic == ".4byte" && ObjdumpOutput.isFloatConversionQuirk(word.bits) {
                #expect([.fcvtDW, .fcvtDWu, .fcvtDS].contains(inst.opcode) && inst.rm != 0, "\(hex)")
                quirks += 1
            } else {
                compared += 1
                if ours != line.text { failures.append("\(hex): emu '\(ours)' objdump '\(line.text)'") }
            }
        }
        print("objdump oracle (F/D): \(words.count) encodings, \(compared) compared, \(bothIllegal) illegal in both, \(quirks) fcvt.d.* rm≠0 quirks, \(failures.count) failures")
        #expect(failures.isEmpty, "\(failures.prefix(60).joined(separator: "\n"))")
        #expect(quirks > 0)
        for op in Opcode.allCases where op.floatExtension != nil {
            #expect(seen.contains(op), "no word of the corpus decodes as \(op)")
        }
    }
}
