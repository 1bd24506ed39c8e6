import Decoder
import Emu
import Foundation
import Testing
import TestSupport

/// Compares emu's decoder and disassembler with GNU objdump on raw instruction words
/// (objdump's binary mode, so no ELF is needed).
///
/// Words where emu deliberately differs from objdump are listed at
/// `ObjdumpOutput.isKnownQuirk(_:length:)`.
@Suite("objdump oracle: raw words")
struct ObjdumpBinaryOracleTests {
    /// The result of one comparison run.
    struct Tally {
        var compared = 0
        var bothIllegal = 0
        var otherExtension = 0
        var quirks = 0
        var failures: [String] = []
    }

    /// Runs objdump on `bytes` in binary mode and returns its lines by address.
    func objdump(_ tool: String, _ bytes: [UInt8], name: String) throws -> [UInt32: ObjdumpLine] {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("emu-decoder-oracle-\(getpid())-\(name)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("words.bin")
        try Data(bytes).write(to: file)
        let result = try ProcessRunner.run(
            tool, ["-D", "-b", "binary", "-m", "riscv:rv32", file.path])
        #expect(result.status == 0, "objdump failed: \(result.stderrText)")
        var byAddress: [UInt32: ObjdumpLine] = [:]
        for line in ObjdumpOutput.parse(result.stdoutText) { byAddress[line.address] = line }
        return byAddress
    }

    /// In binary mode there are no symbols, so objdump prints jump and branch targets with
    /// a `0x` prefix; with symbols (ELF files, and emu's output) it prints bare hex.
    func normalizedTarget(_ text: String, for inst: Instruction) -> String {
        guard inst.opcode == .jal || inst.opcode.isBranch,
            let comma = text.lastIndex(where: { $0 == "," || $0 == "\t" })
        else { return text }
        let operand = text[text.index(after: comma)...]
        guard operand.hasPrefix("0x") else { return text }
        return String(text[...comma]) + operand.dropFirst(2)
    }

    /// Compares every word of `words` (each `length` bytes, laid out from address 0).
    func compare(_ tool: String, words: [UInt32], length: Int, name: String) throws -> Tally {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(words.count * length)
        for word in words {
            for i in 0..<length { bytes.append(UInt8(truncatingIfNeeded: word >> (8 * i))) }
        }
        let lines = try objdump(tool, bytes, name: name)
        var tally = Tally()
        for (index, word) in words.enumerated() {
            let pc = UInt32(index * length)
            let inst = length == 2 ? decodeCompressed(UInt16(word)) : decode(word)
            let ours = disassemble(inst, pc: pc)
            guard let line = lines[pc] else {
                tally.failures.append("\(hex(word)): objdump printed no line at \(pc)")
                continue
            }
            let theirs = normalizedTarget(line.text, for: inst)
            let theirMnemonic = ObjdumpOutput.mnemonic(theirs)
            if inst.opcode.bitManipExtension != nil {
                // objdump's binary mode decodes for its default ISA, which has no Zb*; these
                // words are compared by ObjdumpBitManipOracleTests, in an ELF that names them.
                tally.otherExtension += 1
            } else if inst.opcode != .illegal && theirMnemonic == ".4byte" && ObjdumpOutput.isKnownQuirk(word, length: length) {
                tally.quirks += 1
            } else if inst.opcode != .illegal {
                tally.compared += 1
                if ours != theirs {
                    tally.failures.append("\(hex(word)): emu '\(ours)' objdump '\(theirs)'")
                }
            } else if ours == theirs {
                tally.bothIllegal += 1
            } else if ObjdumpOutput.isKnownQuirk(word, length: length) {
                tally.quirks += 1
            } else if ObjdumpOutput.isEmuMnemonic(theirMnemonic) {
                tally.failures.append("\(hex(word)): emu says illegal, objdump '\(theirs)'")
            } else {
                tally.otherExtension += 1
            }
        }
        print(
            "objdump oracle (\(name)): \(words.count) words, \(tally.compared) compared, "
                + "\(tally.bothIllegal) illegal in both, \(tally.otherExtension) in other "
                + "extensions, \(tally.quirks) documented quirks, \(tally.failures.count) failures")
        return tally
    }

    func hex(_ word: UInt32) -> String { "0x" + String(word, radix: 16) }

    @Test("every compressed halfword matches objdump")
    func everyHalfword() throws {
        guard let tool = try Oracle.require("riscv64-unknown-elf-objdump") else { return }
        let halves = (0...0xffff).map(UInt32.init).filter { $0 & 3 != 3 }
        let tally = try compare(tool, words: halves, length: 2, name: "rvc")
        #expect(tally.failures.isEmpty, "\(tally.failures.prefix(60).joined(separator: "\n"))")
        #expect(tally.compared > 25_000)
    }

    @Test("structured and random 32-bit words match objdump")
    func thirtyTwoBitWords() throws {
        guard let tool = try Oracle.require("riscv64-unknown-elf-objdump") else { return }
        let words = ThirtyTwoBitCorpus.words()
        let tally = try compare(tool, words: words, length: 4, name: "rv32")
        #expect(tally.failures.isEmpty, "\(tally.failures.prefix(60).joined(separator: "\n"))")
        // Every opcode must have been compared at least once (Zb* and F/D have their own
        // oracle tests, whose corpora are made for them).
        var seen = Set<Opcode>()
        for word in words where decode(word).opcode.bitManipExtension == nil && decode(word).opcode.floatExtension == nil {
            seen.insert(decode(word).opcode)
        }
        #expect(seen.count == Opcode.allCases.filter { $0.bitManipExtension == nil && $0.floatExtension == nil }.count)
    }
}

/// The 32-bit words the oracle test disassembles: every major opcode with every funct3 and
/// funct7, the whole CSR space with each Zicsr form, the whole FENCE and SYSTEM funct12
/// spaces, immediates objdump gives aliases for, and seeded random words. 48-bit and longer
/// length prefixes (bits 4:2 = 111) are left out: objdump would read past the word.
enum ThirtyTwoBitCorpus {
    static func words() -> [UInt32] {
        var rng = SplitMix64(seed: 0x5EED_DEC0DE)
        /// A register number biased towards x0 and ra, which select aliases.
        func register() -> UInt32 {
            switch UInt32.random(in: 0..<10, using: &rng) {
            case 0, 1, 2: return 0
            case 3: return 1
            default: return UInt32.random(in: 0..<32, using: &rng)
            }
        }
        func isPrefix(_ w: UInt32) -> Bool { w & 0x1c == 0x1c }
        var words: [UInt32] = []
        let majors = (0..<128).map(UInt32.init).filter { $0 & 3 == 3 && !isPrefix($0) }
        for major in majors {
            for funct3 in 0..<8 as Range<UInt32> {
                for funct7 in 0..<128 as Range<UInt32> {
                    words.append(
                        funct7 << 25 | register() << 20 | register() << 15 | funct3 << 12
                            | register() << 7 | major)
                }
            }
        }
        for csr in 0..<4096 as Range<UInt32> {
            for funct3 in [1, 2, 3, 5, 6, 7] as [UInt32] {
                words.append(csr << 20 | register() << 15 | funct3 << 12 | register() << 7 | 0x73)
            }
        }
        words.append(0x0000_100f)  // FENCE.I: its only valid word
        for field in 0..<4096 as Range<UInt32> {
            words.append(field << 20 | 0x0f)  // FENCE fm|pred|succ
            words.append(field << 20 | 0x73)  // SYSTEM funct12
            words.append(field << 20 | register() << 15 | register() << 7 | 0x0f)
        }
        let aliasImmediates: [Int32] = [0, 1, -1, 255, 2047, -2048, 4, -4]
        for funct3 in 0..<8 as Range<UInt32> {
            for imm in aliasImmediates {
                for _ in 0..<4 {
                    let u = UInt32(bitPattern: imm) & 0xfff
                    words.append(u << 20 | register() << 15 | funct3 << 12 | register() << 7 | 0x13)
                    words.append(u << 20 | register() << 15 | funct3 << 12 | register() << 7 | 0x67)
                }
            }
        }
        for _ in 0..<60_000 {
            let w = UInt32.random(in: 0...UInt32.max, using: &rng) | 3
            if !isPrefix(w) { words.append(w) }
        }
        return words
    }
}
