/// The step from one threaded handler to the next.
///
/// Release builds tail-call the next entry's handler: every handler ends in one indirect
/// `jmp`, so each guest instruction kind has its own dispatch branch for the host's
/// predictor, and nothing returns until a handler stops the run. Debug builds (`swift
/// test`) do not turn calls into jumps, so a chain of calls would grow the host stack
/// without bound; there each handler returns the next entry to a trampoline loop
/// (`Interpreter.runThreaded`) instead. Both run the same handler bodies.
@inline(__always)
func dispatch(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer
) -> UInt64 {
    #if DEBUG
        context.assumingMemoryBound(to: LoopContext.self).pointee.resumeIP = ip
        return count
    #else
        return ip.assumingMemoryBound(to: DecodedOp.self).pointee.function(ip, regs, count, scratch, context)
    #endif
}

/// Retires the entry at `ip` and dispatches the one `step` bytes after it.
@inline(__always)
func advance(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ scratch: UInt, _ context: UnsafeMutableRawPointer, by step: Int
) -> UInt64 {
    dispatch(ip + step, regs, count &+ 1, scratch, context)
}

/// The entry at `ip`.
@inline(__always)
func entry(_ ip: UnsafeMutableRawPointer) -> UnsafeMutablePointer<DecodedOp> {
    ip.assumingMemoryBound(to: DecodedOp.self)
}

/// The loop context behind a handler's fourth argument.
@inline(__always)
func loopContext(_ context: UnsafeMutableRawPointer) -> UnsafeMutablePointer<LoopContext> {
    context.assumingMemoryBound(to: LoopContext.self)
}
