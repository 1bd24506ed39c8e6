import CHostCalls

/// Ends a running dispatch loop from a signal handler or another thread, for `--timeout`,
/// guest signals and guest threads.
///
/// The loop checks `LoopContext.limit` at every backward branch, indirect jump, slow
/// instruction (system calls, FENCE.I) and cache refill, reading it from memory each time.
/// A request sets the running loop's limit to 0, so the loop returns at the next of those
/// points: within microseconds, whatever the guest runs (a FENCE.I storm included). The
/// caller then sees the stop and checks its clock as it does after every run.
///
/// Each guest thread runs its own loop on its own host thread, so the state is one slot per
/// host thread (`atomics.c`: fixed storage, atomic accesses, a C thread-local naming the
/// caller's slot): a host signal, which lands on any thread, requests every slot; a
/// signal for one guest thread requests only its slot. Only async-signal-safe work happens
/// in a request. A request that lands between two runs is kept pending and ends the next
/// run at its first check point, so none is lost.
public enum Preemption {
    /// Whether the calling thread's last threaded run was cut short by a request.
    static var lastRunPreempted: Bool { emu_preempt_last_run_preempted() != 0 }

    /// Asks every running (or next) dispatch loop to stop soon. Safe to call from a signal
    /// handler.
    public static func request() { emu_preempt_request_all() }

    /// Asks the loop of one guest thread's slot to stop soon.
    static func request(slot: Int) { emu_preempt_request(Int32(slot)) }

    /// Takes a request for the calling thread that waits for its next run, if any.
    static func takePending() -> Bool { emu_preempt_take_pending() != 0 }

    /// Publishes the limit of a loop about to run, consuming a pending request.
    static func enter(_ limit: UnsafeMutablePointer<UInt64>) { emu_preempt_enter(limit) }

    /// Withdraws the limit; records whether the run was preempted (its limit is 0).
    static func leave(_ limit: UnsafeMutablePointer<UInt64>) { emu_preempt_leave(limit) }
}
