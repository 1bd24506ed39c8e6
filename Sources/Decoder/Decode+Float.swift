// MARK: - F and D

/// Decodes a word of the LOAD-FP, STORE-FP, MADD/MSUB/NMSUB/NMADD or OP-FP major opcodes
/// (RV32 F and D forms), or returns nil.
///
/// Every rounding mode decodes, the reserved 5 and 6 included: objdump prints them as
/// `unknown`, and the hart raises the illegal-instruction exception when it runs one
/// (spec: "reserved rounding modes ... are reserved and raise an illegal instruction").
/// The selecting fields are those of `Opcode.floatShape`; the tests encode every opcode
/// and decode it back to check that the two agree.
@inline(__always)
func decodeFloat(_ word: UInt32) -> Instruction? {
    let rd = reg(word, at: 7), rs1 = reg(word, at: 15), rs2 = reg(word, at: 20)
    let funct3 = bits(word, 14, 12), funct7 = bits(word, 31, 25)
    let rm = Int32(funct3)
    func make(_ op: Opcode, rs2: UInt8 = 0, imm: Int32 = 0) -> Instruction {
        Instruction(op, rd: rd, rs1: rs1, rs2: rs2, imm: imm, raw: word, length: 4)
    }
    switch bits(word, 6, 0) {
    case 0b000_0111:  // LOAD-FP
        let imm = signExtend(bits(word, 31, 20), width: 12)
        switch funct3 {
        case 0b010: return make(.flw, imm: imm)
        case 0b011: return make(.fld, imm: imm)
        default: return nil
        }
    case 0b010_0111:  // STORE-FP
        let imm = signExtend(bits(word, 31, 25) << 5 | bits(word, 11, 7), width: 12)
        let op: Opcode
        switch funct3 {
        case 0b010: op = .fsw
        case 0b011: op = .fsd
        default: return nil
        }
        return Instruction(op, rs1: rs1, rs2: rs2, imm: imm, raw: word, length: 4)
    case 0b100_0011, 0b100_0111, 0b100_1011, 0b100_1111:  // the fused multiply-adds
        let double: Bool
        switch bits(word, 26, 25) {
        case 0b00: double = false
        case 0b01: double = true
        default: return nil  // H and Q
        }
        let op: Opcode
        switch bits(word, 6, 0) {
        case 0b100_0011: op = double ? .fmaddD : .fmaddS
        case 0b100_0111: op = double ? .fmsubD : .fmsubS
        case 0b100_1011: op = double ? .fnmsubD : .fnmsubS
        default: op = double ? .fnmaddD : .fnmaddS
        }
        return make(op, rs2: rs2, imm: Int32(bits(word, 31, 27)) << 3 | rm)
    case 0b101_0011:  // OP-FP
        switch funct7 {
        case 0b000_0000: return make(.faddS, rs2: rs2, imm: rm)
        case 0b000_0001: return make(.faddD, rs2: rs2, imm: rm)
        case 0b000_0100: return make(.fsubS, rs2: rs2, imm: rm)
        case 0b000_0101: return make(.fsubD, rs2: rs2, imm: rm)
        case 0b000_1000: return make(.fmulS, rs2: rs2, imm: rm)
        case 0b000_1001: return make(.fmulD, rs2: rs2, imm: rm)
        case 0b000_1100: return make(.fdivS, rs2: rs2, imm: rm)
        case 0b000_1101: return make(.fdivD, rs2: rs2, imm: rm)
        case 0b010_1100: return rs2 == 0 ? make(.fsqrtS, imm: rm) : nil
        case 0b010_1101: return rs2 == 0 ? make(.fsqrtD, imm: rm) : nil
        case 0b001_0000, 0b001_0001:
            let double = funct7 & 1 == 1
            switch funct3 {
            case 0: return make(double ? .fsgnjD : .fsgnjS, rs2: rs2)
            case 1: return make(double ? .fsgnjnD : .fsgnjnS, rs2: rs2)
            case 2: return make(double ? .fsgnjxD : .fsgnjxS, rs2: rs2)
            default: return nil
            }
        case 0b001_0100, 0b001_0101:
            let double = funct7 & 1 == 1
            switch funct3 {
            case 0: return make(double ? .fminD : .fminS, rs2: rs2)
            case 1: return make(double ? .fmaxD : .fmaxS, rs2: rs2)
            default: return nil
            }
        case 0b010_0000: return rs2 == 1 ? make(.fcvtSD, imm: rm) : nil
        case 0b010_0001: return rs2 == 0 ? make(.fcvtDS, imm: rm) : nil
        case 0b101_0000, 0b101_0001:
            let double = funct7 & 1 == 1
            switch funct3 {
            case 0: return make(double ? .fleD : .fleS, rs2: rs2)
            case 1: return make(double ? .fltD : .fltS, rs2: rs2)
            case 2: return make(double ? .feqD : .feqS, rs2: rs2)
            default: return nil
            }
        case 0b110_0000, 0b110_0001, 0b110_1000, 0b110_1001:
            // rs2 = 0: signed word, 1: unsigned word; 2 and 3 are RV64's long forms.
            guard rs2 <= 1 else { return nil }
            let unsigned = rs2 == 1
            let op: Opcode
            switch funct7 {
            case 0b110_0000: op = unsigned ? .fcvtWuS : .fcvtWS
            case 0b110_0001: op = unsigned ? .fcvtWuD : .fcvtWD
            case 0b110_1000: op = unsigned ? .fcvtSWu : .fcvtSW
            default: op = unsigned ? .fcvtDWu : .fcvtDW
            }
            return make(op, imm: rm)
        case 0b111_0000:
            guard rs2 == 0 else { return nil }
            switch funct3 {
            case 0: return make(.fmvXW)
            case 1: return make(.fclassS)
            default: return nil
            }
        case 0b111_0001:
            // fclass.d; fmv.x.d (funct3 0) is RV64 only.
            return rs2 == 0 && funct3 == 1 ? make(.fclassD) : nil
        case 0b111_1000:
            return rs2 == 0 && funct3 == 0 ? make(.fmvWX) : nil
        default:
            return nil
        }
    default:
        return nil
    }
}
