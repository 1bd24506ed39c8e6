/// A guest timer: the interval timers (`alarm`, `setitimer`) and the POSIX timers
/// (`timer_create`). Deadlines are nanoseconds on the timer's guest clock, read through
/// `LinuxProcess.clockNanoseconds`: the host's clocks normally, the instruction count under
/// `--deterministic`, so that there a timer fires at an instruction count, every run alike.
struct GuestTimer {
    /// The guest clock id the deadline is on (CLOCK_REALTIME 0, MONOTONIC 1, PROCESS_CPUTIME 2).
    var clock: Int32
    /// Nil while disarmed.
    var deadline: UInt64?
    var interval: UInt64 = 0
    /// The signal it sends, 0 for SIGEV_NONE.
    var signal: Int32
    /// si_code of that signal: SI_KERNEL for interval timers, SI_TIMER for POSIX timers.
    var code: Int32
    /// sigev_value (POSIX timers).
    var value: UInt32 = 0
    /// The timer id (POSIX timers) as si_tid reports it.
    var id: Int32 = 0
    /// Expirations missed at the last firing (timer_getoverrun).
    var overrun: Int32 = 0
}

/// All timers of one process.
struct GuestTimers {
    /// ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF.
    var interval: [GuestTimer] = [
        GuestTimer(clock: 1, signal: LinuxSignal.SIGALRM, code: SignalInfo.SI_KERNEL),
        GuestTimer(clock: 2, signal: LinuxSignal.SIGVTALRM, code: SignalInfo.SI_KERNEL),
        GuestTimer(clock: 2, signal: LinuxSignal.SIGPROF, code: SignalInfo.SI_KERNEL),
    ]
    var posix: [Int32: GuestTimer] = [:]
    /// Timers per process, as a small RLIMIT_SIGPENDING-like bound.
    static let posixLimit = 256

    var isAnyArmed: Bool {
        interval.contains { $0.deadline != nil } || posix.values.contains { $0.deadline != nil }
    }

    mutating func removePOSIXTimers() { posix = [:] }

    /// The lowest free POSIX timer id (the kernel hands out ids from 0).
    func freeID() -> Int32? {
        guard posix.count < GuestTimers.posixLimit else { return nil }
        var id: Int32 = 0
        while posix[id] != nil { id += 1 }
        return id
    }

    /// Fires every timer whose deadline has passed on its clock (`now`); re-arms periodic
    /// ones past `now`, counting the periods missed as overruns. Returns the signals to post.
    mutating func fire(now: (Int32) -> UInt64) -> [SignalInfo] {
        var infos: [SignalInfo] = []
        func check(_ timer: inout GuestTimer) {
            guard let deadline = timer.deadline else { return }
            let current = now(timer.clock)
            guard current >= deadline else { return }
            if timer.interval > 0 {
                let missed = (current - deadline) / timer.interval
                timer.overrun = Int32(clamping: missed)
                // Guest-chosen values: a deadline past 2^64 ns disarms rather than wraps.
                let steps = (missed + 1).multipliedReportingOverflow(by: timer.interval)
                let next = deadline.addingReportingOverflow(steps.partialValue)
                timer.deadline = steps.overflow || next.overflow ? nil : next.partialValue
            } else {
                timer.overrun = 0
                timer.deadline = nil
            }
            guard timer.signal != 0 else { return }
            var info = SignalInfo(signal: timer.signal, code: timer.code)
            if timer.code == SignalInfo.SI_TIMER {
                info.words = (UInt32(bitPattern: timer.id), UInt32(bitPattern: timer.overrun), timer.value)
            }
            infos.append(info)
        }
        for index in interval.indices { check(&interval[index]) }
        for id in posix.keys.sorted() { check(&posix[id]!) }
        return infos
    }

    /// Nanoseconds until the earliest deadline, on each timer's own clock.
    func nearest(now: (Int32) -> UInt64) -> UInt64? {
        var best: UInt64?
        let all = interval + posix.values.sorted { $0.id < $1.id }
        for timer in all {
            guard let deadline = timer.deadline else { continue }
            let current = now(timer.clock)
            let left = deadline > current ? deadline - current : 0
            best = min(best ?? left, left)
        }
        return best
    }
}
