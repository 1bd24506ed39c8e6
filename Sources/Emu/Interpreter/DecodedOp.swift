import Decoder

/// The operation of one decoded-cache entry.
///
/// These are not the ISA's opcodes: decode time specialises them (an `addi` from x0 and
/// `lui`/`auipc` become `.li`, whose value is known at decode time), and everything rare
/// (CSRs, `ecall`, atomics, `fence.i`, branches whose target leaves the code) goes to one
/// generic handler, `.slow`, which keeps the hot handlers few and small.
enum Handler: UInt8, CaseIterable {
    case notDecoded
    /// Fetch from outside executable memory: the pc itself faults.
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
    /// Conditional branches: `aux` is the signed distance to the target's entry in bytes.
    case beq, bne, blt, bge, bltu, bgeu
    /// rd = imm (the link value, pc + length); jump by `aux` bytes of cache.
    case jal
    /// target = (rs1 + imm) & ~1; rd = aux (the link value).
    case jalr
}

/// One entry of the decoded-instruction cache, one per halfword of code, so that an
/// instruction at any 2-byte aligned pc has its own slot.
///
/// The first field is the host address of the entry's handler: the dispatch loop is
/// threaded code, each handler jumping straight to the next entry's handler
/// (see `ThreadedHandlers`).
struct DecodedOp {
    /// The handler that runs this entry.
    var function: ThreadedHandler
    /// What `function` is, for the cold paths and the debugger.
    var kind: Handler
    /// Destination register; `Hart.sinkRegister` when the ISA destination is x0.
    var rd: UInt8
    var rs1: UInt8
    var rs2: UInt8
    /// Bytes of cache to the next instruction's entry: one entry for a compressed
    /// instruction, two otherwise. Kept in bytes so the handler advances its pointer with a
    /// single add, no scaling.
    var nextBytes: UInt8
    var imm: Int32
    /// Handler-specific: branch/jump distance in bytes of cache, or the jalr link value.
    var aux: Int32
    /// Padding that makes an entry 32 bytes: with a power-of-two stride, `jalr` turns a
    /// guest address into its entry with one shift instead of a multiply.
    private var padding: UInt64 = 0

    /// The size of an entry in the cache (32 bytes).
    static let stride = MemoryLayout<DecodedOp>.stride

    init(_ kind: Handler, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0, imm: Int32 = 0,
         aux: Int32 = 0, next: UInt8 = 2) {
        self.function = ThreadedHandlers.function(for: kind, length: next == 1 ? 2 : 4)
        self.kind = kind
        self.rd = rd
        self.rs1 = rs1
        self.rs2 = rs2
        self.imm = imm
        self.aux = aux
        self.nextBytes = next &* UInt8(DecodedOp.stride)
    }

    /// Entries to the next instruction: 1 for a compressed instruction, 2 otherwise.
    var next: Int { Int(nextBytes) / DecodedOp.stride }
}
