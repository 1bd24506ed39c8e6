import Decoder

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
