// MARK: - Compressed instructions

/// objdump's text for an RVC instruction, chosen by the RVC form in `raw` and filled from
/// the expanded operands.
///
/// objdump (binutils 2.40) does not print RVC instructions as their base instruction: its
/// opcode table lists, before the `c.*` names, aliases that let the assembler accept a
/// base mnemonic with an immediate (`add a0,a0,1`), so `c.addi`, `c.addi4spn`,
/// `c.addi16sp` print as `add`, `c.andi` as `and`, `c.slli`/`c.srli`/`c.srai` as
/// `sll`/`srl`/`sra`, and shift HINTs with a zero amount as `c.slli64`/`c.srli64`/
/// `c.srai64`. HINTs writing `zero` keep their `c.` name (`c.li zero,1`, `c.mv zero,a0`).
func compressedText(_ inst: Instruction, pc: UInt32, target format: (UInt32) -> String) -> String {
    let h = inst.raw & 0xffff
    let rd = regName(inst.rd), rs1 = regName(inst.rs1), rs2 = regName(inst.rs2)
    let imm = inst.imm
    switch (h & 3, h >> 13) {
    case (0b00, 0b000):  // C.ADDI4SPN
        return line("add", rd, rs1, "\(imm)")
    case (0b01, 0b000):  // C.NOP / C.ADDI
        if inst.rd == 0 { return imm == 0 ? "nop" : line("c.nop", "\(imm)") }
        return line("add", rd, rs1, "\(imm)")
    case (0b01, 0b001), (0b01, 0b101):  // C.JAL / C.J
        return line(inst.rd == 0 ? "j" : "jal", target(pc, imm, format))
    case (0b01, 0b010):  // C.LI
        return line(inst.rd == 0 ? "c.li" : "li", rd, "\(imm)")
    case (0b01, 0b011):  // C.ADDI16SP / C.LUI
        if inst.opcode == .addi { return line("add", rd, rs1, "\(imm)") }
        let upper = hex(UInt32(bitPattern: imm) >> 12)
        return line(inst.rd == 0 ? "c.lui" : "lui", rd, upper)
    case (0b01, 0b100), (0b10, 0b000):  // C.SRLI, C.SRAI, C.ANDI, C.SUB..C.AND; C.SLLI
        switch inst.opcode {
        case .slli, .srli, .srai:
            let short = inst.opcode == .slli ? "sll" : inst.opcode == .srli ? "srl" : "sra"
            if imm == 0 { return line("c." + inst.opcode.mnemonic + "64", rd) }
            if inst.rd == 0 { return line("c.slli", rd, hex(UInt32(bitPattern: imm))) }
            return line(short, rd, rs1, hex(UInt32(bitPattern: imm)))
        case .andi:
            return line("and", rd, rs1, "\(imm)")
        default:
            return line(inst.opcode.mnemonic, rd, rs1, rs2)
        }
    case (0b01, 0b110), (0b01, 0b111):  // C.BEQZ / C.BNEZ
        return line(inst.opcode == .beq ? "beqz" : "bnez", rs1, target(pc, imm, format))
    case (0b10, 0b100):  // C.JR, C.MV, C.EBREAK, C.JALR, C.ADD
        switch inst.opcode {
        case .jalr where inst.rd == 0: return inst.rs1 == 1 ? "ret" : line("jr", rs1)
        case .jalr: return line("jalr", rs1)
        case .ebreak: return "ebreak"
        case .add where h & 0x1000 == 0:  // C.MV (bit 12 clear); `c.add zero,...` also has rs1 = 0
            return line(inst.rd == 0 ? "c.mv" : "mv", rd, rs2)
        default:  // C.ADD
            return inst.rd == 0 ? line("c.add", rd, rs2) : line("add", rd, rs1, rs2)
        }
    default:  // C.LW, C.SW, C.LWSP, C.SWSP: the base text
        return baseText(inst, pc: pc, target: format)
    }
}
