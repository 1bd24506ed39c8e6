/// Ends a running dispatch loop from a signal handler, for `--timeout`.
///
/// The loop checks `LoopContext.limit` at every backward branch, indirect jump, slow
/// instruction (system calls, FENCE.I) and cache refill, reading it from memory each time.
/// `request` sets the running loop's limit to 0, so the loop returns at the next of those
/// points: within microseconds, whatever the guest runs (a FENCE.I storm included). The
/// caller then sees the stop and checks its clock as it does after every run.
///
/// Only async-signal-safe work happens in `request`: two plain stores to memory that is
/// never freed while published. A request that lands between two runs is kept in
/// `pending` and ends the next run at its first check point, so none is lost.
public enum Preemption {
    /// The running loop's limit, while a loop runs.
    nonisolated(unsafe) private static var active: UnsafeMutablePointer<UInt64>?
    /// A request not yet seen by a run.
    nonisolated(unsafe) private static var pending = false
    /// Whether the last threaded run was cut short by a request.
    nonisolated(unsafe) static var lastRunPreempted = false

    /// Asks the running (or next) dispatch loop to stop soon. Safe to call from a signal
    /// handler.
    public static func request() {
        pending = true
        active?.pointee = 0
    }

    /// Publishes the limit of a loop about to run, consuming a pending request.
    static func enter(_ limit: UnsafeMutablePointer<UInt64>) {
        lastRunPreempted = false
        active = limit
        if pending {
            pending = false
            limit.pointee = 0
        }
    }

    /// Withdraws the limit; records whether the run was preempted (its limit is 0).
    static func leave(_ limit: UnsafeMutablePointer<UInt64>) {
        active = nil
        // A request that raced with the end of the run is for the next one.
        if limit.pointee == 0 { lastRunPreempted = true; pending = false }
    }
}
