// MARK: - Zba, Zbb, Zbc, Zbs

/// Encodes a bit-manipulation instruction from its shape (`Opcode.bitManipShape`), with
/// the same operand checks as `encode(_:)`: a field the shape does not have must be 0, and
/// a shift amount must be 0...31. nil for any other opcode.
func encodeBitManip(_ inst: Instruction) -> UInt32? {
    guard let shape = inst.opcode.bitManipShape else { return nil }
    let rd = UInt32(inst.rd), rs1 = UInt32(inst.rs1), rs2 = UInt32(inst.rs2)
    switch shape {
    case .registerRegister(let funct7, let funct3):
        guard inst.imm == 0 else { return nil }
        return funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0b011_0011
    case .unary(let major, let funct3, let funct12):
        guard inst.rs2 == 0, inst.imm == 0 else { return nil }
        return funct12 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | major
    case .shiftImmediate(let funct7, let funct3):
        guard inst.rs2 == 0, (0...31).contains(inst.imm) else { return nil }
        return funct7 << 25 | UInt32(inst.imm) << 20 | rs1 << 15 | funct3 << 12 | rd << 7
            | 0b001_0011
    }
}
