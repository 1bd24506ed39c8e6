import Glibc

/// The turn of `DeterministicScheduler`: taking it, giving it away, waiting without it.
/// Everything here runs under the process lock.
extension LinuxProcess {
    /// Creates the scheduler when the group forms under `--deterministic`; the first
    /// thread holds the turn and starts a quantum.
    func startDeterministicScheduler(_ group: ThreadGroup) {
        guard configuration.deterministic else { return }
        let scheduler = DeterministicScheduler()
        scheduler.turn = group.leader
        scheduler.clock = clockNanoseconds(1) ?? 0
        group.leader.turnEnd = machine.hart.instret &+ DeterministicScheduler.quantum
        group.scheduler = scheduler
    }

    /// Waits until `thread` holds the turn (or the process ends), makes it current and sets
    /// its clock to the process's. True when it had to wait (a new turn began).
    @discardableResult
    func waitForTurn(_ thread: GuestThread) -> Bool {
        guard let group = threads.group, let scheduler = group.scheduler else { return false }
        var waited = false
        while scheduler.turn !== thread && !group.ending {
            waited = true
            group.waitForBroadcast()
        }
        // Current again even when the process ends: the caller's call finishes on its own state.
        activate(thread)
        if group.ending { return waited }
        thread.machine.csrs.setVirtualTime(scheduler.clock, instret: thread.machine.hart.instret)
        return waited
    }

    /// The instructions left in the holder's quantum: the budget of its next run.
    func instructionsLeftInTurn(_ thread: GuestThread) -> UInt64? {
        guard threads.group?.scheduler != nil else { return nil }
        let count = thread.machine.hart.instret
        return thread.turnEnd > count ? thread.turnEnd - count : 0
    }

    /// Gives the turn to the next runnable thread in tid order after `thread` (itself last).
    /// With none runnable: the clock jumps to the earliest deadline or timer; with none of
    /// those, emu waits for a signal from outside (see `DeterministicScheduler`).
    func passTurn(from thread: GuestThread) {
        guard let group = threads.group, let scheduler = group.scheduler else { return }
        // The holder's clock is the process's (`waitForTurn` set it, its instructions moved it).
        scheduler.clock = max(scheduler.clock, machine.csrs.elapsedNanoseconds(instret: machine.hart.instret))
        // A thread that exited takes no more signals (Linux drops those sent to it).
        if thread.exited { thread.directed = [] }
        while true {
            if group.ending || outcome != nil {
                scheduler.turn = nil
                group.broadcast()
                return
            }
            collectSignals()
            if let next = nextRunnableThread(after: thread, group, scheduler) {
                if next !== thread {
                    scheduler.switches &+= 1
                    scheduler.onSwitch?(thread, next)
                }
                scheduler.turn = next
                next.turnEnd = next.machine.hart.instret &+ DeterministicScheduler.quantum
                group.broadcast()
                return
            }
            if isPastDeadline {
                outcome = .timeLimit
                endThreadGroup()
                continue
            }
            if advanceToEarliestDeadline(group, scheduler) { continue }
            waitForOutsideSignal(scheduler)
        }
    }

    /// The first thread by the round-robin rule that can run now.
    private func nextRunnableThread(after thread: GuestThread, _ group: ThreadGroup, _ scheduler: DeterministicScheduler)
        -> GuestThread?
    {
        let live = group.threads.filter { !$0.exited }.sorted { $0.tid < $1.tid }
        let ordered = live.filter { $0.tid > thread.tid } + live.filter { $0.tid <= thread.tid }
        return ordered.first { candidate in
            guard let wait = candidate.deterministicWait else { return true }
            if let deadline = wait.deadline, deadline <= scheduler.clock { return true }
            return wait.ready()
        }
    }

    /// Every thread waits: moves the clock to the earliest deadline of a wait or an armed
    /// timer and fires the timers due then. False when there is neither.
    private func advanceToEarliestDeadline(_ group: ThreadGroup, _ scheduler: DeterministicScheduler) -> Bool {
        var earliest = group.threads.filter { !$0.exited }.compactMap { $0.deterministicWait?.deadline }.min()
        if let left = signals.timers.nearest(now: { clockNanoseconds($0) ?? 0 }) {
            let due = scheduler.clock.addingReportingOverflow(left).overflow ? UInt64.max : scheduler.clock + left
            earliest = min(earliest ?? due, due)
        }
        guard let earliest else { return false }
        scheduler.clock = max(scheduler.clock, earliest)
        // The holder reads the clock through its own machine (timers, clock_gettime).
        machine.csrs.setVirtualTime(scheduler.clock, instret: machine.hart.instret)
        if signals.timers.isAnyArmed {
            for info in signals.timers.fire(now: { clockNanoseconds($0) ?? 0 }) { signals.post(info) }
        }
        return true
    }

    /// No thread can run and nothing in the guest can change that: says so once, then waits
    /// (holding the turn) for a host signal, which the caller collects.
    private func waitForOutsideSignal(_ scheduler: DeterministicScheduler) {
        if !scheduler.deadlockNoticed {
            scheduler.deadlockNoticed = true
            var text = "emu: --deterministic: every guest thread is blocked with no timeout and no timer (a deadlock);"
                + " waiting for a signal from outside, as Linux would (--timeout ends the run)\n"
            text.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
        }
        _ = HostSignals.wait(nanoseconds: 10_000_000) { HostSignals.hasArrived }
    }

    /// Gives the turn away until `ready` holds, the virtual clock reaches `deadline`
    /// (monotonic nanoseconds), or the process ends; returns holding the turn again.
    func waitWithoutTurn(_ thread: GuestThread, deadline: UInt64?, until ready: @escaping () -> Bool) {
        thread.deterministicWait = DeterministicWait(deadline: deadline, ready: ready)
        passTurn(from: thread)
        waitForTurn(thread)
        thread.deterministicWait = nil
    }

    /// sched_yield under the scheduler: the turn goes to the next runnable thread, if any.
    func yieldTurn(_ thread: GuestThread) {
        passTurn(from: thread)
        waitForTurn(thread)
    }

    /// Whether a signal that `thread` does not block is pending for it (process-wide or
    /// sent to it alone).
    func hasSignalToInterrupt(_ thread: GuestThread, wake: UInt64? = nil) -> Bool {
        let mask = threads.group?.current === thread ? signals.blocked : thread.blocked
        let accepted = wake ?? ~mask
        if signals.pending & accepted != 0 { return true }
        return thread.directed.contains { SignalState.bit($0.signal) & accepted != 0 }
    }

    /// Whether `--deterministic` runs this process's threads by turns.
    var schedulesByTurns: Bool { threads.group?.scheduler != nil }
}
