import CHostCalls
import Glibc

/// The threads of one guest process and the one lock that serialises its system-call shim.
///
/// A thread takes the lock when its loop stops (a system call, a fault, the end of a time
/// slice) and gives it back before it runs guest code again, so the shim's state (files,
/// mappings, signals, the process's fields) is only ever touched by one thread at a time,
/// and the dispatch loop itself takes no lock. Blocking waits give the lock up while they
/// wait (futex waits on `condition`, sleeps and polls around `HostSignals.wait`).
final class ThreadGroup {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// Futex waiters and the exited first thread wait here; wakers broadcast.
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    /// Live threads, the first thread first (it stays in the list after its exit, as Linux
    /// keeps the leader as a zombie until the last thread ends).
    var threads: [GuestThread]
    /// The thread whose state is in the process's fields.
    var current: GuestThread?
    /// Set once the process ends (exit_group, a fatal signal, a limit): every thread stops.
    var ending = false
    /// Threads waiting in futex_wait, oldest first (FUTEX_WAKE wakes in this order).
    var futexWaiters: [GuestThread] = []
    /// Under `--deterministic`: who holds the turn (see `DeterministicScheduler`).
    var scheduler: DeterministicScheduler?
    /// Preemption slots not in use (slot 0 is the first thread's).
    private var freeSlots: [Int] = Array((1..<Int(EMU_PREEMPT_SLOTS_COUNT)).reversed())

    /// The first thread of the process.
    var leader: GuestThread { threads[0] }

    init(leader: GuestThread) {
        threads = [leader]
        current = leader
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        ThreadGroup.initialize(condition)
    }

    private static func initialize(_ condition: UnsafeMutablePointer<pthread_cond_t>) {
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        // Timed waits measure the monotonic clock: a step of the wall clock must not make a
        // futex timeout fire early or late (absolute realtime timeouts are re-checked
        // against their own clock after each wait).
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }

    /// Wakes every thread waiting on the condition (each re-checks why it waits).
    func broadcast() { pthread_cond_broadcast(condition) }

    /// Gives the lock up until a broadcast (spurious returns happen: callers loop).
    func waitForBroadcast() { pthread_cond_wait(condition, mutex) }

    /// Gives the lock up for at most `nanoseconds` or until a broadcast, then takes it back.
    func wait(nanoseconds: UInt64) {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let total = UInt64(now.tv_nsec) + min(nanoseconds, 1_000_000_000)
        var deadline = timespec(tv_sec: now.tv_sec + Int(total / 1_000_000_000), tv_nsec: Int(total % 1_000_000_000))
        pthread_cond_timedwait(condition, mutex, &deadline)
    }

    /// A free preemption slot, or nil when `EMU_PREEMPT_SLOTS` threads already run.
    func takeSlot() -> Int? { freeSlots.popLast() }
    func returnSlot(_ slot: Int) { if slot != 0 { freeSlots.append(slot) } }

    /// The threads that have not exited (the first thread counts until it exits).
    var runningCount: Int { threads.filter { !$0.exited }.count }

    /// In a forked child: only the forking thread exists; the lock (held by it, the one
    /// thread the child has) stays, and the condition is made anew, since the threads that
    /// waited on it are not in the child.
    func keepOnly(_ thread: GuestThread) {
        threads = [thread]
        current = thread
        futexWaiters = []
        ThreadGroup.initialize(condition)
    }
}

/// `EMU_PREEMPT_SLOTS` as Swift sees it (a C macro of an integer imports as a constant).
let EMU_PREEMPT_SLOTS_COUNT = EMU_PREEMPT_SLOTS
