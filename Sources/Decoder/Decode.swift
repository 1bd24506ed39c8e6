/// Decodes one instruction fetched as a 32-bit little-endian word.
///
/// When the low two bits are not `0b11` the instruction is a 16-bit compressed one, and only
/// the low halfword is used (see `decodeCompressed(_:)`). Anything that is not a valid
/// RV32IMAFD + Zicsr + Zifencei + Zba/Zbb/Zbc/Zbs + privileged (M/S) encoding comes back as `.illegal` with the
/// bits in `raw` and length 4; that includes the prefixes of 48-bit and longer encodings.
///
/// Allocation-free: it runs once per instruction when the interpreter fills its cache.
public func decode(_ word: UInt32) -> Instruction {
    if word & 0b11 != 0b11 {
        return decodeCompressed(UInt16(truncatingIfNeeded: word))
    }
    let illegal = Instruction(.illegal, raw: word, length: 4)
    let rd = reg(word, at: 7)
    let rs1 = reg(word, at: 15)
    let rs2 = reg(word, at: 20)
    let funct3 = bits(word, 14, 12)
    let funct7 = bits(word, 31, 25)
    let immI = signExtend(bits(word, 31, 20), width: 12)

    func make(_ op: Opcode, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0, imm: Int32 = 0)
        -> Instruction
    {
        Instruction(op, rd: rd, rs1: rs1, rs2: rs2, imm: imm, raw: word, length: 4)
    }

    switch bits(word, 6, 0) {
    case 0b011_0111:  // LUI
        return make(.lui, rd: rd, imm: Int32(bitPattern: word & 0xffff_f000))
    case 0b001_0111:  // AUIPC
        return make(.auipc, rd: rd, imm: Int32(bitPattern: word & 0xffff_f000))
    case 0b110_1111:  // JAL: imm[20|10:1|11|19:12]
        let imm =
            bit(word, 31) << 20 | bits(word, 30, 21) << 1 | bit(word, 20) << 11
            | bits(word, 19, 12) << 12
        return make(.jal, rd: rd, imm: signExtend(imm, width: 21))
    case 0b110_0111:  // JALR
        guard funct3 == 0 else { return illegal }
        return make(.jalr, rd: rd, rs1: rs1, imm: immI)
    case 0b110_0011:  // BRANCH: imm[12|10:5] ... imm[4:1|11]
        let imm =
            bit(word, 31) << 12 | bits(word, 30, 25) << 5 | bits(word, 11, 8) << 1
            | bit(word, 7) << 11
        let op: Opcode
        switch funct3 {
        case 0: op = .beq
        case 1: op = .bne
        case 4: op = .blt
        case 5: op = .bge
        case 6: op = .bltu
        case 7: op = .bgeu
        default: return illegal
        }
        return make(op, rs1: rs1, rs2: rs2, imm: signExtend(imm, width: 13))
    case 0b000_0011:  // LOAD
        let op: Opcode
        switch funct3 {
        case 0: op = .lb
        case 1: op = .lh
        case 2: op = .lw
        case 4: op = .lbu
        case 5: op = .lhu
        default: return illegal
        }
        return make(op, rd: rd, rs1: rs1, imm: immI)
    case 0b010_0011:  // STORE
        let imm = signExtend(bits(word, 31, 25) << 5 | bits(word, 11, 7), width: 12)
        let op: Opcode
        switch funct3 {
        case 0: op = .sb
        case 1: op = .sh
        case 2: op = .sw
        default: return illegal
        }
        return make(op, rs1: rs1, rs2: rs2, imm: imm)
    case 0b001_0011:  // OP-IMM
        switch funct3 {
        case 0: return make(.addi, rd: rd, rs1: rs1, imm: immI)
        case 2: return make(.slti, rd: rd, rs1: rs1, imm: immI)
        case 3: return make(.sltiu, rd: rd, rs1: rs1, imm: immI)
        case 4: return make(.xori, rd: rd, rs1: rs1, imm: immI)
        case 6: return make(.ori, rd: rd, rs1: rs1, imm: immI)
        case 7: return make(.andi, rd: rd, rs1: rs1, imm: immI)
        default:
            // Shifts: on RV32 the shift amount is 5 bits, so funct7 must be exactly
            // 0000000 (or 0100000 for srai); a set bit 25 (shamt[5]) is reserved.
            let shamt = Int32(bits(word, 24, 20))
            switch (funct3, funct7) {
            case (1, 0b000_0000): return make(.slli, rd: rd, rs1: rs1, imm: shamt)
            case (5, 0b000_0000): return make(.srli, rd: rd, rs1: rs1, imm: shamt)
            case (5, 0b010_0000): return make(.srai, rd: rd, rs1: rs1, imm: shamt)
            default: return decodeBitManip(word) ?? illegal
            }
        }
    case 0b011_0011:  // OP and the M extension
        let op: Opcode
        switch (funct7, funct3) {
        case (0b000_0000, 0): op = .add
        case (0b010_0000, 0): op = .sub
        case (0b000_0000, 1): op = .sll
        case (0b000_0000, 2): op = .slt
        case (0b000_0000, 3): op = .sltu
        case (0b000_0000, 4): op = .xor
        case (0b000_0000, 5): op = .srl
        case (0b010_0000, 5): op = .sra
        case (0b000_0000, 6): op = .or
        case (0b000_0000, 7): op = .and
        case (0b000_0001, 0): op = .mul
        case (0b000_0001, 1): op = .mulh
        case (0b000_0001, 2): op = .mulhsu
        case (0b000_0001, 3): op = .mulhu
        case (0b000_0001, 4): op = .div
        case (0b000_0001, 5): op = .divu
        case (0b000_0001, 6): op = .rem
        case (0b000_0001, 7): op = .remu
        default: return decodeBitManip(word) ?? illegal
        }
        return make(op, rd: rd, rs1: rs1, rs2: rs2)
    case 0b000_1111:  // MISC-MEM
        return decodeMiscMem(word, funct3: funct3, rd: rd, rs1: rs1) ?? illegal
    case 0b111_0011:  // SYSTEM
        return decodeSystem(word, funct3: funct3, rd: rd, rs1: rs1, rs2: rs2) ?? illegal
    case 0b010_1111:  // AMO
        return decodeAtomic(word, funct3: funct3, rd: rd, rs1: rs1, rs2: rs2) ?? illegal
    case 0b000_0111, 0b010_0111, 0b100_0011, 0b100_0111, 0b100_1011, 0b100_1111, 0b101_0011:
        return decodeFloat(word) ?? illegal  // F and D (Decode+Float.swift)
    default:
        return illegal
    }
}

// MARK: - MISC-MEM

/// FENCE, FENCE.TSO and FENCE.I.
///
/// The spec asks implementations to ignore the unused `rd`/`rs1` (and FENCE.I's `imm`)
/// fields, which are "reserved for finer-grain fences". GNU objdump treats every such
/// word as unknown, and so does emu: no toolchain emits them, and being strict keeps
/// emu's idea of a valid word identical to the reference disassembler's. Of the fence
/// modes (`fm`), only 0000 (a normal fence) and 1000 with `pred = succ = rw` (FENCE.TSO)
/// are defined.
@inline(__always)
private func decodeMiscMem(_ word: UInt32, funct3: UInt32, rd: UInt8, rs1: UInt8)
    -> Instruction?
{
    switch funct3 {
    case 0:
        guard rd == 0, rs1 == 0 else { return nil }
        let field = bits(word, 31, 20)
        let fm = field >> 8
        guard fm == 0 || field == fenceTSOField else { return nil }
        return Instruction(.fence, imm: Int32(field), raw: word, length: 4)
    case 1:
        guard word == 0x0000_100f else { return nil }
        return Instruction(.fenceI, raw: word, length: 4)
    default:
        return nil
    }
}

/// The `fm|pred|succ` field of FENCE.TSO: fm = 1000, pred = succ = rw.
let fenceTSOField: UInt32 = 0x833

// MARK: - SYSTEM

/// ECALL, EBREAK, the trap returns, WFI, SFENCE.VMA and the six Zicsr forms.
@inline(__always)
private func decodeSystem(
    _ word: UInt32, funct3: UInt32, rd: UInt8, rs1: UInt8, rs2: UInt8
) -> Instruction? {
    let csr = Int32(bits(word, 31, 20))
    func csrOp(_ op: Opcode) -> Instruction {
        Instruction(op, rd: rd, rs1: rs1, imm: csr, raw: word, length: 4)
    }
    switch funct3 {
    case 0:
        // Every privileged instruction here fixes all its fields except SFENCE.VMA's
        // rs1/rs2, so whole-word compares are exact.
        switch word {
        case 0x0000_0073: return Instruction(.ecall, raw: word, length: 4)
        case 0x0010_0073: return Instruction(.ebreak, raw: word, length: 4)
        case 0x1020_0073: return Instruction(.sret, raw: word, length: 4)
        case 0x3020_0073: return Instruction(.mret, raw: word, length: 4)
        case 0x1050_0073: return Instruction(.wfi, raw: word, length: 4)
        default:
            guard bits(word, 31, 25) == 0b000_1001, rd == 0 else { return nil }
            return Instruction(.sfenceVma, rs1: rs1, rs2: rs2, raw: word, length: 4)
        }
    case 1: return csrOp(.csrrw)
    case 2: return csrOp(.csrrs)
    case 3: return csrOp(.csrrc)
    case 5: return csrOp(.csrrwi)
    case 6: return csrOp(.csrrsi)
    case 7: return csrOp(.csrrci)
    default: return nil
    }
}

// MARK: - A extension

/// LR.W, SC.W and the nine AMOs (only the `.w` width exists on RV32).
@inline(__always)
private func decodeAtomic(
    _ word: UInt32, funct3: UInt32, rd: UInt8, rs1: UInt8, rs2: UInt8
) -> Instruction? {
    guard funct3 == 0b010 else { return nil }
    let op: Opcode
    switch bits(word, 31, 27) {
    case 0b00010:
        guard rs2 == 0 else { return nil }  // LR.W has no rs2; a nonzero field is reserved
        op = .lrW
    case 0b00011: op = .scW
    case 0b00001: op = .amoswapW
    case 0b00000: op = .amoaddW
    case 0b00100: op = .amoxorW
    case 0b01100: op = .amoandW
    case 0b01000: op = .amoorW
    case 0b10000: op = .amominW
    case 0b10100: op = .amomaxW
    case 0b11000: op = .amominuW
    case 0b11100: op = .amomaxuW
    default: return nil
    }
    return Instruction(
        op, rd: rd, rs1: rs1, rs2: rs2, imm: Int32(bits(word, 26, 25)), raw: word, length: 4)
}
