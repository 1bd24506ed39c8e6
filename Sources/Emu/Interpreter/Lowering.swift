import Decoder

/// Turns a decoded `Instruction` at `pc` into a cache entry, specialising at decode time.
///
/// The choice of builder per opcode, and the specialisations, are generated from the
/// instruction table (`Generated/Lowering+Opcodes.swift`); the builders are here.
/// - Destination x0 becomes the sink register (or a `.nop` when the instruction has no
///   other effect), so fast handlers never test `rd == 0`.
/// - `lui`, `auipc` and `addi rd, x0, imm` become `.li` with the value computed now.
/// - Branch and `jal` targets are checked once here: a target outside the code or
///   misaligned for the ISA sends the instruction to `.slow`, which raises the fault if the
///   jump is taken; a valid one is stored as a distance in entries.
struct Lowering {
    let inst: Instruction
    let pc: UInt32
    let code: CodeCache
    let isa: ISASet
    /// Whether F/D instructions may get threaded handlers: for Linux guests, whose FPU is
    /// never off (mstatus.FS is not theirs to change) and whose FS state nothing reads, so
    /// the handlers need neither check nor update it. Bare-metal machines run them all in
    /// the generic executor, which does both.
    let floatHandlers: Bool

    static func lower(_ inst: Instruction, pc: UInt32, code: CodeCache, isa: ISASet,
                      floatHandlers: Bool = false) -> DecodedOp {
        let lowering = Lowering(inst: inst, pc: pc, code: code, isa: isa, floatHandlers: floatHandlers)
        guard inst.opcode != .illegal, isa.allows(inst) else { return lowering.illegal() }
        if inst.opcode == .fence, code.hostFences, Lowering.ordersStoresBeforeLoads(inst) { return lowering.slow() }
        return lowering.lowered()
    }

    /// Whether a FENCE orders earlier stores before later loads: W in its predecessor set
    /// (bit 24) and R in its successor set (bit 21), and not FENCE.TSO (fm = 1000), which
    /// leaves exactly that pair out. Every other ordering RVWMO asks of a fence, x86-64's TSO
    /// gives by itself (loads are not reordered with loads, nor stores with stores, nor a
    /// load with a later store), so only these need a host barrier.
    static func ordersStoresBeforeLoads(_ inst: Instruction) -> Bool {
        let raw = inst.raw
        return raw >> 28 != 0b1000 && raw & (1 << 24) != 0 && raw & (1 << 21) != 0
    }

    /// Entries to the next instruction.
    var next: UInt8 { inst.isCompressed ? 1 : 2 }
    /// The destination, with x0 redirected to the sink register that nothing reads.
    var rd: UInt8 { inst.rd == 0 ? Hart.sinkRegister : inst.rd }
    /// The immediate's bits, as the semantics functions take them.
    var imm: UInt32 { UInt32(bitPattern: inst.imm) }

    /// The distance to `target`'s entry in bytes of cache, when the target can be run from
    /// the cache.
    func distance(to target: UInt32) -> Int32? {
        let alignment: UInt32 = isa.c ? 2 : 4
        guard target % alignment == 0, code.contains(target) else { return nil }
        let entries = Int(code.index(of: target)) - Int(code.index(of: pc))
        return Int32(truncatingIfNeeded: entries * MemoryLayout<DecodedOp>.stride)
    }

    // MARK: - Builders, one per form

    func illegal() -> DecodedOp { DecodedOp(.illegal, imm: Int32(bitPattern: inst.raw), next: next) }
    func nop() -> DecodedOp { DecodedOp(.nop, next: next) }
    func slow() -> DecodedOp { DecodedOp(.slow, next: next) }

    /// rd = `value`, known now.
    func constant(_ value: UInt32) -> DecodedOp {
        DecodedOp(.li, rd: rd, imm: Int32(bitPattern: value), next: next)
    }

    func alu(_ handler: Handler) -> DecodedOp {
        DecodedOp(handler, rd: rd, rs1: inst.rs1, rs2: inst.rs2, imm: inst.imm, next: next)
    }

    /// Loads into x0 still access memory (and may fault), so they keep the sink register.
    func load(_ handler: Handler) -> DecodedOp {
        DecodedOp(handler, rd: rd, rs1: inst.rs1, imm: inst.imm, next: next)
    }

    func store(_ handler: Handler) -> DecodedOp {
        DecodedOp(handler, rs1: inst.rs1, rs2: inst.rs2, imm: inst.imm, next: next)
    }

    /// `forward` for a target after the branch, `backward` for one at or before it (the
    /// only ones that can loop, so the only ones that check the budget).
    func branch(_ forward: Handler, _ backward: Handler) -> DecodedOp {
        guard let distance = distance(to: pc &+ imm) else { return slow() }
        return DecodedOp(distance > 0 ? forward : backward, rs1: inst.rs1, rs2: inst.rs2, aux: distance, next: next)
    }

    /// `imm` holds the link value, `aux` the distance to the target.
    func jal(_ forward: Handler, _ backward: Handler) -> DecodedOp {
        guard let distance = distance(to: pc &+ imm) else { return slow() }
        return DecodedOp(distance > 0 ? forward : backward, rd: rd, imm: Int32(bitPattern: pc &+ UInt32(inst.length)),
                         aux: distance, next: next)
    }

    /// `aux` holds the link value.
    func jalr() -> DecodedOp {
        DecodedOp(.jalr, rd: rd, rs1: inst.rs1, imm: inst.imm, aux: Int32(bitPattern: pc &+ UInt32(inst.length)),
                  next: next)
    }

    // MARK: - F and D (threaded handlers for Linux guests only; see `floatHandlers`)

    /// f registers are f0...f31 as they are: there is no sink register to redirect to.
    func floatLoad(_ handler: Handler) -> DecodedOp {
        guard floatHandlers else { return slow() }
        return DecodedOp(handler, rd: inst.rd, rs1: inst.rs1, imm: inst.imm, next: next)
    }

    func floatStore(_ handler: Handler) -> DecodedOp {
        guard floatHandlers else { return slow() }
        return DecodedOp(handler, rs1: inst.rs1, rs2: inst.rs2, imm: inst.imm, next: next)
    }

    /// Only for the rounding modes the handler can run: dynamic (7; the handler checks that
    /// frm is nearest-even when it runs) and nearest-even itself (0); the other static
    /// modes go to the generic executor.
    func floatArithmetic(_ handler: Handler) -> DecodedOp {
        guard floatHandlers, inst.rm == 7 || inst.rm == 0 else { return slow() }
        return DecodedOp(handler, rd: inst.rd, rs1: inst.rs1, rs2: inst.rs2, next: next)
    }

    func floatBitwise(_ handler: Handler) -> DecodedOp {
        guard floatHandlers else { return slow() }
        return DecodedOp(handler, rd: inst.rd, rs1: inst.rs1, rs2: inst.rs2, next: next)
    }

    /// `imm` holds rs3. Only with the C handlers (`FusedFloatHandlers`) and the rounding
    /// modes `floatArithmetic` takes.
    func floatFused(_ handler: Handler) -> DecodedOp {
        guard floatHandlers, FusedFloatHandlers.available, inst.rm == 7 || inst.rm == 0 else { return slow() }
        return DecodedOp(handler, rd: inst.rd, rs1: inst.rs1, rs2: inst.rs2, imm: Int32(inst.rs3), next: next)
    }
}
