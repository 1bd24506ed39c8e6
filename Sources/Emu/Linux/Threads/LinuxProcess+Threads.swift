import CHostCalls
import Glibc

/// Guest threads (clone with CLONE_THREAD): each runs on its own host thread with its own
/// `Machine` over the process's shared `Memory`, and the process's `ThreadGroup` lock
/// serialises the shim (see `ThreadGroup`).
extension LinuxProcess {
    /// The flags a thread must share (what musl and glibc pass); anything else with
    /// CLONE_VM and without CLONE_VFORK is refused.
    static let threadRequiredFlags: UInt64 = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD
    static let threadOptionalFlags: UInt64 = 0x40000 /* CLONE_SYSVSEM */ | CLONE_SETTLS | CLONE_PARENT_SETTID
        | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | 0x400000 /* CLONE_DETACHED, ignored as Linux does */
    /// Bytes of host stack per guest thread's host thread (the shim's frames and, in debug
    /// builds, the loop's trampoline; reserved lazily, and counted by the jail's RLIMIT_AS).
    static let hostThreadStackBytes = 4 << 20

    /// The thread whose state is in the process's fields (nil for a lone thread).
    var currentThread: GuestThread? { threads.group?.current }
    /// The running thread's id: the pid for a lone thread.
    var currentTID: Int32 { currentThread?.tid ?? tree.pid }

    /// The calls whose answer depends on the calling thread; nil for every other call.
    func dispatchThreadCall(_ call: LinuxSyscall, _ a: SyscallArguments) -> SyscallResult? {
        switch call {
        case .gettid: return .value(currentTID)
        case .set_tid_address:
            if let thread = currentThread { thread.clearChildTID = a[0] } else { threads.clearChildTID = a[0] }
            return .value(currentTID)
        case .set_robust_list:
            // struct robust_list_head is three 32-bit words on riscv32.
            guard a[1] == 12 else { return .error(.EINVAL) }
            if let thread = currentThread { thread.robustList = a[0] } else { threads.robustList = a[0] }
            return .success
        case .futex_time64: return futex(a)
        case .exit:
            guard threads.group != nil else { return nil }
            return exitThread(status: a.signed(0) & 0xFF)
        case .tkill, .tgkill: return threadKill(a, call: call)
        case .kill:
            // kill(tid) of one of this process's threads signals the process, as on Linux
            // (the tree's table holds threads without a host pid of their own).
            guard let group = threads.group, a.signed(0) != tree.pid,
                group.threads.contains(where: { $0.tid == a.signed(0) && !$0.exited })
            else { return nil }
            guard a.signed(1) >= 0 && a.signed(1) <= 64 else { return .error(.EINVAL) }
            return raiseToSelf(a.signed(1), code: SignalInfo.SI_USER)
        case .riscv_flush_icache:
            // Without SYS_RISCV_FLUSH_ICACHE_LOCAL (1) the flush is for every hart.
            guard threads.group != nil, a[2] & 1 == 0 else { return nil }
            codeChangedForAllThreads()
            return .success
        case .sched_yield:
            guard let group = threads.group else { return nil }
            if group.scheduler != nil, let thread = group.current { yieldTurn(thread); return .success }
            releasingThreadLock { _ in _ = Glibc.sched_yield() }
            return .success
        case .execve, .execveat:
            // Linux ends the other threads first; emu does not yet (a documented limit).
            guard let group = threads.group, group.runningCount > 1 else { return nil }
            refuseThreads("execve from a process with other live threads")
            return .error(.EAGAIN)
        default: return nil
        }
    }

    // MARK: - Creating a thread

    /// clone/clone3 with CLONE_VM and without CLONE_VFORK: a thread, or EINVAL.
    func spawnThread(flags: UInt64, stack: UInt32, parentTID: UInt32, tls: UInt32, childTID: UInt32) -> SyscallResult {
        let required = LinuxProcess.threadRequiredFlags
        // The low byte is the exit signal, which a thread must not have.
        guard flags & required == required, flags & ~(required | LinuxProcess.threadOptionalFlags) == 0 else {
            return .error(.EINVAL)
        }
        if !threads.runLoopDrives || guestWriteObserver != nil {
            refuseThreads("the debugger, --trace and --record step one thread and cannot run more")
            return .error(.ENOSYS)
        }
        guard let table = joinTable() else { return .error(.ENOMEM) }
        // Threads count against --pids-limit, as against a pids cgroup's pids.max: each
        // takes a slot of the tree's table (with no parent, so no wait ever sees it).
        guard let tid = table.withLock({ access -> Int32? in
            guard let mine = access.index(ofGuest: tree.pid) else { return nil }
            var owner = access.slots[mine]
            owner.guestPid = 0
            guard let tid = access.reserve(parent: owner) else { return nil }
            _ = access.attach(tid, hostPid: 0)
            return tid
        }) else { return .error(.EAGAIN) }
        let group = formThreadGroup()
        let parent = machine
        guard let slot = group.takeSlot(),
            let child = try? Machine(memory: parent.memory, codeStart: parent.code.start, codeEnd: parent.code.end,
                                     isa: parent.isa, codeCacheBytes: parent.code.limitBytes)
        else {
            table.withLock { $0.release(tid) }
            return .error(.EAGAIN)
        }
        child.code.hostFences = true
        child.csrs.timeSource = parent.csrs.timeSource
        for index in 1..<32 { child.hart[index] = parent.hart[index] }
        for index in 0..<32 { child.hart.setFloatRegister(index, parent.hart.floatRegister(index)) }
        child.hart.fcsr = parent.hart.fcsr
        child.hart.privilege = .user
        child.hart.pc = parent.hart.pc &+ 4  // past the ecall, where clone returns 0
        child.hart[10] = 0
        if stack != 0 { child.hart[2] = stack }
        if flags & LinuxProcess.CLONE_SETTLS != 0 { child.hart[4] = tls }
        let thread = GuestThread(tid: tid, machine: child, slot: slot)
        thread.blocked = signals.blocked
        // clone(2): a thread created with CLONE_VM starts with no alternate signal stack.
        if flags & LinuxProcess.CLONE_CHILD_CLEARTID != 0 { thread.clearChildTID = childTID }
        if flags & LinuxProcess.CLONE_CHILD_SETTID != 0 { _ = storeWord(UInt32(bitPattern: tid), at: childTID) }
        if flags & LinuxProcess.CLONE_PARENT_SETTID != 0 { _ = storeWord(UInt32(bitPattern: tid), at: parentTID) }
        group.threads.append(thread)

        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, LinuxProcess.hostThreadStackBytes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let start = Unmanaged.passRetained(ThreadStart(process: self, thread: thread)).toOpaque()
        var host = pthread_t()
        let created = pthread_create(&host, &attributes, { raw in
            let start = Unmanaged<ThreadStart>.fromOpaque(raw!).takeRetainedValue()
            start.process.threadMain(start.thread)
            return nil
        }, start)
        guard created == 0 else {
            Unmanaged<ThreadStart>.fromOpaque(start).release()
            group.threads.removeAll { $0 === thread }
            group.returnSlot(slot)
            table.withLock { $0.release(tid) }
            return .error(.EAGAIN)
        }
        thread.host = host
        return .value(tid)
    }

    /// Makes the lone thread the first of a group, which it then holds the lock of.
    private func formThreadGroup() -> ThreadGroup {
        if let group = threads.group { return group }
        let leader = GuestThread(tid: tree.pid, machine: machine, slot: 0)
        leader.clearChildTID = threads.clearChildTID
        leader.robustList = threads.robustList
        leader.host = pthread_self()
        let group = ThreadGroup(leader: leader)
        group.lock()
        threads.group = group
        // From now on LR/SC and AMOs are host atomics, and the store-to-load fences host
        // barriers: the single-hart reservation tracking must not be left set, and no fence
        // lowered as a no-op may stay in the decoded cache (the loop is not running: the
        // leader is in the shim).
        machine.reservation = nil
        machine.memory.isSharedByThreads = true
        machine.code.hostFences = true
        machine.codeChanged()
        HostSignals.aroundBlockingWait = { [unowned self] body in self.releasingThreadLock { _ in body() } }
        startDeterministicScheduler(group)
        return group
    }

    /// Runs `body` without the process lock (a blocking host wait), unless a request for
    /// this thread is already pending; then makes this thread current again.
    func releasingThreadLock(_ body: (_ thread: GuestThread?) -> Void) {
        guard let group = threads.group, let thread = group.current else { return body(nil) }
        group.unlock()
        // A signal for this thread that came before the wait: do not sleep through it (the
        // sender sets the request, then interrupts the host wait with a host signal). The
        // request is taken: the caller re-checks what it waits for, signals included.
        if !Preemption.takePending() { body(thread) }
        group.lock()
        activate(thread)
    }

    /// Runs a host call that may block (a read of a pipe) without the process lock, when
    /// the process has threads; it always runs (unlike a wait, it cannot be skipped).
    func withoutThreadLock(_ body: () -> Void) {
        guard let group = threads.group, let thread = group.current else { return body() }
        group.unlock()
        body()
        group.lock()
        activate(thread)
    }

    /// Puts `thread`'s per-thread state into the process's fields (the shim reads those),
    /// saving the previous thread's. Under the lock.
    func activate(_ thread: GuestThread) {
        guard let group = threads.group, group.current !== thread else { return }
        if let previous = group.current {
            previous.blocked = signals.blocked
            previous.savedMask = signals.savedMask
            previous.alternateStack = signals.alternateStack
        }
        machine = thread.machine
        signals.blocked = thread.blocked
        signals.savedMask = thread.savedMask
        signals.alternateStack = thread.alternateStack
        group.current = thread
    }

    // MARK: - Running

    /// The body of a new thread's host thread.
    fileprivate func threadMain(_ thread: GuestThread) {
        emu_preempt_set_slot(Int32(thread.slot))
        guard let group = threads.group else { return }
        group.lock()
        runThread(thread)
        if group.leader === thread, !thread.exited {
            // A fork from this thread made it the only thread of the child process, which
            // ends here rather than in the CLI's main thread (the child has no other).
            let ending = outcome ?? .exited(status: 0)
            processEnded(ending)
            switch ending {
            case .exited(let status): _exit(status)
            case .signaled(let signal, _): _exit(128 + signal)
            case .instructionLimit, .timeLimit: _exit(124)
            }
        }
        group.unlock()
    }

    /// Runs `thread` until it exits or the process ends. Entered and left holding the lock.
    func runThread(_ thread: GuestThread) {
        guard let group = threads.group else { return }
        while !group.ending, !thread.exited {
            // --deterministic: a new turn begins at a switch point, where the signals sent to
            // this thread meanwhile are delivered.
            if waitForTurn(thread) {
                if group.ending { return }
                deliverPendingSignals()
                if outcome != nil { endThreadGroup(); return }
            }
            activate(thread)
            if thread.codeStale {
                thread.codeStale = false
                thread.machine.codeChanged()
            }
            var (budget, exact) = nextBudget()
            if let left = instructionsLeftInTurn(thread) {
                // The turn ends at an exact count, whatever the fast loop's check points.
                budget = min(budget, left)
                exact = true
            }
            group.unlock()
            let stop = Interpreter.run(thread.machine, budget: budget, exact: exact)
            group.lock()
            // The process ended while this thread ran: whatever it did since is dropped, as
            // the kernel kills the other threads of an exiting group where they stand.
            if group.ending { return }
            activate(thread)
            handle(stop)
            if outcome != nil { endThreadGroup() }
            if group.scheduler != nil, thread.exited || thread.machine.hart.instret >= thread.turnEnd {
                passTurn(from: thread)
            }
        }
    }

    /// `run()` once the process has threads: the first thread goes on, and, if it exits
    /// first, waits (as its zombie) until the last thread does. Returns holding the lock,
    /// which is never given back: no other thread touches the process after its end.
    func runThreadLeader() {
        guard let group = threads.group else { return }
        runThread(group.leader)
        while !group.ending {
            group.wait(nanoseconds: 10_000_000)
            if outcome == nil, isPastDeadline { outcome = .timeLimit }
            if outcome != nil { endThreadGroup() }
        }
        table: if let table = tree.table {
            let tids = group.threads.dropFirst().map(\.tid)
            guard !tids.isEmpty else { break table }
            table.withLock { access in for tid in tids { access.release(tid) } }
        }
    }

    /// The process ends (exit_group, a fatal signal, a limit): every thread stops at its
    /// next check point or wait.
    func endThreadGroup() {
        guard let group = threads.group, !group.ending else { return }
        group.ending = true
        for thread in group.threads where thread !== group.current { wake(thread) }
        group.broadcast()
    }

    /// Makes `thread` notice a change soon: its loop stops at the next check point, and a
    /// host wait it is in returns (a host signal whose handler only requests preemption).
    func wake(_ thread: GuestThread) {
        // Under the scheduler only the holder runs: the others look at what changed when
        // their turn comes (a request or a host signal would only cut the holder's run).
        if threads.group?.scheduler != nil { threads.group?.broadcast(); return }
        Preemption.request(slot: thread.slot)
        if let host = thread.host, pthread_equal(host, pthread_self()) == 0, !thread.exited {
            pthread_kill(host, HostSignals.timerSignal)
        }
        threads.group?.broadcast()
    }

    /// Code pages were unmapped, reprotected or remapped: the caller's decoded cache is
    /// emptied now, every other thread's before it runs again (it is stopped soon).
    func codeChangedForAllThreads() {
        machine.codeChanged()
        guard let group = threads.group else { return }
        for thread in group.threads where thread !== group.current && !thread.exited {
            thread.codeStale = true
            Preemption.request(slot: thread.slot)
        }
    }

    // MARK: - Ending a thread

    /// exit(2) of one thread while others live: CLEARTID and the robust list are handled
    /// now; the process ends when its last thread does, with the first thread's status.
    func exitThread(status: Int32) -> SyscallResult {
        guard let group = threads.group, let thread = group.current else { return .exit(.exited(status: status)) }
        thread.exited = true
        thread.exitStatus = status
        releaseThreadResources(thread)
        if thread !== group.leader {
            threads.exitedInstructions &+= thread.machine.hart.instret
            group.threads.removeAll { $0 === thread }
            group.returnSlot(thread.slot)
            if let table = tree.table { table.withLock { $0.release(thread.tid) } }
        }
        if group.runningCount == 0 { outcome = .exited(status: group.leader.exitStatus) }
        group.broadcast()
        return .success
    }

    /// At a thread's death: its robust futexes are marked FUTEX_OWNER_DIED and a waiter of
    /// each woken; then its CLEARTID word is zeroed and one waiter woken (what pthread_join
    /// waits for).
    private func releaseThreadResources(_ thread: GuestThread) {
        if thread.robustList != 0 { releaseRobustFutexes(head: thread.robustList, tid: thread.tid) }
        if thread.clearChildTID != 0, storeWord(0, at: thread.clearChildTID) {
            _ = futexWake(thread.clearChildTID, count: 1, bitset: UInt32.max)
        }
    }

    // MARK: - Signals to threads

    /// tkill(tid, sig) and tgkill(tgid, tid, sig) naming a thread of this process; nil for
    /// a lone thread or another process (the process-level `kill` answers those).
    private func threadKill(_ a: SyscallArguments, call: LinuxSyscall) -> SyscallResult? {
        guard let group = threads.group else { return nil }
        let tid = call == .tgkill ? a.signed(1) : a.signed(0)
        let signal = call == .tgkill ? a.signed(2) : a.signed(1)
        guard signal >= 0 && signal <= 64 else { return .error(.EINVAL) }
        guard tid > 0 else { return .error(.EINVAL) }
        if call == .tgkill {
            guard a.signed(0) > 0 else { return .error(.EINVAL) }
            guard a.signed(0) == tree.pid else { return nil }
        }
        guard let target = group.threads.first(where: { $0.tid == tid && !$0.exited }) else {
            return call == .tgkill ? .error(.ESRCH) : nil
        }
        if signal == 0 { return .success }
        let info = SignalInfo(signal: signal, code: SignalInfo.SI_TKILL,
                              words: (UInt32(bitPattern: tree.pid), configuration.uid, 0))
        let blocked = target === group.current ? signals.blocked : target.blocked
        // Ignored and not blocked: dropped on arrival, as Linux does.
        let saved = signals.blocked
        signals.blocked = blocked
        let discarded = signals.discards(signal)
        signals.blocked = saved
        if discarded { return .success }
        if signal < 32, target.directed.contains(where: { $0.signal == signal }) { return .success }
        guard target.directed.count < SignalState.queueLimit else { return .error(.EAGAIN) }
        target.directed.append(info)
        if target !== group.current { wake(target) }
        return .success
    }

    /// Hands the running thread's own signals that it does not block to the delivery code
    /// (they are delivered at this safe point, to this thread).
    func adoptThreadDirectedSignals() {
        guard let thread = currentThread, !thread.directed.isEmpty else { return }
        let mask = signals.blocked
        var kept: [SignalInfo] = []
        for info in thread.directed {
            if mask & SignalState.bit(info.signal) != 0 { kept.append(info) } else { signals.post(info) }
        }
        thread.directed = kept
    }

    /// A process-directed signal was posted: the other threads look at it at their next
    /// stop (one that does not block it delivers it).
    func offerToOtherThreads(_ signal: Int32) {
        guard let group = threads.group, signal >= 1, signal <= 64 else { return }
        for thread in group.threads where thread !== group.current && !thread.exited
            && thread.blocked & SignalState.bit(signal) == 0
        {
            wake(thread)
        }
    }

    // MARK: - Fork and refusals

    /// In the child of a fork from a process with threads: only the forking thread goes on.
    func keepOnlyCurrentThreadAfterFork() {
        guard let group = threads.group, let thread = group.current else { return }
        group.keepOnly(thread)
        thread.host = pthread_self()
        thread.deterministicWait = nil
        group.scheduler?.turn = thread
    }

    /// Tells the user, once, why a thread was refused (the guest sees the errno).
    func refuseThreads(_ reason: String) {
        guard !threads.refusalNoticed else { return }
        threads.refusalNoticed = true
        var text = "emu: guest thread creation refused: \(reason)\n"
        text.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

/// What a new host thread starts from.
private final class ThreadStart {
    let process: LinuxProcess
    let thread: GuestThread
    init(process: LinuxProcess, thread: GuestThread) {
        self.process = process
        self.thread = thread
    }
}
