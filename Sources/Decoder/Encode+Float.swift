// MARK: - F and D

/// Encodes an F or D instruction from its shape (`Opcode.floatShape`), with the same
/// operand checks as `encode(_:)`: a field the shape does not have must be 0, a rounding
/// mode is 0...7, and `rs3` (fused forms) 0...31. nil for any other opcode.
func encodeFloat(_ inst: Instruction) -> UInt32? {
    guard let shape = inst.opcode.floatShape else { return nil }
    let rd = UInt32(inst.rd), rs1 = UInt32(inst.rs1), rs2 = UInt32(inst.rs2)
    let imm = inst.imm, u = UInt32(bitPattern: inst.imm)
    let opFP: UInt32 = 0b101_0011
    switch shape {
    case .load(let funct3):
        guard inst.rs2 == 0, (-2048...2047).contains(imm) else { return nil }
        return (u & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0b000_0111
    case .store(let funct3):
        guard inst.rd == 0, (-2048...2047).contains(imm) else { return nil }
        return bits(u, 11, 5) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | bits(u, 4, 0) << 7
            | 0b010_0111
    case .fused(let major, let fmt):
        guard (0...255).contains(imm) else { return nil }
        return (u >> 3) << 27 | fmt << 25 | rs2 << 20 | rs1 << 15 | (u & 7) << 12 | rd << 7 | major
    case .binary(let funct7):
        guard (0...7).contains(imm) else { return nil }
        return funct7 << 25 | rs2 << 20 | rs1 << 15 | u << 12 | rd << 7 | opFP
    case .unary(let funct7, let rs2Field, _, _):
        guard inst.rs2 == 0, (0...7).contains(imm) else { return nil }
        return funct7 << 25 | rs2Field << 20 | rs1 << 15 | u << 12 | rd << 7 | opFP
    case .fixed(let funct7, let funct3, _, _, let twoSources):
        guard imm == 0, twoSources || inst.rs2 == 0 else { return nil }
        return funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opFP
    }
}
