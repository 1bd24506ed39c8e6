/// `--deterministic` with guest threads: one thread runs at a time, and the turn moves only
/// at points that depend on nothing but the guest's own instructions, so two runs give the
/// same output and the same instruction counts.
///
/// ## The turn
/// Threads keep their own host threads (nothing of `runThread` or the shim changes shape);
/// the turn is a token under the process's `ThreadGroup` lock. A thread runs guest code or
/// answers its system calls only while it holds the turn; the others wait on the group's
/// condition. The process lock still serialises the shim as without the scheduler.
///
/// ## Switch points (what a recording logs as "thread switches")
/// The turn moves only:
/// 1. at the end of a quantum: `quantum` retired instructions of the holder, met exactly
///    (the interpreter's exact budget, never the fast loop's approximate one);
/// 2. at a call that would block (FUTEX_WAIT, clock_nanosleep, sigsuspend, sigtimedwait,
///    pause, ...): the holder records what it waits for (`DeterministicWait`) and gives the
///    turn away; sched_yield gives it away without waiting;
/// 3. at the holder's exit.
/// The next holder is the first runnable thread in tid order after the holder, the holder
/// itself last (round robin by tid). A waiting thread is runnable once what it waits for
/// holds: a FUTEX_WAKE marked it (wakes go oldest waiter first, in the order of the wake
/// calls), a signal it does not block is pending, or the virtual clock passed its deadline.
/// Host preemption requests (`--timeout`'s slices, a host signal) may cut a run short, but
/// the holder then resumes its quantum where it stood: they never move the turn.
///
/// A replayer or a debugger can drive the same rule: the sequence of (from tid, to tid,
/// instruction count of the holder) at each switch is the whole schedule, and `switches`
/// counts them; `onSwitch` is where a recorder would log them.
///
/// ## Time
/// Time is virtual, as for one thread: nanoseconds of retired instructions. The process's
/// clock (`clock`) is the sum of every thread's instructions plus the time skipped while
/// every thread waited; a thread that takes the turn joins it (`CSRFile.setVirtualTime`).
/// When no thread is runnable and some wait has a deadline (or a timer is armed), the clock
/// jumps to the earliest one instead of sleeping.
///
/// ## What stays outside
/// A read of a host descriptor (stdin, a host file, a pipe) and the host waits of poll and
/// wait4 are waited for holding the turn: their content or timing comes from outside the
/// guest's threads, the one nondeterminism left (in content, not in the schedule). When every
/// thread waits with no deadline and no timer, no guest thread can wake another: emu says so
/// once on stderr and waits, holding the turn, for a signal from outside (a host signal, a
/// kill from another guest process), as Linux would hang; `--timeout` ends such a run.
final class DeterministicScheduler {
    /// Instructions a thread runs before the turn moves on (1 ms of virtual time).
    static let quantum: UInt64 = 1_000_000
    /// The thread that may run; nil once the process ends.
    var turn: GuestThread?
    /// The process's virtual monotonic clock, in nanoseconds, at the last switch point.
    var clock: UInt64 = 0
    /// How many times the turn went to another thread.
    var switches: UInt64 = 0
    /// Whether the all-threads-blocked notice was printed.
    var deadlockNoticed = false
    /// Told each switch (from, to) at the moment it happens: the hook for a recorder.
    var onSwitch: ((_ from: GuestThread, _ to: GuestThread) -> Void)?
}

/// What a thread that gave the turn away waits for.
struct DeterministicWait {
    /// The virtual monotonic time at which it gives up (nil: none).
    let deadline: UInt64?
    /// Whether it can go on now (evaluated under the process lock, by whichever thread
    /// chooses the next holder).
    let ready: () -> Bool
}
