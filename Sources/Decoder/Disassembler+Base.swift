// MARK: - 32-bit instructions

/// objdump's text for a 32-bit instruction.
///
/// The alias choices follow objdump's opcode table, whose first matching entry wins: for
/// example `addi rd,rs1,imm` prints as `add rd,rs1,imm` (an assembler alias listed before
/// `addi`), `slli` as `sll`, `xori rd,rs1,-1` as `not`, and `andi rd,rs1,255` as `zext.b`.
func baseText(_ inst: Instruction, pc: UInt32, target format: (UInt32) -> String) -> String {
    let rd = regName(inst.rd), rs1 = regName(inst.rs1), rs2 = regName(inst.rs2)
    let imm = inst.imm
    switch inst.opcode {
    case .illegal:
        return illegalText(inst)
    case .lui, .auipc:
        return line(inst.opcode.mnemonic, rd, hex(UInt32(bitPattern: imm) >> 12))
    case .jal:
        let to = target(pc, imm, format)
        switch inst.rd {
        case 0: return line("j", to)
        case 1: return line("jal", to)
        default: return line("jal", rd, to)
        }
    case .jalr:
        switch (inst.rd, imm) {
        case (0, 0): return inst.rs1 == 1 ? "ret" : line("jr", rs1)
        case (0, _): return line("jr", memory(imm, inst.rs1))
        case (1, 0): return line("jalr", rs1)
        case (1, _): return line("jalr", memory(imm, inst.rs1))
        case (_, 0): return line("jalr", rd, rs1)
        default: return line("jalr", rd, memory(imm, inst.rs1))
        }
    case .beq, .bne, .blt, .bge, .bltu, .bgeu:
        return branchText(inst, to: target(pc, imm, format))
    case .lb, .lh, .lw, .lbu, .lhu:
        return line(inst.opcode.mnemonic, rd, memory(imm, inst.rs1))
    case .sb, .sh, .sw:
        return line(inst.opcode.mnemonic, rs2, memory(imm, inst.rs1))
    case .addi:
        if inst.rd == 0, inst.rs1 == 0, imm == 0 { return "nop" }
        if inst.rs1 == 0 { return line("li", rd, "\(imm)") }
        if imm == 0 { return line("mv", rd, rs1) }
        return line("add", rd, rs1, "\(imm)")
    case .slti:
        return line("slti", rd, rs1, "\(imm)")
    case .sltiu:
        return imm == 1 ? line("seqz", rd, rs1) : line("sltiu", rd, rs1, "\(imm)")
    case .xori:
        return imm == -1 ? line("not", rd, rs1) : line("xor", rd, rs1, "\(imm)")
    case .ori:
        return line("or", rd, rs1, "\(imm)")
    case .andi:
        return imm == 255 ? line("zext.b", rd, rs1) : line("and", rd, rs1, "\(imm)")
    case .slli, .srli, .srai:
        let name = inst.opcode == .slli ? "sll" : inst.opcode == .srli ? "srl" : "sra"
        return line(name, rd, rs1, hex(UInt32(bitPattern: imm)))
    case .sub:
        return inst.rs1 == 0 ? line("neg", rd, rs2) : line("sub", rd, rs1, rs2)
    case .slt:
        if inst.rs2 == 0 { return line("sltz", rd, rs1) }
        if inst.rs1 == 0 { return line("sgtz", rd, rs2) }
        return line("slt", rd, rs1, rs2)
    case .sltu:
        return inst.rs1 == 0 ? line("snez", rd, rs2) : line("sltu", rd, rs1, rs2)
    case .add, .sll, .xor, .srl, .sra, .or, .and,
        .mul, .mulh, .mulhsu, .mulhu, .div, .divu, .rem, .remu:
        return line(inst.opcode.mnemonic, rd, rs1, rs2)
    case .fence:
        return fenceText(UInt32(bitPattern: imm))
    case .fenceI, .ecall, .ebreak, .mret, .sret, .wfi:
        return inst.opcode.mnemonic
    case .sfenceVma:
        if inst.rs2 != 0 { return line("sfence.vma", rs1, rs2) }
        return inst.rs1 == 0 ? "sfence.vma" : line("sfence.vma", rs1)
    case .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci:
        return csrInstructionText(inst)
    case .lrW:
        return line("lr.w" + orderingSuffix(imm), rd, "(\(rs1))")
    case .scW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW,
        .amominW, .amomaxW, .amominuW, .amomaxuW:
        return line(inst.opcode.mnemonic + orderingSuffix(imm), rd, rs2, "(\(rs1))")
    case .sh1add, .sh2add, .sh3add, .andn, .orn, .xnor, .clz, .ctz, .cpop, .max, .maxu,
        .min, .minu, .sextB, .sextH, .zextH, .rol, .ror, .rori, .orcB, .rev8, .clmul,
        .clmulh, .clmulr, .bset, .bclr, .binv, .bext, .bseti, .bclri, .binvi, .bexti:
        return bitManipText(inst) ?? illegalText(inst)
    default:
        return floatText(inst) ?? illegalText(inst)  // F and D (Disassembler+Float.swift)
    }
}

/// Branches with objdump's zero-register aliases. objdump does not use `bgt`/`ble`/
/// `bgtu`/`bleu` when disassembling (`blt` and `bge` come first in its table), and
/// checks the `rs2 = zero` alias before the `rs1 = zero` one for `blt` but after it for
/// `bge` (so `bge zero,zero` prints as `blez zero`).
private func branchText(_ inst: Instruction, to: String) -> String {
    let rs1 = regName(inst.rs1), rs2 = regName(inst.rs2)
    switch inst.opcode {
    case .beq where inst.rs2 == 0: return line("beqz", rs1, to)
    case .bne where inst.rs2 == 0: return line("bnez", rs1, to)
    case .blt where inst.rs2 == 0: return line("bltz", rs1, to)
    case .blt where inst.rs1 == 0: return line("bgtz", rs2, to)
    case .bge where inst.rs1 == 0: return line("blez", rs2, to)
    case .bge where inst.rs2 == 0: return line("bgez", rs1, to)
    default: return line(inst.opcode.mnemonic, rs1, rs2, to)
    }
}

/// `fence`, `fence.tso`, or `fence pred,succ` with each set spelled from `iorw`
/// (objdump prints an empty set as `unknown`).
private func fenceText(_ field: UInt32) -> String {
    if field == 0x0ff { return "fence" }
    if field == fenceTSOField { return "fence.tso" }
    func set(_ bits: UInt32) -> String {
        guard bits & 0xf != 0 else { return "unknown" }
        var text = ""
        if bits & 8 != 0 { text += "i" }
        if bits & 4 != 0 { text += "o" }
        if bits & 2 != 0 { text += "r" }
        if bits & 1 != 0 { text += "w" }
        return text
    }
    return line("fence", set(field >> 4), set(field))
}

/// `.aq`, `.rl` or `.aqrl` from the A extension's `aq << 1 | rl` field.
private func orderingSuffix(_ imm: Int32) -> String {
    switch imm & 3 {
    case 1: return ".rl"
    case 2: return ".aq"
    case 3: return ".aqrl"
    default: return ""
    }
}

// MARK: - Zicsr

/// The Zicsr instructions with objdump's aliases.
///
/// objdump prints the immediate forms with the register forms' names (`csrw mstatus,2`,
/// `csrrs ra,mstatus,2`), uses the F extension's names for `fflags`/`frm`/`fcsr` accesses
/// (`frflags`, `fsrm`, `fsflagsi`, ...), the counter names `rdcycle` and friends for reads
/// of the user counters, and `unimp` for `csrrw zero,cycle,zero` (0xc0001073), the
/// encoding the assembler emits for `unimp`.
private func csrInstructionText(_ inst: Instruction) -> String {
    let rd = regName(inst.rd), rs1 = regName(inst.rs1)
    let csr = csrText(inst.imm)
    let uimm = "\(inst.rs1)"
    switch inst.opcode {
    case .csrrw:
        if (1...3).contains(inst.imm) {
            let name = ["fsflags", "fsrm", "fscsr"][Int(inst.imm) - 1]
            return inst.rd == 0 ? line(name, rs1) : line(name, rd, rs1)
        }
        if inst.rd == 0 {
            if inst.imm == 0xc00, inst.rs1 == 0 { return "unimp" }
            return line("csrw", csr, rs1)
        }
        return line("csrrw", rd, csr, rs1)
    case .csrrs:
        if inst.rs1 == 0 {
            if (1...3).contains(inst.imm) {
                return line(["frflags", "frrm", "frcsr"][Int(inst.imm) - 1], rd)
            }
            if let counter = counterReadName(inst.imm) { return line(counter, rd) }
            return line("csrr", rd, csr)
        }
        return inst.rd == 0 ? line("csrs", csr, rs1) : line("csrrs", rd, csr, rs1)
    case .csrrc:
        return inst.rd == 0 ? line("csrc", csr, rs1) : line("csrrc", rd, csr, rs1)
    case .csrrwi:
        if inst.imm == 1 || inst.imm == 2 {
            return line(inst.imm == 1 ? "fsflagsi" : "fsrmi", rd, uimm)
        }
        return inst.rd == 0 ? line("csrw", csr, uimm) : line("csrrw", rd, csr, uimm)
    case .csrrsi:
        return inst.rd == 0 ? line("csrs", csr, uimm) : line("csrrs", rd, csr, uimm)
    case .csrrci:
        return inst.rd == 0 ? line("csrc", csr, uimm) : line("csrrc", rd, csr, uimm)
    default:
        return line(inst.opcode.mnemonic, rd, csr, rs1)
    }
}

/// `rdcycle`, `rdtime`, `rdinstret` and their RV32 high halves, for `csrrs rd,csr,zero`.
private func counterReadName(_ csr: Int32) -> String? {
    switch csr {
    case 0xc00: return "rdcycle"
    case 0xc01: return "rdtime"
    case 0xc02: return "rdinstret"
    case 0xc80: return "rdcycleh"
    case 0xc81: return "rdtimeh"
    case 0xc82: return "rdinstreth"
    default: return nil
    }
}
