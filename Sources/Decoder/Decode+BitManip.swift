// MARK: - Zba, Zbb, Zbc, Zbs

/// Decodes a word of the OP or OP-IMM major opcode that the base ISA and M do not define
/// as a bit-manipulation instruction (RV32 forms), or returns nil.
///
/// The selecting fields are those of `Opcode.bitManipShape`; a switch (not a search of that
/// table) keeps decoding allocation-free and constant-time. The tests check that the two
/// agree by encoding every opcode and decoding it back.
@inline(__always)
func decodeBitManip(_ word: UInt32) -> Instruction? {
    let rd = reg(word, at: 7), rs1 = reg(word, at: 15), rs2 = reg(word, at: 20)
    let funct3 = bits(word, 14, 12), funct7 = bits(word, 31, 25), funct12 = bits(word, 31, 20)
    func make(_ op: Opcode, rs2: UInt8 = 0, imm: Int32 = 0) -> Instruction {
        Instruction(op, rd: rd, rs1: rs1, rs2: rs2, imm: imm, raw: word, length: 4)
    }
    switch bits(word, 6, 0) {
    case 0b011_0011:  // OP
        let op: Opcode
        switch (funct7, funct3) {
        case (0b001_0000, 0b010): op = .sh1add
        case (0b001_0000, 0b100): op = .sh2add
        case (0b001_0000, 0b110): op = .sh3add
        case (0b010_0000, 0b111): op = .andn
        case (0b010_0000, 0b110): op = .orn
        case (0b010_0000, 0b100): op = .xnor
        case (0b000_0101, 0b110): op = .max
        case (0b000_0101, 0b111): op = .maxu
        case (0b000_0101, 0b100): op = .min
        case (0b000_0101, 0b101): op = .minu
        case (0b000_0100, 0b100):
            // pack rd,rs1,x0 is zext.h; pack with another rs2 is Zbkb, not emu's.
            return rs2 == 0 ? make(.zextH) : nil
        case (0b011_0000, 0b001): op = .rol
        case (0b011_0000, 0b101): op = .ror
        case (0b000_0101, 0b001): op = .clmul
        case (0b000_0101, 0b010): op = .clmulr
        case (0b000_0101, 0b011): op = .clmulh
        case (0b001_0100, 0b001): op = .bset
        case (0b010_0100, 0b001): op = .bclr
        case (0b011_0100, 0b001): op = .binv
        case (0b010_0100, 0b101): op = .bext
        default: return nil
        }
        return make(op, rs2: rs2)
    case 0b001_0011:  // OP-IMM
        let shamt = Int32(bits(word, 24, 20))
        switch (funct3, funct12) {
        case (0b001, 0x600): return make(.clz)
        case (0b001, 0x601): return make(.ctz)
        case (0b001, 0x602): return make(.cpop)
        case (0b001, 0x604): return make(.sextB)
        case (0b001, 0x605): return make(.sextH)
        case (0b101, 0x287): return make(.orcB)
        case (0b101, 0x698): return make(.rev8)
        default: break
        }
        // On RV32 the shift amount is 5 bits: a set bit 25 (shamt[5]) makes funct7 odd,
        // which matches no case here, as for slli.
        switch (funct7, funct3) {
        case (0b011_0000, 0b101): return make(.rori, imm: shamt)
        case (0b001_0100, 0b001): return make(.bseti, imm: shamt)
        case (0b010_0100, 0b001): return make(.bclri, imm: shamt)
        case (0b011_0100, 0b001): return make(.binvi, imm: shamt)
        case (0b010_0100, 0b101): return make(.bexti, imm: shamt)
        default: return nil
        }
    default:
        return nil
    }
}
