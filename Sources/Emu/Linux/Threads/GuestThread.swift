import Glibc

/// One guest thread of a process: its own machine (hart, CSRs, decoded cache) over the
/// process's shared memory, and the state Linux keeps per thread. The shim's code reads the
/// process's fields (`machine`, `signals.blocked`, ...); `LinuxProcess.activate` swaps this
/// thread's values into them while it holds the process lock.
final class GuestThread {
    /// The thread id (the process's pid for the first thread).
    let tid: Int32
    /// The hart this thread runs.
    let machine: Machine
    /// Its preemption slot (`Preemption`), 0 for the first thread.
    let slot: Int

    // Per-thread signal state (signal(7): the mask, the alternate stack, and signals sent
    // to this thread alone are per thread; dispositions are the process's).
    var blocked: UInt64 = 0
    var savedMask: UInt64?
    var alternateStack: (base: UInt32, size: UInt32, flags: UInt32) = (0, 0, SignalState.SS_DISABLE)
    /// Signals sent to this thread (tgkill, tkill), not yet handed to the delivery code.
    var directed: [SignalInfo] = []

    /// set_tid_address / CLONE_CHILD_CLEARTID: zeroed and woken at the thread's exit.
    var clearChildTID: UInt32 = 0
    /// set_robust_list's head (0: none).
    var robustList: UInt32 = 0

    /// The futex word this thread waits on, with its bitset, while in futex_wait.
    var futexAddress: UInt32?
    var futexBitset: UInt32 = 0
    /// Set by a waker (under the lock) when it removes this thread from the waiters.
    var futexWoken = false

    /// Set when another thread unmapped or reprotected code: this thread's decoded cache is
    /// emptied before it runs again (it may have run stale entries for the microseconds
    /// until it stopped, as a hart may until a TLB shootdown reaches it).
    var codeStale = false

    /// Under `--deterministic`: what this thread waits for while it gave the turn away
    /// (nil: it is runnable), and the instruction count at which its turn ends.
    var deterministicWait: DeterministicWait?
    var turnEnd: UInt64 = 0

    /// Set when the thread has exited (exit, not exit_group); its status.
    var exited = false
    var exitStatus: Int32 = 0
    /// The host thread running it (unset for the first thread until the group forms).
    var host: pthread_t?

    init(tid: Int32, machine: Machine, slot: Int) {
        self.tid = tid
        self.machine = machine
        self.slot = slot
    }
}
