/// Decodes a 16-bit RVC instruction and expands it to the base instruction it stands for.
///
/// The result carries the base opcode and operands (`c.addi4spn a0,16` becomes
/// `addi a0,sp,16`), `raw` is the halfword and `length` is 2. HINT encodings (such as
/// `c.nop` with a nonzero immediate, or `c.li` with `rd = x0`) are legal and decode to the
/// base instruction they spell. Reserved encodings, the RV32 shifts with `shamt[5] = 1`,
/// and the RV64/RV128-only forms decode to `.illegal`. The floating-point loads and stores
/// (C.FLW, C.FSW, C.FLD, C.FSD and their SP forms) decode to `flw`/`fsw`/`fld`/`fsd`.
///
/// Allocation-free, like `decode(_:)`.
public func decodeCompressed(_ half: UInt16) -> Instruction {
    let h = UInt32(half)
    let illegal = Instruction(.illegal, raw: h, length: 2)
    func make(_ op: Opcode, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0, imm: Int32 = 0)
        -> Instruction
    {
        Instruction(op, rd: rd, rs1: rs1, rs2: rs2, imm: imm, raw: h, length: 2)
    }
    // Full register fields (bits 11:7 and 6:2) and the 3-bit "popular register" fields
    // (x8..x15) at bits 9:7 and 4:2.
    let rdFull = reg(h, at: 7)
    let rs2Full = reg(h, at: 2)
    let rdShort = UInt8(truncatingIfNeeded: bits(h, 9, 7) + 8)
    let rs2Short = UInt8(truncatingIfNeeded: bits(h, 4, 2) + 8)
    // The 6-bit immediate of the CI format: imm[5] at bit 12, imm[4:0] at bits 6:2.
    let ciImm = bit(h, 12) << 5 | bits(h, 6, 2)
    let funct3 = bits(h, 15, 13)

    switch (bits(h, 1, 0), funct3) {
    // MARK: Quadrant 0
    case (0b00, 0b000):  // C.ADDI4SPN: nzuimm[5:4|9:6|2|3]
        let imm = bits(h, 12, 11) << 4 | bits(h, 10, 7) << 6 | bit(h, 6) << 2 | bit(h, 5) << 3
        guard imm != 0 else { return illegal }  // includes the all-zero halfword
        return make(.addi, rd: rs2Short, rs1: 2, imm: Int32(imm))
    case (0b00, 0b010), (0b00, 0b110):  // C.LW / C.SW: uimm[5:3] at 12:10, [2] at 6, [6] at 5
        let imm = Int32(bits(h, 12, 10) << 3 | bit(h, 6) << 2 | bit(h, 5) << 6)
        if funct3 == 0b010 { return make(.lw, rd: rs2Short, rs1: rdShort, imm: imm) }
        return make(.sw, rs1: rdShort, rs2: rs2Short, imm: imm)
    case (0b00, 0b011), (0b00, 0b111):  // C.FLW / C.FSW (RV32): the offsets of C.LW / C.SW
        let imm = Int32(bits(h, 12, 10) << 3 | bit(h, 6) << 2 | bit(h, 5) << 6)
        if funct3 == 0b011 { return make(.flw, rd: rs2Short, rs1: rdShort, imm: imm) }
        return make(.fsw, rs1: rdShort, rs2: rs2Short, imm: imm)
    case (0b00, 0b001), (0b00, 0b101):  // C.FLD / C.FSD: uimm[5:3] at 12:10, [7:6] at 6:5
        let imm = Int32(bits(h, 12, 10) << 3 | bits(h, 6, 5) << 6)
        if funct3 == 0b001 { return make(.fld, rd: rs2Short, rs1: rdShort, imm: imm) }
        return make(.fsd, rs1: rdShort, rs2: rs2Short, imm: imm)

    // MARK: Quadrant 1
    case (0b01, 0b000):  // C.ADDI (C.NOP when rd = 0)
        return make(.addi, rd: rdFull, rs1: rdFull, imm: signExtend(ciImm, width: 6))
    case (0b01, 0b001), (0b01, 0b101):  // C.JAL / C.J
        return make(
            .jal, rd: funct3 == 0b001 ? 1 : 0, imm: compressedJumpOffset(h))
    case (0b01, 0b010):  // C.LI
        return make(.addi, rd: rdFull, rs1: 0, imm: signExtend(ciImm, width: 6))
    case (0b01, 0b011):
        if rdFull == 2 {  // C.ADDI16SP: nzimm[9] at 12, [4|6|8:7|5] at 6:2
            let imm =
                bit(h, 12) << 9 | bit(h, 6) << 4 | bit(h, 5) << 6 | bits(h, 4, 3) << 7
                | bit(h, 2) << 5
            guard imm != 0 else { return illegal }
            return make(.addi, rd: 2, rs1: 2, imm: signExtend(imm, width: 10))
        }
        // C.LUI: nzimm[17] at 12, [16:12] at 6:2.
        guard ciImm != 0 else { return illegal }
        return make(.lui, rd: rdFull, imm: signExtend(ciImm << 12, width: 18))
    case (0b01, 0b100):
        switch bits(h, 11, 10) {
        case 0b00, 0b01:  // C.SRLI / C.SRAI; shamt[5] = 1 is reserved on RV32
            guard bit(h, 12) == 0 else { return illegal }
            let op: Opcode = bits(h, 11, 10) == 0 ? .srli : .srai
            return make(op, rd: rdShort, rs1: rdShort, imm: Int32(ciImm))
        case 0b10:  // C.ANDI
            return make(.andi, rd: rdShort, rs1: rdShort, imm: signExtend(ciImm, width: 6))
        default:
            // Bit 12 set: C.SUBW/C.ADDW (RV64 only) and reserved codes.
            guard bit(h, 12) == 0 else { return illegal }
            let op: Opcode
            switch bits(h, 6, 5) {
            case 0: op = .sub
            case 1: op = .xor
            case 2: op = .or
            default: op = .and
            }
            return make(op, rd: rdShort, rs1: rdShort, rs2: rs2Short)
        }
    case (0b01, 0b110), (0b01, 0b111):  // C.BEQZ / C.BNEZ: offset[8|4:3] at 12:10, [7:6|2:1|5] at 6:2
        let imm =
            bit(h, 12) << 8 | bits(h, 11, 10) << 3 | bits(h, 6, 5) << 6 | bits(h, 4, 3) << 1
            | bit(h, 2) << 5
        return make(
            funct3 == 0b110 ? .beq : .bne, rs1: rdShort, rs2: 0, imm: signExtend(imm, width: 9))

    // MARK: Quadrant 2
    case (0b10, 0b000):  // C.SLLI
        guard bit(h, 12) == 0 else { return illegal }
        return make(.slli, rd: rdFull, rs1: rdFull, imm: Int32(ciImm))
    case (0b10, 0b010):  // C.LWSP: offset[5] at 12, [4:2] at 6:4, [7:6] at 3:2
        guard rdFull != 0 else { return illegal }
        let imm = Int32(bit(h, 12) << 5 | bits(h, 6, 4) << 2 | bits(h, 3, 2) << 6)
        return make(.lw, rd: rdFull, rs1: 2, imm: imm)
    case (0b10, 0b100):
        switch (bit(h, 12), rdFull, rs2Full) {
        case (0, 0, 0): return illegal  // C.JR with rs1 = 0 is reserved
        case (0, _, 0): return make(.jalr, rd: 0, rs1: rdFull)  // C.JR
        case (0, _, _): return make(.add, rd: rdFull, rs1: 0, rs2: rs2Full)  // C.MV
        case (1, 0, 0): return make(.ebreak)  // C.EBREAK
        case (1, _, 0): return make(.jalr, rd: 1, rs1: rdFull)  // C.JALR
        default: return make(.add, rd: rdFull, rs1: rdFull, rs2: rs2Full)  // C.ADD
        }
    case (0b10, 0b110):  // C.SWSP: offset[5:2] at 12:9, [7:6] at 8:7
        let imm = Int32(bits(h, 12, 9) << 2 | bits(h, 8, 7) << 6)
        return make(.sw, rs1: 2, rs2: rs2Full, imm: imm)
    case (0b10, 0b011):  // C.FLWSP (any rd: f0 is a valid target): the offset of C.LWSP
        let imm = Int32(bit(h, 12) << 5 | bits(h, 6, 4) << 2 | bits(h, 3, 2) << 6)
        return make(.flw, rd: rdFull, rs1: 2, imm: imm)
    case (0b10, 0b111):  // C.FSWSP: the offset of C.SWSP
        let imm = Int32(bits(h, 12, 9) << 2 | bits(h, 8, 7) << 6)
        return make(.fsw, rs1: 2, rs2: rs2Full, imm: imm)
    case (0b10, 0b001):  // C.FLDSP: offset[5] at 12, [4:3] at 6:5, [8:6] at 4:2
        let imm = Int32(bit(h, 12) << 5 | bits(h, 6, 5) << 3 | bits(h, 4, 2) << 6)
        return make(.fld, rd: rdFull, rs1: 2, imm: imm)
    case (0b10, 0b101):  // C.FSDSP: offset[5:3] at 12:10, [8:6] at 9:7
        let imm = Int32(bits(h, 12, 10) << 3 | bits(h, 9, 7) << 6)
        return make(.fsd, rs1: 2, rs2: rs2Full, imm: imm)

    default:
        // Quadrant 0 funct3 100 (reserved), and a halfword ending in 0b11 (not compressed).
        return illegal
    }
}

/// The offset of C.J / C.JAL: offset[11|4|9:8|10|6|7|3:1|5] at bits 12:2.
@inline(__always)
func compressedJumpOffset(_ h: UInt32) -> Int32 {
    let imm =
        bit(h, 12) << 11 | bit(h, 11) << 4 | bits(h, 10, 9) << 8 | bit(h, 8) << 10
        | bit(h, 7) << 6 | bit(h, 6) << 7 | bits(h, 5, 3) << 1 | bit(h, 2) << 5
    return signExtend(imm, width: 12)
}
