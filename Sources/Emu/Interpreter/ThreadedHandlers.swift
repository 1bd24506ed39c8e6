// The threaded handlers' templates: one `@inline(__always)` function per operand form,
// which the generated `@_cdecl` thunks (Generated/HandlerThunks.swift) call with a row's
// semantics function and step, plus the handlers that are not a form (cold entries, `li`,
// `nop`, `jal`, `jalr`).
//
// Each handler ends in `dispatch` or `advance`, which release builds compile into a single
// indirect jump to the next entry's handler. Hot state arrives in host registers (entry,
// register file, count, scratch, context; see `ThreadedHandler`); memory windows are read from the context, which x86
// folds into the compare and subtract instructions as memory operands.
//
// Every thunk is a `@_cdecl` function marked `@inline(__always)`: the attribute makes the
// Swift body inline into its C entry point, so the pointer the cache stores is the handler
// itself. (A C-convention closure, or a `@_cdecl` function without it, gets a separate
// thunk that adds a frame and a second jump to every dispatch.) The semantics function is
// passed as a function value to an `@inline(__always)` template: once inlined, the call is
// to a known function, which is inlined in turn, so each thunk compiles to the operation
// itself (checked by `scripts/check-loop-code`).
//
// Handlers that fall through to the next instruction come in two sizes, one for 4-byte and
// one for compressed instructions: the distance to the next entry is then a constant in the
// code (one `add`) instead of a byte loaded from the entry and added, which keeps
// compressed code as fast as uncompressed.

/// The handler functions, indexed by `Handler`: `function(for:length:)` and `storeMiss`
/// are generated (Generated/HandlerThunks.swift).
enum ThreadedHandlers {}

/// The distances to the next entry, for the two instruction sizes.
let fullStep = 2 * DecodedOp.stride
let compressedStep = DecodedOp.stride

// MARK: - Forms

/// rd = semantics(rs1, rs2)
@inline(__always)
func executeRegisterRegister(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int, shiftCount: Bool = false,
    _ semantics: (UInt32, UInt32) -> UInt32
) -> UInt64 {
    let o = entry(ip)
    let b = regs[Int(o.pointee.rs2)]
    regs[Int(o.pointee.rd)] = semantics(regs[Int(o.pointee.rs1)], b)
    return advance(ip, regs, count, shiftCount ? UInt(b) : scratch, context, by: step)
}

/// rd = semantics(rs1, imm)
@inline(__always)
func executeRegisterImmediate(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int, shiftCount: Bool = false,
    _ semantics: (UInt32, UInt32) -> UInt32
) -> UInt64 {
    let o = entry(ip)
    let b = UInt32(bitPattern: o.pointee.imm)
    regs[Int(o.pointee.rd)] = semantics(regs[Int(o.pointee.rs1)], b)
    return advance(ip, regs, count, shiftCount ? UInt(b) : scratch, context, by: step)
}

// MARK: - Loads and stores: one flags byte per guest page says whether the fast path may
// touch it (see `Memory`). Only aligned accesses take the fast path: an aligned access
// lies in one page, so one lookup checks it exactly; a misaligned one (rare in compiled
// code) may cross into a page without the permission and leaves through the miss handler.

/// Whether an access of `width` bytes at `address` may take the fast path: aligned, and
/// its page has `flag`. The table covers every 32-bit address, so no bounds compare comes
/// first; `width` is a constant in each handler, so a byte access has no alignment test.
@inline(__always)
func fastAccess(_ flags: UnsafeMutablePointer<UInt8>, _ address: UInt32, width: UInt32, _ flag: UInt8) -> Bool {
    if width > 1 && address & (width &- 1) != 0 { return false }
    return flags[Int(address &>> Memory.pageShift)] & flag != 0
}

/// Loads of `width` bytes from readable pages; `semantics` reads and extends. Any other
/// load (a fault included) goes through `LoopContext.loadMiss`.
@inline(__always)
func executeLoad(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int, width: UInt32, _ semantics: (UnsafeRawPointer) -> UInt32
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    guard fastAccess(c.pointee.pageFlags, address, width: width, Memory.readableFlag) else {
        return c.pointee.loadMiss(ip, regs, count, scratch, context)
    }
    regs[Int(o.pointee.rd)] = semantics(c.pointee.hostBias + Int(address))
    return advance(ip, regs, count, scratch, context, by: step)
}

/// Stores of `width` bytes: pages without the fast-store flag (read-only or unmapped pages,
/// device registers, watched memory) and misaligned stores go through `threadedStoreMiss`.
/// `semantics` writes the low bytes.
@inline(__always)
func executeStore(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int, width: UInt32, _ semantics: (UnsafeMutableRawPointer, UInt32) -> Void
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    if fastAccess(c.pointee.pageFlags, address, width: width, Memory.fastStoreFlag) {
        semantics(c.pointee.hostBias + Int(address), regs[Int(o.pointee.rs2)])
        return advance(ip, regs, count, scratch, context, by: step)
    }
    return c.pointee.storeMiss(ip, regs, count, scratch, context)
}

/// Conditional branches. The target was validated at decode time (`aux` is the distance to
/// its entry), and so was its direction: `backward` (a constant in each handler) is true
/// for a target at or before the branch. Only those check the budget (see
/// `Interpreter.run`), and the backward handler checks it without testing the sign.
@inline(__always)
func executeBranch(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int, backward: Bool, _ taken: (UInt32, UInt32) -> Bool
) -> UInt64 {
    let o = entry(ip)
    if taken(regs[Int(o.pointee.rs1)], regs[Int(o.pointee.rs2)]) {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        // The forward handler keeps the (always false) sign test: without it, the taken
        // path is the same dispatch as the fall-through one, and LLVM merges the two into a
        // select of the step, which costs the commoner, not-taken path one instruction.
        if (backward || distance <= 0) && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, scratch, context)
    }
    return advance(ip, regs, count, scratch, context, by: step)
}

/// `jal`: the link value is in `imm`, the distance to the target's entry in `aux`; the
/// direction is known at decode time, as for branches.
@inline(__always)
func executeJal(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, backward: Bool
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: o.pointee.imm)
    let target = ip + Int(o.pointee.aux)
    // No fall-through path to merge with, so the forward handler has no check at all.
    if backward && count &+ 1 >= loopContext(context).pointee.limit {
        return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
    }
    return dispatch(target, regs, count &+ 1, scratch, context)
}

/// `jalr`: §2.5.1, rd is written after rs1 is read; the link value is in `aux`. The target
/// is checked against the code window with one unsigned compare.
@inline(__always)
func executeJalr(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, _ targetOf: (UInt32, UInt32) -> UInt32
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let target = targetOf(regs[Int(o.pointee.rs1)], UInt32(bitPattern: o.pointee.imm))
    let offset = target &- c.pointee.codeStart
    guard target & c.pointee.jumpAlignMask == 0, offset < c.pointee.codeSpan else {
        return ColdPaths.jumpFault(ip, count, context, target)
    }
    // The target's cache page may not be filled yet (see `CodeCache`).
    guard c.pointee.codeReady[Int(offset &>> Memory.pageShift)] != 0 else {
        return jumpToUnreadyPage(ip, regs, count, scratch, context, target)
    }
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: o.pointee.aux)
    let next = c.pointee.entries + Int(offset >> 1) &* DecodedOp.stride
    if count &+ 1 >= c.pointee.limit { return ColdPaths.stop(next, count &+ 1, context, .budgetExhausted) }
    return dispatch(next, regs, count &+ 1, scratch, context)
}

/// A `jalr` to a cache page not filled yet: fills it and goes on there. Out of line, and
/// reached by a tail call, so that `jalr`'s own fast path needs no stack frame.
@inline(never)
func jumpToUnreadyPage(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, _ target: UInt32
) -> UInt64 {
    guard let next = ColdPaths.jumpToUnready(ip, count, context, target) else {
        return loopContext(context).pointee.stopCount
    }
    return dispatch(next, regs, count &+ 1, scratch, context)
}

// MARK: - Decode-time kinds

/// An instruction with no effect (a fence, or an ALU result written to x0).
@inline(__always)
func executeNop(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    advance(ip, regs, count, scratch, context, by: step)
}

/// `li`: lui, auipc and every constant known at decode time.
@inline(__always)
func executeLi(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, step: Int
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, scratch, context, by: step)
}

// MARK: - Cold entries: each hands over to an out-of-line helper in ColdPaths.

@inline(__always)
func executeNotDecoded(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    // A cache refill is a budget check point: straight-line code that is not decoded yet
    // never runs past the limit (or a preemption) by more than one instruction, and code
    // that is decoded is bounded by the cache's size.
    if count >= loopContext(context).pointee.limit { return ColdPaths.stop(ip, count, context, .budgetExhausted) }
    ColdPaths.decode(ip, context)
    return dispatch(ip, regs, count, scratch, context)
}

@inline(__always)
func executeFetchFault(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    ColdPaths.fetchFault(ip, count, context)
}

@inline(__always)
func executeIllegal(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    ColdPaths.illegal(ip, count, context)
}

@inline(__always)
func executeBreakpoint(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    ColdPaths.stop(ip, count, context, .breakpoint)
}

@inline(__always)
func executeSlow(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    let resume = ColdPaths.slow(ip, count, context)
    guard let next = resume.ip else { return resume.count }
    return dispatch(next, regs, resume.count, scratch, context)
}

/// A store that missed the fast window. Handlers reach it through `LoopContext.storeMiss`,
/// a C-to-C tail call, so that no handler keeps a register alive across a call (their fast
/// paths then need no stack frame), and so that it can itself tail-call the next handler.
@inline(__always)
func executeStoreMiss(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    guard ColdPaths.storeMiss(ip, regs, count, context) else {
        return loopContext(context).pointee.stopCount
    }
    return advance(ip, regs, count, scratch, context, by: Int(entry(ip).pointee.nextBytes))
}
