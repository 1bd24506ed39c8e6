import Decoder

/// The decoder, disassembler and encoders against each other. For every 32-bit word whose
/// low two bits are 11 and every halfword whose low two bits are not, read from the input:
/// - decoding never traps and gives `length` 4 (or 2) and `raw` equal to the bits;
/// - the disassembler never traps and prints something;
/// - a 32-bit word that decodes to an instruction re-encodes to exactly the same word
///   (emu's decoder rejects every reserved field, so no two words share a meaning);
/// - a halfword that decodes to an instruction re-encodes (`encodeCompressed`) to a
///   halfword with the same expansion — not always the same bits, as RVC has aliases —
///   and the expansion's 32-bit encoding decodes back to the same operands.
public enum DecoderFuzz {
    /// Checks every word and halfword of `bytes`.
    public static func run(_ bytes: [UInt8]) -> [FuzzFailure] {
        var failures: [FuzzFailure] = []
        var index = 0
        // Every byte offset, so that a mutation anywhere reaches both a word and a halfword.
        while index + 2 <= bytes.count {
            let half = UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
            checkHalf(half, &failures)
            if index + 4 <= bytes.count {
                let word = UInt32(half) | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
                checkWord(word | 3, &failures)
            }
            index += 1
        }
        return failures
    }

    /// `inst` without the fields that describe its encoding, for comparing meanings.
    static func operands(_ inst: Instruction) -> Instruction {
        var copy = inst
        copy.raw = 0
        copy.length = 4
        return copy
    }

    static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }

    static func checkWord(_ word: UInt32, _ failures: inout [FuzzFailure]) {
        let inst = decode(word)
        if disassemble(inst, pc: 0x1000).isEmpty { failures.append(FuzzFailure("\(hex(word)): empty disassembly")) }
        guard inst.opcode != .illegal else { return }
        if inst.length != 4 || inst.raw != word {
            failures.append(FuzzFailure("\(hex(word)): decoded length \(inst.length), raw \(hex(inst.raw))"))
        }
        guard let again = encode(inst) else {
            failures.append(FuzzFailure("\(hex(word)): \(inst) decodes but does not encode"))
            return
        }
        if again != word { failures.append(FuzzFailure("\(hex(word)): \(inst) re-encodes to \(hex(again))")) }
    }

    static func checkHalf(_ half: UInt16, _ failures: inout [FuzzFailure]) {
        guard half & 3 != 3 else { return }
        let inst = decodeCompressed(half)
        if disassemble(inst, pc: 0x1000).isEmpty {
            failures.append(FuzzFailure("\(hex(UInt32(half))): empty disassembly"))
        }
        guard inst.opcode != .illegal else { return }
        if inst.length != 2 || inst.raw != UInt32(half) {
            failures.append(FuzzFailure("\(hex(UInt32(half))): decoded length \(inst.length), raw \(hex(inst.raw))"))
        }
        guard let short = encodeCompressed(inst) else {
            failures.append(FuzzFailure("\(hex(UInt32(half))): \(inst) has no compressed encoding"))
            return
        }
        if operands(decodeCompressed(short)) != operands(inst) {
            failures.append(FuzzFailure("\(hex(UInt32(half))): re-encodes to \(hex(UInt32(short))), another meaning"))
        }
        guard let word = encode(inst) else {
            failures.append(FuzzFailure("\(hex(UInt32(half))): expansion \(inst) has no 32-bit encoding"))
            return
        }
        if operands(decode(word)) != operands(inst) {
            failures.append(FuzzFailure("\(hex(UInt32(half))): 32-bit form \(hex(word)) means something else"))
        }
    }
}
