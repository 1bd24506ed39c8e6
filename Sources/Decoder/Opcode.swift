/// Every operation the decoder recognises, named after its mnemonic in lower camel case.
///
/// Compressed (RVC) encodings do not get their own cases: `decodeCompressed(_:)` expands
/// them to the base operation they stand for, and `Instruction.length` says 2.
public enum Opcode: UInt8, Sendable, CaseIterable {
    /// Not a valid instruction in any extension emu knows; `Instruction.raw` keeps the bits.
    case illegal

    // MARK: - RV32I
    case lui, auipc, jal, jalr
    case beq, bne, blt, bge, bltu, bgeu
    case lb, lh, lw, lbu, lhu
    case sb, sh, sw
    case addi, slti, sltiu, xori, ori, andi, slli, srli, srai
    case add, sub, sll, slt, sltu, xor, srl, sra, or, and
    case fence, ecall, ebreak

    // MARK: - Zifencei
    case fenceI

    // MARK: - Zicsr
    case csrrw, csrrs, csrrc, csrrwi, csrrsi, csrrci

    // MARK: - Privileged
    case mret, sret, wfi, sfenceVma

    // MARK: - M
    case mul, mulh, mulhsu, mulhu, div, divu, rem, remu

    // MARK: - A
    case lrW, scW
    case amoswapW, amoaddW, amoxorW, amoandW, amoorW
    case amominW, amomaxW, amominuW, amomaxuW

    // MARK: - Zba, Zbb, Zbc, Zbs (bit manipulation; see Opcode+BitManip.swift)
    case sh1add, sh2add, sh3add
    case andn, orn, xnor, clz, ctz, cpop, max, maxu, min, minu
    case sextB, sextH, zextH, rol, ror, rori, orcB, rev8
    case clmul, clmulh, clmulr
    case bset, bclr, binv, bext, bseti, bclri, binvi, bexti

    // MARK: - F and D (floating point; see Opcode+Float.swift)
    case flw, fsw, fmaddS, fmsubS, fnmsubS, fnmaddS, faddS, fsubS, fmulS, fdivS, fsqrtS
    case fsgnjS, fsgnjnS, fsgnjxS, fminS, fmaxS, fcvtWS, fcvtWuS, fmvXW
    case feqS, fltS, fleS, fclassS, fcvtSW, fcvtSWu, fmvWX
    case fld, fsd, fmaddD, fmsubD, fnmsubD, fnmaddD, faddD, fsubD, fmulD, fdivD, fsqrtD
    case fsgnjD, fsgnjnD, fsgnjxD, fminD, fmaxD, fcvtSD, fcvtDS
    case feqD, fltD, fleD, fclassD, fcvtWD, fcvtWuD, fcvtDW, fcvtDWu
}
