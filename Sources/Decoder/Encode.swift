/// Encodes an instruction as a 32-bit word: the inverse of `decode(_:)`.
///
/// Returns nil for `.illegal` and for operands the encoding cannot hold: a register above
/// 31, an immediate out of range or misaligned, a nonzero field the format does not have
/// (such as `rd` of a store), or a reserved form that `decode(_:)` rejects. So whenever it
/// returns a word, `decode(word)` gives back the same opcode and operands (with `raw` set
/// to the word and `length` 4). `raw` and `length` of the input are ignored, so a
/// compressed instruction encodes as its 32-bit base form.
///
/// emu's differential tests build their guest programs with this.
public func encode(_ inst: Instruction) -> UInt32? {
    guard inst.rd < 32, inst.rs1 < 32, inst.rs2 < 32 else { return nil }
    let rd = UInt32(inst.rd), rs1 = UInt32(inst.rs1), rs2 = UInt32(inst.rs2)
    let imm = inst.imm
    let u = UInt32(bitPattern: imm)

    func r(_ funct7: UInt32, _ funct3: UInt32, _ opcode: UInt32) -> UInt32? {
        guard imm == 0 else { return nil }
        return funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode
    }
    func i(_ funct3: UInt32, _ opcode: UInt32) -> UInt32? {
        guard inst.rs2 == 0, (-2048...2047).contains(imm) else { return nil }
        return (u & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode
    }
    func shift(_ funct7: UInt32, _ funct3: UInt32) -> UInt32? {
        guard inst.rs2 == 0, (0...31).contains(imm) else { return nil }
        return funct7 << 25 | u << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0b001_0011
    }
    func s(_ funct3: UInt32) -> UInt32? {
        guard inst.rd == 0, (-2048...2047).contains(imm) else { return nil }
        return bits(u, 11, 5) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | bits(u, 4, 0) << 7
            | 0b010_0011
    }
    func b(_ funct3: UInt32) -> UInt32? {
        guard inst.rd == 0, imm & 1 == 0, (-4096...4094).contains(imm) else { return nil }
        return bit(u, 12) << 31 | bits(u, 10, 5) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12
            | bits(u, 4, 1) << 8 | bit(u, 11) << 7 | 0b110_0011
    }
    func upper(_ opcode: UInt32) -> UInt32? {
        guard inst.rs1 == 0, inst.rs2 == 0, u & 0xfff == 0 else { return nil }
        return u | rd << 7 | opcode
    }
    func csr(_ funct3: UInt32) -> UInt32? {
        guard inst.rs2 == 0, (0...0xfff).contains(imm) else { return nil }
        return u << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0b111_0011
    }
    func fixed(_ word: UInt32) -> UInt32? {
        guard rd == 0, rs1 == 0, rs2 == 0, imm == 0 else { return nil }
        return word
    }
    func atomic(_ funct5: UInt32) -> UInt32? {
        guard (0...3).contains(imm) else { return nil }
        return funct5 << 27 | u << 25 | rs2 << 20 | rs1 << 15 | 0b010 << 12 | rd << 7
            | 0b010_1111
    }

    switch inst.opcode {
    case .illegal: return nil
    case .lui: return upper(0b011_0111)
    case .auipc: return upper(0b001_0111)
    case .jal:
        guard inst.rs1 == 0, inst.rs2 == 0, imm & 1 == 0,
            (-(1 << 20)...((1 << 20) - 2)).contains(imm)
        else { return nil }
        return bit(u, 20) << 31 | bits(u, 10, 1) << 21 | bit(u, 11) << 20 | bits(u, 19, 12) << 12
            | rd << 7 | 0b110_1111
    case .jalr: return i(0, 0b110_0111)
    case .beq: return b(0)
    case .bne: return b(1)
    case .blt: return b(4)
    case .bge: return b(5)
    case .bltu: return b(6)
    case .bgeu: return b(7)
    case .lb: return i(0, 0b000_0011)
    case .lh: return i(1, 0b000_0011)
    case .lw: return i(2, 0b000_0011)
    case .lbu: return i(4, 0b000_0011)
    case .lhu: return i(5, 0b000_0011)
    case .sb: return s(0)
    case .sh: return s(1)
    case .sw: return s(2)
    case .addi: return i(0, 0b001_0011)
    case .slti: return i(2, 0b001_0011)
    case .sltiu: return i(3, 0b001_0011)
    case .xori: return i(4, 0b001_0011)
    case .ori: return i(6, 0b001_0011)
    case .andi: return i(7, 0b001_0011)
    case .slli: return shift(0, 1)
    case .srli: return shift(0, 5)
    case .srai: return shift(0b010_0000, 5)
    case .add: return r(0, 0, 0b011_0011)
    case .sub: return r(0b010_0000, 0, 0b011_0011)
    case .sll: return r(0, 1, 0b011_0011)
    case .slt: return r(0, 2, 0b011_0011)
    case .sltu: return r(0, 3, 0b011_0011)
    case .xor: return r(0, 4, 0b011_0011)
    case .srl: return r(0, 5, 0b011_0011)
    case .sra: return r(0b010_0000, 5, 0b011_0011)
    case .or: return r(0, 6, 0b011_0011)
    case .and: return r(0, 7, 0b011_0011)
    case .mul: return r(1, 0, 0b011_0011)
    case .mulh: return r(1, 1, 0b011_0011)
    case .mulhsu: return r(1, 2, 0b011_0011)
    case .mulhu: return r(1, 3, 0b011_0011)
    case .div: return r(1, 4, 0b011_0011)
    case .divu: return r(1, 5, 0b011_0011)
    case .rem: return r(1, 6, 0b011_0011)
    case .remu: return r(1, 7, 0b011_0011)
    case .fence:
        // Only the forms decode(_:) accepts: rd = rs1 = 0, fm = 0 or exactly FENCE.TSO.
        guard rd == 0, rs1 == 0, rs2 == 0, (0...0xfff).contains(imm),
            u >> 8 == 0 || u == fenceTSOField
        else { return nil }
        return u << 20 | 0b000_1111
    case .fenceI: return fixed(0x0000_100f)
    case .ecall: return fixed(0x0000_0073)
    case .ebreak: return fixed(0x0010_0073)
    case .mret: return fixed(0x3020_0073)
    case .sret: return fixed(0x1020_0073)
    case .wfi: return fixed(0x1050_0073)
    case .sfenceVma:
        guard rd == 0, imm == 0 else { return nil }
        return 0b000_1001 << 25 | rs2 << 20 | rs1 << 15 | 0b111_0011
    case .csrrw: return csr(1)
    case .csrrs: return csr(2)
    case .csrrc: return csr(3)
    case .csrrwi: return csr(5)
    case .csrrsi: return csr(6)
    case .csrrci: return csr(7)
    case .lrW: return rs2 == 0 ? atomic(0b00010) : nil
    case .scW: return atomic(0b00011)
    case .amoswapW: return atomic(0b00001)
    case .amoaddW: return atomic(0b00000)
    case .amoxorW: return atomic(0b00100)
    case .amoandW: return atomic(0b01100)
    case .amoorW: return atomic(0b01000)
    case .amominW: return atomic(0b10000)
    case .amomaxW: return atomic(0b10100)
    case .amominuW: return atomic(0b11000)
    case .amomaxuW: return atomic(0b11100)
    case .sh1add, .sh2add, .sh3add, .andn, .orn, .xnor, .clz, .ctz, .cpop, .max, .maxu, .min,
        .minu, .sextB, .sextH, .zextH, .rol, .ror, .rori, .orcB, .rev8, .clmul, .clmulh,
        .clmulr, .bset, .bclr, .binv, .bext, .bseti, .bclri, .binvi, .bexti:
        return encodeBitManip(inst)
    default:
        return encodeFloat(inst)  // F and D (Encode+Float.swift)
    }
}
