// MARK: - Zba, Zbb, Zbc, Zbs

/// objdump's text for a bit-manipulation instruction, or nil for any other opcode.
///
/// objdump (binutils 2.40) prints the immediate forms with the register forms' names, as
/// it does `slli` as `sll`: `rori` as `ror`, `bseti` as `bset`, and so on, the amount in hex.
func bitManipText(_ inst: Instruction) -> String? {
    guard let shape = inst.opcode.bitManipShape, let mnemonic = inst.opcode.bitManipMnemonic
    else { return nil }
    let rd = regName(inst.rd), rs1 = regName(inst.rs1)
    switch shape {
    case .registerRegister: return line(mnemonic, rd, rs1, regName(inst.rs2))
    case .unary: return line(mnemonic, rd, rs1)
    case .shiftImmediate:
        return line(String(mnemonic.dropLast()), rd, rs1, hex(UInt32(bitPattern: inst.imm)))
    }
}
