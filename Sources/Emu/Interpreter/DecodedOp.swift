import Decoder

/// The operation of one decoded-cache entry: what the dispatch loop switches on.
///
/// These are not the ISA's opcodes: decode time specialises them (an `addi` from x0 and
/// `lui`/`auipc` become `.li`, whose value is known at decode time), and everything rare
/// (CSRs, `ecall`, atomics, `fence.i`, branches whose target leaves the code) goes to one
/// generic handler, `.slow`, which keeps the hot loop small.
/// `.notDecoded` must stay 0: a fresh, zero-filled cache is all "not decoded yet".
enum Handler: UInt8 {
    case notDecoded = 0
    /// Fetch from outside executable memory: `aux` is unused; the pc itself faults.
    case fetchFault
    /// An instruction the selected ISA does not have; `imm` holds its raw bits.
    case illegal
    /// Anything without a fast handler: run by `Interpreter.executeSlow`.
    case slow
    /// A debugger breakpoint patched over the entry.
    case breakpoint
    case nop
    /// rd = imm (lui, auipc, li and every other constant known at decode time).
    case li
    case addi, slti, sltiu, xori, ori, andi, slli, srli, srai
    case add, sub, sll, slt, sltu, xor, srl, sra, or, and
    case mul, mulh, mulhsu, mulhu, div, divu, rem, remu
    case lb, lh, lw, lbu, lhu, sb, sh, sw
    /// Conditional branches: `aux` is the signed distance to the target in entries.
    case beq, bne, blt, bge, bltu, bgeu
    /// rd = imm (the link value, pc + length); jump by `aux` entries.
    case jal
    /// target = (rs1 + imm) & ~1; rd = aux (the link value).
    case jalr
}

/// One entry of the decoded-instruction cache: 16 bytes, one per halfword of code, so that
/// an instruction at any 2-byte aligned pc has its own slot.
struct DecodedOp {
    var handler: Handler
    /// Destination register; `Hart.sinkRegister` when the ISA destination is x0.
    var rd: UInt8
    var rs1: UInt8
    var rs2: UInt8
    var imm: Int32
    /// Handler-specific: branch/jump distance in entries, or the jalr link value.
    var aux: Int32
    /// Entries to the next instruction: 1 for a compressed instruction, 2 otherwise.
    var next: UInt8

    init(_ handler: Handler, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0, imm: Int32 = 0,
         aux: Int32 = 0, next: UInt8 = 2) {
        self.handler = handler
        self.rd = rd
        self.rs1 = rs1
        self.rs2 = rs2
        self.imm = imm
        self.aux = aux
        self.next = next
    }
}
