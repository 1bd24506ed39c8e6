/// Finds a 16-bit RVC encoding of a base instruction, or nil when none exists for this
/// opcode and these operands (or when `encode(_:)` would reject the instruction).
///
/// When it returns a halfword, `decodeCompressed(half)` gives back the same opcode and
/// operands. Where two RVC forms expand to the same instruction (`c.nop imm` and
/// `c.li zero,imm`; `c.mv zero,rs2` and `c.add zero,rs2`) the first one listed in the
/// specification is chosen. HINT encodings are produced too, since they are legal.
public func encodeCompressed(_ inst: Instruction) -> UInt16? {
    guard encode(inst) != nil else { return nil }
    let rd = UInt32(inst.rd), rs1 = UInt32(inst.rs1), rs2 = UInt32(inst.rs2)
    let imm = inst.imm
    let u = UInt32(bitPattern: imm)

    /// x8...x15, the registers the 3-bit fields can name.
    func isShort(_ r: UInt32) -> Bool { (8...15).contains(r) }
    func half(_ value: UInt32) -> UInt16 { UInt16(truncatingIfNeeded: value) }
    /// The CI format with a 6-bit immediate: imm[5] at bit 12, imm[4:0] at bits 6:2.
    func ci(_ funct3: UInt32, _ op: UInt32, _ r: UInt32, _ v: UInt32) -> UInt16 {
        half(funct3 << 13 | bit(v, 5) << 12 | r << 7 | bits(v, 4, 0) << 2 | op)
    }
    let fitsSix = (-32...31).contains(imm)

    switch inst.opcode {
    case .addi:
        if rd == rs1, fitsSix { return ci(0b000, 0b01, rd, u) }  // C.NOP / C.ADDI
        if rs1 == 0, fitsSix { return ci(0b010, 0b01, rd, u) }  // C.LI
        if rd == 2, rs1 == 2, imm != 0, imm & 15 == 0, (-512...496).contains(imm) {
            // C.ADDI16SP: nzimm[9] at 12, [4|6|8:7|5] at 6:2
            return half(
                0b011 << 13 | bit(u, 9) << 12 | 2 << 7 | bit(u, 4) << 6 | bit(u, 6) << 5
                    | bits(u, 8, 7) << 3 | bit(u, 5) << 2 | 0b01)
        }
        if rs1 == 2, isShort(rd), imm != 0, imm & 3 == 0, (4...1020).contains(imm) {
            // C.ADDI4SPN: nzuimm[5:4|9:6|2|3] at 12:5
            return half(
                bits(u, 5, 4) << 11 | bits(u, 9, 6) << 7 | bit(u, 2) << 6 | bit(u, 3) << 5
                    | (rd - 8) << 2)
        }
        return nil
    case .lui:
        // C.LUI: rd != sp (that code point is C.ADDI16SP), nonzero 6-bit upper immediate.
        let upper = imm >> 12
        guard rd != 2, upper != 0, (-32...31).contains(upper) else { return nil }
        return ci(0b011, 0b01, rd, UInt32(bitPattern: upper))
    case .lw, .sw:
        let isLoad = inst.opcode == .lw
        let data = isLoad ? rd : rs2
        if rs1 == 2, imm & 3 == 0, (0...252).contains(imm), !isLoad || rd != 0 {
            if isLoad {  // C.LWSP: offset[5] at 12, [4:2] at 6:4, [7:6] at 3:2
                return half(
                    0b010 << 13 | bit(u, 5) << 12 | rd << 7 | bits(u, 4, 2) << 4
                        | bits(u, 7, 6) << 2 | 0b10)
            }
            // C.SWSP: offset[5:2] at 12:9, [7:6] at 8:7
            return half(0b110 << 13 | bits(u, 5, 2) << 9 | bits(u, 7, 6) << 7 | rs2 << 2 | 0b10)
        }
        guard isShort(rs1), isShort(data), imm & 3 == 0, (0...124).contains(imm) else {
            return nil
        }
        // C.LW / C.SW: uimm[5:3] at 12:10, [2] at 6, [6] at 5
        return half(
            (isLoad ? 0b010 : 0b110) << 13 | bits(u, 5, 3) << 10 | (rs1 - 8) << 7
                | bit(u, 2) << 6 | bit(u, 6) << 5 | (data - 8) << 2)
    case .flw, .fsw:
        let isLoad = inst.opcode == .flw
        let data = isLoad ? rd : rs2
        if rs1 == 2, imm & 3 == 0, (0...252).contains(imm) {
            if isLoad {  // C.FLWSP: the offset of C.LWSP (f0 allowed)
                return half(
                    0b011 << 13 | bit(u, 5) << 12 | rd << 7 | bits(u, 4, 2) << 4
                        | bits(u, 7, 6) << 2 | 0b10)
            }
            // C.FSWSP: the offset of C.SWSP
            return half(0b111 << 13 | bits(u, 5, 2) << 9 | bits(u, 7, 6) << 7 | rs2 << 2 | 0b10)
        }
        guard isShort(rs1), isShort(data), imm & 3 == 0, (0...124).contains(imm) else {
            return nil
        }
        // C.FLW / C.FSW: the offsets of C.LW / C.SW
        return half(
            (isLoad ? 0b011 : 0b111) << 13 | bits(u, 5, 3) << 10 | (rs1 - 8) << 7
                | bit(u, 2) << 6 | bit(u, 6) << 5 | (data - 8) << 2)
    case .fld, .fsd:
        let isLoad = inst.opcode == .fld
        let data = isLoad ? rd : rs2
        if rs1 == 2, imm & 7 == 0, (0...504).contains(imm) {
            if isLoad {  // C.FLDSP: offset[5] at 12, [4:3] at 6:5, [8:6] at 4:2
                return half(
                    0b001 << 13 | bit(u, 5) << 12 | rd << 7 | bits(u, 4, 3) << 5
                        | bits(u, 8, 6) << 2 | 0b10)
            }
            // C.FSDSP: offset[5:3] at 12:10, [8:6] at 9:7
            return half(0b101 << 13 | bits(u, 5, 3) << 10 | bits(u, 8, 6) << 7 | rs2 << 2 | 0b10)
        }
        guard isShort(rs1), isShort(data), imm & 7 == 0, (0...248).contains(imm) else {
            return nil
        }
        // C.FLD / C.FSD: uimm[5:3] at 12:10, [7:6] at 6:5
        return half(
            (isLoad ? 0b001 : 0b101) << 13 | bits(u, 5, 3) << 10 | (rs1 - 8) << 7
                | bits(u, 7, 6) << 5 | (data - 8) << 2)
    case .jal:
        guard rd <= 1, (-2048...2046).contains(imm) else { return nil }
        // C.JAL / C.J: offset[11|4|9:8|10|6|7|3:1|5] at 12:2
        return half(
            (rd == 1 ? 0b001 : 0b101) << 13 | bit(u, 11) << 12 | bit(u, 4) << 11
                | bits(u, 9, 8) << 9 | bit(u, 10) << 8 | bit(u, 6) << 7 | bit(u, 7) << 6
                | bits(u, 3, 1) << 3 | bit(u, 5) << 2 | 0b01)
    case .beq, .bne:
        guard isShort(rs1), rs2 == 0, (-256...254).contains(imm) else { return nil }
        // C.BEQZ / C.BNEZ: offset[8|4:3] at 12:10, [7:6|2:1|5] at 6:2
        return half(
            (inst.opcode == .beq ? 0b110 : 0b111) << 13 | bit(u, 8) << 12
                | bits(u, 4, 3) << 10 | (rs1 - 8) << 7 | bits(u, 7, 6) << 5
                | bits(u, 2, 1) << 3 | bit(u, 5) << 2 | 0b01)
    case .srli, .srai:
        guard rd == rs1, isShort(rd) else { return nil }
        let funct2: UInt32 = inst.opcode == .srli ? 0b00 : 0b01
        return half(0b100 << 13 | funct2 << 10 | (rd - 8) << 7 | bits(u, 4, 0) << 2 | 0b01)
    case .andi:
        guard rd == rs1, isShort(rd), fitsSix else { return nil }
        return half(
            0b100 << 13 | bit(u, 5) << 12 | 0b10 << 10 | (rd - 8) << 7 | bits(u, 4, 0) << 2
                | 0b01)
    case .sub, .xor, .or, .and:
        guard rd == rs1, isShort(rd), isShort(rs2) else { return nil }
        let funct2: UInt32 =
            inst.opcode == .sub ? 0 : inst.opcode == .xor ? 1 : inst.opcode == .or ? 2 : 3
        return half(0b100_011 << 10 | (rd - 8) << 7 | funct2 << 5 | (rs2 - 8) << 2 | 0b01)
    case .slli:
        guard rd == rs1 else { return nil }
        return ci(0b000, 0b10, rd, u)
    case .jalr:
        guard rd <= 1, rs1 != 0, imm == 0 else { return nil }
        return half(0b100 << 13 | rd << 12 | rs1 << 7 | 0b10)  // C.JR / C.JALR
    case .add:
        guard rs2 != 0 else { return nil }
        if rs1 == 0 { return half(0b100 << 13 | rd << 7 | rs2 << 2 | 0b10) }  // C.MV
        if rd == rs1 { return half(0b100 << 13 | 1 << 12 | rd << 7 | rs2 << 2 | 0b10) }  // C.ADD
        return nil
    case .ebreak:
        return 0x9002
    default:
        return nil
    }
}
