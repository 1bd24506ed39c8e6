import CHostCalls

/// The threaded FP handlers (ThreadedHandlers+Float.swift) compute on the host FPU and leave
/// the exception flags they raise in it, where they accumulate as RISC-V's do (both are
/// sticky, and the host's mean the same for the operations those handlers run). They reach
/// `fcsr` here, at the points where anything could read it: where the loop starts (which
/// clears whatever emu's own code left in the host FPU), before each instruction the
/// generic executor runs from inside the loop (a CSR read of fflags, or an FP instruction
/// of its own, which clears the host flags; after that instruction, what the generic
/// executor's own Swift code raised on the host is discarded, since it computes the
/// guest's flags itself), and where the loop ends (before system calls, signal frames, the
/// debugger and checkpoints see `fcsr`).
extension Machine {
    /// ORs the flags raised on the host since the last collection into `fcsr`, and clears them.
    @inline(__always)
    func collectHostFloatFlags() {
        let flags = emu_host_float_flags_take()
        if flags != 0 {
            hart.fcsr |= flags
            csrs.markFloatDirty()
        }
    }

    /// Clears the host's flags, so that only what the loop raises is collected.
    @inline(__always)
    func discardHostFloatFlags() {
        _ = emu_host_float_flags_take()
    }
}
