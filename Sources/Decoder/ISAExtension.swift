/// The ISA extension an operation belongs to, so that a run can be restricted to a subset
/// (`--isa rv32i`, `rv32im`, ...). Compressed encodings are not an extension of their own
/// here: `Instruction.isCompressed` says whether an instruction came from RVC.
public enum ISAExtension: Sendable, Hashable, CaseIterable {
    /// The RV32I base: integer computation, loads, stores, control transfer, FENCE,
    /// ECALL, EBREAK.
    case i
    /// Integer multiplication and division.
    case m
    /// Atomic memory operations (LR/SC and the AMOs).
    case a
    /// Control and status register instructions.
    case zicsr
    /// Instruction-fetch fence (FENCE.I).
    case zifencei
    /// The privileged architecture's instructions (MRET, SRET, WFI, SFENCE.VMA).
    case privileged
    /// Single-precision floating point, with f0–f31 and `fcsr`.
    case f
    /// Double-precision floating point (needs F).
    case d
    /// Address generation: shift-and-add.
    case zba
    /// Basic bit manipulation: logic with negation, counts, min/max, extensions,
    /// rotations, byte operations.
    case zbb
    /// Carry-less multiplication.
    case zbc
    /// Single-bit operations.
    case zbs
}
