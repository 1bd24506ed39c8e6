import CHostCalls

// The threaded handlers' templates for F and D: loads, stores, sign injection and the four
// arithmetic operations, for Linux guests (see `Lowering.floatHandlers`). Everything else
// of F and D, and every case these templates do not take, runs in the generic executor
// (`GenericStep.floatingPoint`), which they reach through `LoopContext.loadMiss`, the
// `.slow` handler: that one re-reads the instruction and runs it with every rounding mode,
// exact flags and every check.
//
// Arithmetic is the host's SSE arithmetic in its default mode, round to nearest-even, and
// only runs here when the guest's rounding mode is that one too. Its exception flags stay
// in the host FPU and accumulate there, as fflags does (see `collectHostFloatFlags`): x86
// raises the same five flags for these operations as RISC-V (invalid, divide by zero,
// overflow, underflow detected after rounding and only when inexact, inexact), so no
// flag is computed here. What x86 does differently is done here: a NaN result becomes the
// canonical NaN (x86 returns an operand's payload), and a single must be NaN-boxed in its
// register (one that is not is the canonical NaN: the generic executor handles that).
//
// Each handler passes the value it wrote on as the next handler's `scratch` (which carries
// no state, see `ThreadedHandler`): that frees `%rcx` for it, and with the register file,
// both operands, a 64-bit constant and the destination's number live at once, the four
// other scratch registers are one short, which would cost a push and a pop.

/// A single in an f register, NaN-boxed.
@inline(__always)
func boxedSingle(_ bits: UInt32) -> UInt64 { 0xFFFF_FFFF_0000_0000 | UInt64(bits) }

/// Whether frm, in `fcsr` after f31, is round to nearest-even, the host's mode.
@inline(__always)
func roundsToNearestEven(_ f: UnsafeMutablePointer<UInt64>) -> Bool {
    f[Hart.fcsrSlot] & 0xE0 == 0
}

/// flw / fld from a readable page, aligned (the same fast path as integer loads).
@inline(__always)
func executeFloatLoad(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int, width: UInt32
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    guard fastAccess(c.pointee.pageFlags, address, width: width, Memory.readableFlag) else {
        return c.pointee.loadMiss(ip, regs, count, scratch, context)
    }
    let host = UnsafeRawPointer(c.pointee.hostBias + Int(address))
    c.pointee.floatRegisters[Int(o.pointee.rd)] =
        width == 8 ? host.loadUnaligned(as: UInt64.self) : boxedSingle(host.loadUnaligned(as: UInt32.self))
    return advance(ip, regs, count, scratch, context, by: step)
}

/// fsw / fsd to a page with the fast-store flag, aligned; fsw stores the low 32 bits as they
/// are. Any other store goes to the generic executor (`storeMiss` handles x registers only).
@inline(__always)
func executeFloatStore(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int, width: UInt32
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    guard fastAccess(c.pointee.pageFlags, address, width: width, Memory.fastStoreFlag) else {
        return c.pointee.loadMiss(ip, regs, count, scratch, context)
    }
    let host = c.pointee.hostBias + Int(address)
    let value = c.pointee.floatRegisters[Int(o.pointee.rs2)]
    if width == 8 {
        host.storeBytes(of: value, as: UInt64.self)
    } else {
        host.storeBytes(of: UInt32(truncatingIfNeeded: value), as: UInt32.self)
    }
    return advance(ip, regs, count, scratch, context, by: step)
}

/// fadd.d, fsub.d, fmul.d, fdiv.d in round to nearest-even.
@inline(__always)
func executeDoubleArithmetic(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int, _ semantics: (Double, Double) -> Double
) -> UInt64 {
    let o = entry(ip), f = loopContext(context).pointee.floatRegisters
    guard roundsToNearestEven(f) else { return loopContext(context).pointee.loadMiss(ip, regs, count, scratch, context) }
    let r = semantics(Double(bitPattern: f[Int(o.pointee.rs1)]), Double(bitPattern: f[Int(o.pointee.rs2)]))
    let bits = r == r ? r.bitPattern : 0x7FF8_0000_0000_0000  // r != r: NaN, one compare (isNaN tests bits)
    f[Int(o.pointee.rd)] = bits
    return advance(ip, regs, count, UInt(bits), context, by: step)
}

/// The halves of f register `index` (x86-64 is little-endian: the low half first). Singles
/// are read and written as 32-bit halves: the NaN-boxing test is then a 32-bit compare
/// with all ones, and the box a store of an immediate, where whole registers would need a
/// 64-bit constant in a register.
@inline(__always)
func singleHalf(_ f: UnsafeMutablePointer<UInt64>, _ index: UInt8, high: Bool) -> UInt32 {
    UnsafeRawPointer(f).load(fromByteOffset: Int(index) &* 8 &+ (high ? 4 : 0), as: UInt32.self)
}

@inline(__always)
func setSingle(_ f: UnsafeMutablePointer<UInt64>, _ index: UInt8, _ bits: UInt32) {
    let register = UnsafeMutableRawPointer(f) + Int(index) &* 8
    register.storeBytes(of: bits, as: UInt32.self)
    register.storeBytes(of: UInt32.max, toByteOffset: 4, as: UInt32.self)
}

/// Whether f`a` and f`b` both hold NaN-boxed singles.
@inline(__always)
func bothBoxed(_ f: UnsafeMutablePointer<UInt64>, _ a: UInt8, _ b: UInt8) -> Bool {
    singleHalf(f, a, high: true) & singleHalf(f, b, high: true) == .max
}

/// fadd.s, fsub.s, fmul.s, fdiv.s in round to nearest-even, on NaN-boxed operands.
@inline(__always)
func executeSingleArithmetic(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int, _ semantics: (Float, Float) -> Float
) -> UInt64 {
    let o = entry(ip), f = loopContext(context).pointee.floatRegisters
    guard bothBoxed(f, o.pointee.rs1, o.pointee.rs2), roundsToNearestEven(f) else {
        return loopContext(context).pointee.loadMiss(ip, regs, count, scratch, context)
    }
    let r = semantics(Float(bitPattern: singleHalf(f, o.pointee.rs1, high: false)),
                      Float(bitPattern: singleHalf(f, o.pointee.rs2, high: false)))
    let bits = r == r ? r.bitPattern : 0x7FC0_0000
    setSingle(f, o.pointee.rd, bits)
    return advance(ip, regs, count, UInt(bits), context, by: step)
}

/// fsgnj.d, fsgnjn.d, fsgnjx.d (fmv.d, fneg.d, fabs.d): bits only.
@inline(__always)
func executeDoubleBitwise(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int, _ semantics: (UInt64, UInt64) -> UInt64
) -> UInt64 {
    let o = entry(ip), f = loopContext(context).pointee.floatRegisters
    let bits = semantics(f[Int(o.pointee.rs1)], f[Int(o.pointee.rs2)])
    f[Int(o.pointee.rd)] = bits
    return advance(ip, regs, count, UInt(bits), context, by: step)
}

/// fsgnj.s, fsgnjn.s, fsgnjx.s on NaN-boxed operands.
@inline(__always)
func executeSingleBitwise(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int, _ semantics: (UInt32, UInt32) -> UInt32
) -> UInt64 {
    let o = entry(ip), f = loopContext(context).pointee.floatRegisters
    guard bothBoxed(f, o.pointee.rs1, o.pointee.rs2) else {
        return loopContext(context).pointee.loadMiss(ip, regs, count, scratch, context)
    }
    let bits = semantics(singleHalf(f, o.pointee.rs1, high: false), singleHalf(f, o.pointee.rs2, high: false))
    setSingle(f, o.pointee.rd, bits)
    return advance(ip, regs, count, UInt(bits), context, by: step)
}

// MARK: - The fused multiply-adds, written in C (CHostCalls/fused.c)

/// A threaded handler as C declares it: the same function type with optional pointers.
typealias CThreadedHandler = @convention(c) (
    UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt32>?, UInt64, UInt, UnsafeMutableRawPointer?
) -> UInt64

/// `handler` as a `ThreadedHandler`: the two types differ only in their pointers'
/// optionality, which does not change how they are passed.
func cHandler(_ handler: CThreadedHandler) -> ThreadedHandler {
    unsafeBitCast(handler, to: ThreadedHandler.self)
}

/// Whether the C fused multiply-add handlers can run here: the host has FMA, and the
/// layouts they read match `DecodedOp` and `LoopContext` (else the generic executor runs
/// these instructions).
enum FusedFloatHandlers {
    static let available = emu_host_has_fma() != 0 && layoutMatches

    /// Whether the layouts fused.c reads are `DecodedOp`'s and `LoopContext`'s.
    static var layoutMatches: Bool {
        guard let rd = MemoryLayout<DecodedOp>.offset(of: \.rd), let rs1 = MemoryLayout<DecodedOp>.offset(of: \.rs1),
            let rs2 = MemoryLayout<DecodedOp>.offset(of: \.rs2), let imm = MemoryLayout<DecodedOp>.offset(of: \.imm),
            let f = MemoryLayout<LoopContext>.offset(of: \.floatRegisters)
        else { return false }
        return emu_fused_layout_matches(rd, rs1, rs2, imm, f) != 0
    }
}
