// GENERATED — DO NOT EDIT. Made by `scripts/generate-handlers` from the instruction table
// (Utilities/Sources/EmuGen/InstructionTable.swift); CI fails when this file differs from
// what the table gives. Change the table or the generator, then run the script.

/// The operation of one decoded-cache entry.
///
/// These are not the ISA's opcodes: decode time specialises them (an `addi` from x0 and
/// `lui`/`auipc` become `.li`, whose value is known at decode time), and everything rare
/// (CSRs, `ecall`, atomics, `fence.i`, branches whose target leaves the code) goes to one
/// generic handler, `.slow`, which keeps the hot handlers few and small.
enum Handler: UInt8, CaseIterable {
    /// An entry not decoded yet: its handler decodes it and runs it.
    case notDecoded
    /// Fetch from outside executable memory: the pc itself faults.
    case fetchFault
    /// An instruction the selected ISA does not have; `imm` holds its raw bits.
    case illegal
    /// Anything without a fast handler: run by the generic executor (`GenericStep`).
    case slow
    /// A debugger breakpoint patched over the entry.
    case breakpoint
    /// An instruction with no effect (a fence, or an ALU result written to x0).
    case nop
    /// rd = imm: lui, auipc and every other constant known at decode time.
    case li
    /// `jal`: rd = imm (the link value); jump by `aux` bytes of cache (target after it)
    case `jal`
    /// `jal`: rd = imm (the link value); jump by `aux` bytes of cache (target at or before it)
    case `jalBack`
    /// `jalr`: rd = aux (the link value); jump to Semantics.jalrTarget(rs1, imm)
    case `jalr`
    /// `beq`: if Semantics.eq(rs1, rs2), jump by `aux` bytes of cache (target after it)
    case `beq`
    /// `beq`: if Semantics.eq(rs1, rs2), jump by `aux` bytes of cache (target at or before it)
    case `beqBack`
    /// `bne`: if Semantics.ne(rs1, rs2), jump by `aux` bytes of cache (target after it)
    case `bne`
    /// `bne`: if Semantics.ne(rs1, rs2), jump by `aux` bytes of cache (target at or before it)
    case `bneBack`
    /// `blt`: if Semantics.lt(rs1, rs2), jump by `aux` bytes of cache (target after it)
    case `blt`
    /// `blt`: if Semantics.lt(rs1, rs2), jump by `aux` bytes of cache (target at or before it)
    case `bltBack`
    /// `bge`: if Semantics.ge(rs1, rs2), jump by `aux` bytes of cache (target after it)
    case `bge`
    /// `bge`: if Semantics.ge(rs1, rs2), jump by `aux` bytes of cache (target at or before it)
    case `bgeBack`
    /// `bltu`: if Semantics.ltu(rs1, rs2), jump by `aux` bytes of cache (target after it)
    case `bltu`
    /// `bltu`: if Semantics.ltu(rs1, rs2), jump by `aux` bytes of cache (target at or before it)
    case `bltuBack`
    /// `bgeu`: if Semantics.geu(rs1, rs2), jump by `aux` bytes of cache (target after it)
    case `bgeu`
    /// `bgeu`: if Semantics.geu(rs1, rs2), jump by `aux` bytes of cache (target at or before it)
    case `bgeuBack`
    /// `lb`: rd = Semantics.lb(1 bytes at rs1 + imm)
    case `lb`
    /// `lh`: rd = Semantics.lh(2 bytes at rs1 + imm)
    case `lh`
    /// `lw`: rd = Semantics.lw(4 bytes at rs1 + imm)
    case `lw`
    /// `lbu`: rd = Semantics.lbu(1 bytes at rs1 + imm)
    case `lbu`
    /// `lhu`: rd = Semantics.lhu(2 bytes at rs1 + imm)
    case `lhu`
    /// `sb`: Semantics.sb(1 bytes at rs1 + imm, rs2)
    case `sb`
    /// `sh`: Semantics.sh(2 bytes at rs1 + imm, rs2)
    case `sh`
    /// `sw`: Semantics.sw(4 bytes at rs1 + imm, rs2)
    case `sw`
    /// `addi`: rd = Semantics.add(rs1, imm)
    case `addi`
    /// `slti`: rd = Semantics.slt(rs1, imm)
    case `slti`
    /// `sltiu`: rd = Semantics.sltu(rs1, imm)
    case `sltiu`
    /// `xori`: rd = Semantics.xor(rs1, imm)
    case `xori`
    /// `ori`: rd = Semantics.or(rs1, imm)
    case `ori`
    /// `andi`: rd = Semantics.and(rs1, imm)
    case `andi`
    /// `slli`: rd = Semantics.sll(rs1, imm)
    case `slli`
    /// `srli`: rd = Semantics.srl(rs1, imm)
    case `srli`
    /// `srai`: rd = Semantics.sra(rs1, imm)
    case `srai`
    /// `add`: rd = Semantics.add(rs1, rs2)
    case `add`
    /// `sub`: rd = Semantics.sub(rs1, rs2)
    case `sub`
    /// `sll`: rd = Semantics.sll(rs1, rs2)
    case `sll`
    /// `slt`: rd = Semantics.slt(rs1, rs2)
    case `slt`
    /// `sltu`: rd = Semantics.sltu(rs1, rs2)
    case `sltu`
    /// `xor`: rd = Semantics.xor(rs1, rs2)
    case `xor`
    /// `srl`: rd = Semantics.srl(rs1, rs2)
    case `srl`
    /// `sra`: rd = Semantics.sra(rs1, rs2)
    case `sra`
    /// `or`: rd = Semantics.or(rs1, rs2)
    case `or`
    /// `and`: rd = Semantics.and(rs1, rs2)
    case `and`
    /// `mul`: rd = Semantics.mul(rs1, rs2)
    case `mul`
    /// `mulh`: rd = Semantics.mulh(rs1, rs2)
    case `mulh`
    /// `mulhsu`: rd = Semantics.mulhsu(rs1, rs2)
    case `mulhsu`
    /// `mulhu`: rd = Semantics.mulhu(rs1, rs2)
    case `mulhu`
    /// `div`: rd = Semantics.div(rs1, rs2)
    case `div`
    /// `divu`: rd = Semantics.divu(rs1, rs2)
    case `divu`
    /// `rem`: rd = Semantics.rem(rs1, rs2)
    case `rem`
    /// `remu`: rd = Semantics.remu(rs1, rs2)
    case `remu`
    /// `sh1add`: rd = Semantics.sh1add(rs1, rs2)
    case `sh1add`
    /// `sh2add`: rd = Semantics.sh2add(rs1, rs2)
    case `sh2add`
    /// `sh3add`: rd = Semantics.sh3add(rs1, rs2)
    case `sh3add`
    /// `andn`: rd = Semantics.andn(rs1, rs2)
    case `andn`
    /// `orn`: rd = Semantics.orn(rs1, rs2)
    case `orn`
    /// `xnor`: rd = Semantics.xnor(rs1, rs2)
    case `xnor`
    /// `clz`: rd = Semantics.clz(rs1, imm)
    case `clz`
    /// `ctz`: rd = Semantics.ctz(rs1, imm)
    case `ctz`
    /// `cpop`: rd = Semantics.cpop(rs1, imm)
    case `cpop`
    /// `max`: rd = Semantics.max(rs1, rs2)
    case `max`
    /// `maxu`: rd = Semantics.maxu(rs1, rs2)
    case `maxu`
    /// `min`: rd = Semantics.min(rs1, rs2)
    case `min`
    /// `minu`: rd = Semantics.minu(rs1, rs2)
    case `minu`
    /// `sextB`: rd = Semantics.sextB(rs1, imm)
    case `sextB`
    /// `sextH`: rd = Semantics.sextH(rs1, imm)
    case `sextH`
    /// `zextH`: rd = Semantics.zextH(rs1, imm)
    case `zextH`
    /// `rol`: rd = Semantics.rol(rs1, rs2)
    case `rol`
    /// `ror`: rd = Semantics.ror(rs1, rs2)
    case `ror`
    /// `rori`: rd = Semantics.ror(rs1, imm)
    case `rori`
    /// `orcB`: rd = Semantics.orcB(rs1, imm)
    case `orcB`
    /// `rev8`: rd = Semantics.rev8(rs1, imm)
    case `rev8`
    /// `bset`: rd = Semantics.bset(rs1, rs2)
    case `bset`
    /// `bclr`: rd = Semantics.bclr(rs1, rs2)
    case `bclr`
    /// `binv`: rd = Semantics.binv(rs1, rs2)
    case `binv`
    /// `bext`: rd = Semantics.bext(rs1, rs2)
    case `bext`
    /// `bseti`: rd = Semantics.bset(rs1, imm)
    case `bseti`
    /// `bclri`: rd = Semantics.bclr(rs1, imm)
    case `bclri`
    /// `binvi`: rd = Semantics.binv(rs1, imm)
    case `binvi`
    /// `bexti`: rd = Semantics.bext(rs1, imm)
    case `bexti`
    /// `flw`: f[rd] = 4 bytes at rs1 + imm
    case `flw`
    /// `fsw`: 4 bytes at rs1 + imm = f[rs2]
    case `fsw`
    /// `fmaddS`: f[rd] = ±(f[rs1] × f[rs2]) ± f[rs3], one rounding (a C handler, `CHostCalls/fused.c`)
    case `fmaddS`
    /// `fmsubS`: f[rd] = ±(f[rs1] × f[rs2]) ± f[rs3], one rounding (a C handler, `CHostCalls/fused.c`)
    case `fmsubS`
    /// `fnmsubS`: f[rd] = ±(f[rs1] × f[rs2]) ± f[rs3], one rounding (a C handler, `CHostCalls/fused.c`)
    case `fnmsubS`
    /// `fnmaddS`: f[rd] = ±(f[rs1] × f[rs2]) ± f[rs3], one rounding (a C handler, `CHostCalls/fused.c`)
    case `fnmaddS`
    /// `faddS`: f[rd] = Semantics.floatAdd(f[rs1], f[rs2]), rounded to nearest-even
    case `faddS`
    /// `fsubS`: f[rd] = Semantics.floatSubtract(f[rs1], f[rs2]), rounded to nearest-even
    case `fsubS`
    /// `fmulS`: f[rd] = Semantics.floatMultiply(f[rs1], f[rs2]), rounded to nearest-even
    case `fmulS`
    /// `fdivS`: f[rd] = Semantics.floatDivide(f[rs1], f[rs2]), rounded to nearest-even
    case `fdivS`
    /// `fsgnjS`: f[rd] = Semantics.signInject(f[rs1], f[rs2]) on bit patterns
    case `fsgnjS`
    /// `fsgnjnS`: f[rd] = Semantics.signInjectNegated(f[rs1], f[rs2]) on bit patterns
    case `fsgnjnS`
    /// `fsgnjxS`: f[rd] = Semantics.signInjectXor(f[rs1], f[rs2]) on bit patterns
    case `fsgnjxS`
    /// `fld`: f[rd] = 8 bytes at rs1 + imm
    case `fld`
    /// `fsd`: 8 bytes at rs1 + imm = f[rs2]
    case `fsd`
    /// `fmaddD`: f[rd] = ±(f[rs1] × f[rs2]) ± f[rs3], one rounding (a C handler, `CHostCalls/fused.c`)
    case `fmaddD`
    /// `fmsubD`: f[rd] = ±(f[rs1] × f[rs2]) ± f[rs3], one rounding (a C handler, `CHostCalls/fused.c`)
    case `fmsubD`
    /// `fnmsubD`: f[rd] = ±(f[rs1] × f[rs2]) ± f[rs3], one rounding (a C handler, `CHostCalls/fused.c`)
    case `fnmsubD`
    /// `fnmaddD`: f[rd] = ±(f[rs1] × f[rs2]) ± f[rs3], one rounding (a C handler, `CHostCalls/fused.c`)
    case `fnmaddD`
    /// `faddD`: f[rd] = Semantics.floatAdd(f[rs1], f[rs2]), rounded to nearest-even
    case `faddD`
    /// `fsubD`: f[rd] = Semantics.floatSubtract(f[rs1], f[rs2]), rounded to nearest-even
    case `fsubD`
    /// `fmulD`: f[rd] = Semantics.floatMultiply(f[rs1], f[rs2]), rounded to nearest-even
    case `fmulD`
    /// `fdivD`: f[rd] = Semantics.floatDivide(f[rs1], f[rs2]), rounded to nearest-even
    case `fdivD`
    /// `fsgnjD`: f[rd] = Semantics.signInject(f[rs1], f[rs2]) on bit patterns
    case `fsgnjD`
    /// `fsgnjnD`: f[rd] = Semantics.signInjectNegated(f[rs1], f[rs2]) on bit patterns
    case `fsgnjnD`
    /// `fsgnjxD`: f[rd] = Semantics.signInjectXor(f[rs1], f[rs2]) on bit patterns
    case `fsgnjxD`
}

extension Handler {
    /// The bytes a load or store handler accesses; 0 for every other kind.
    var accessWidth: UInt32 {
        switch self {
        case .lb: 1
        case .lh: 2
        case .lw: 4
        case .lbu: 1
        case .lhu: 2
        case .sb: 1
        case .sh: 2
        case .sw: 4
        default: 0
        }
    }

    /// Whether `aux` holds the distance in bytes of cache to a target decided at decode
    /// time (branches and `jal`, in both directions).
    var hasDirectTarget: Bool {
        switch self {
        case .jal, .jalBack, .beq, .beqBack, .bne, .bneBack, .blt, .bltBack, .bge, .bgeBack, .bltu, .bltuBack, .bgeu, .bgeuBack: true
        default: false
        }
    }
}
