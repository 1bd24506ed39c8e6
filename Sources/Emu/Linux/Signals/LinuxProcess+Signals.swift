import Glibc

/// Guest signals: the calls that change dispositions and masks, and delivery at the
/// dispatch loop's safe points (after every stop of the interpreter), with the riscv32
/// Linux frame (`SignalFrame`) and a return through the trampoline page.
extension LinuxProcess {
    /// The process's own guest pid, as siginfo's si_pid reports a signal it sent itself.
    var signalPid: Int32 { tree.pid }

    /// Starts the guest with the signal mask and the ignored signals emu itself was
    /// started with (as execve passes them on: `nohup` keeps SIGHUP ignored) and forwards
    /// the host's signals to it (`emu run` does this; an embedding program may not).
    public func adoptHostSignalState() {
        HostSignals.installProcessHandlers()
        let inherited = HostSignals.inherited
        signals.blocked = inherited.blocked & ~SignalState.unblockable
        for signal in Int32(1)...31 where inherited.ignored & SignalState.bit(signal) != 0 {
            // Captured before emu set SIGPIPE to ignored for itself: this is what emu's parent gave.
            if signal == LinuxSignal.SIGKILL || signal == LinuxSignal.SIGSTOP { continue }
            signals.actions[Int(signal) - 1].handler = SignalAction.ignoreHandler
        }
        HostSignals.forwardHostSignals()
    }

    // MARK: - Calls

    /// rt_sigaction(signal, act*, oldact*, sigsetsize).
    func rtSigaction(_ a: SyscallArguments) -> SyscallResult {
        let signal = a.signed(0)
        guard a[3] == 8, signal >= 1 && signal <= 64 else { return .error(.EINVAL) }
        var new: SignalAction?
        if a[1] != 0 {
            guard signal != LinuxSignal.SIGKILL && signal != LinuxSignal.SIGSTOP else { return .error(.EINVAL) }
            guard let bytes = machine.memory.read(a[1], count: Int(SignalAction.size)), isReadable(a[1], count: SignalAction.size)
            else { return .error(.EFAULT) }
            func word(_ index: Int) -> UInt32 {
                bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)) }
            }
            new = SignalAction(handler: word(0), flags: word(1) & SignalAction.knownFlags,
                               mask: (UInt64(word(2)) | UInt64(word(3)) << 32) & ~SignalState.unblockable)
        }
        if a[2] != 0 {
            let old = signals.action(signal)
            let words = [old.handler, old.flags, UInt32(truncatingIfNeeded: old.mask), UInt32(truncatingIfNeeded: old.mask >> 32)]
            guard copyOut(words.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }, to: a[2]) else {
                return .error(.EFAULT)
            }
        }
        if let new {
            signals.actions[Int(signal) - 1] = new
            // POSIX: making a pending signal ignored discards it, blocked or not.
            let kind = DefaultSignalAction.of(signal)
            if new.handler == SignalAction.ignoreHandler
                || (new.handler == SignalAction.defaultHandler && (kind == .ignore || kind == .resume))
            {
                signals.discardPending(signal)
            }
        }
        return .success
    }

    /// rt_sigprocmask(how, set*, oldset*, sigsetsize).
    func rtSigprocmask(_ a: SyscallArguments) -> SyscallResult {
        guard a[3] == 8 else { return .error(.EINVAL) }
        let old = signals.blocked
        var new = old
        if a[1] != 0 {
            guard let set = readMask(a[1]) else { return .error(.EFAULT) }
            switch a[0] {
            case 0: new = old | set  // SIG_BLOCK
            case 1: new = old & ~set  // SIG_UNBLOCK
            case 2: new = set  // SIG_SETMASK
            default: return .error(.EINVAL)
            }
        }
        if a[2] != 0, !writeMask(old, to: a[2]) { return .error(.EFAULT) }
        signals.blocked = new & ~SignalState.unblockable
        return .success
    }

    /// rt_sigpending(set*, sigsetsize): the pending signals that are blocked (the others
    /// are delivered before the guest runs again).
    func rtSigpending(_ a: SyscallArguments) -> SyscallResult {
        guard a[1] == 8 else { return .error(.EINVAL) }
        collectSignals()
        return writeMask(signals.pending & signals.blocked, to: a[0]) ? .success : .error(.EFAULT)
    }

    /// rt_sigsuspend(mask*, sigsetsize): waits with `mask` until a signal is delivered; the
    /// old mask comes back when its handler returns (the frame holds it).
    func rtSigsuspend(_ a: SyscallArguments) -> SyscallResult {
        guard a[1] == 8 else { return .error(.EINVAL) }
        guard let mask = readMask(a[0]) else { return .error(.EFAULT) }
        signals.savedMask = signals.blocked
        signals.blocked = mask & ~SignalState.unblockable
        _ = waitForSignal(wake: ~signals.blocked, timeout: nil)
        return .error(.EINTR)
    }

    /// rt_sigtimedwait_time64(set*, info*, timeout*, sigsetsize): takes a pending signal of
    /// `set` without running its handler.
    func rtSigtimedwait(_ a: SyscallArguments) -> SyscallResult {
        guard a[3] == 8 else { return .error(.EINVAL) }
        guard let raw = readMask(a[0]) else { return .error(.EFAULT) }
        let set = raw & ~SignalState.unblockable
        var timeout: UInt64?
        if a[2] != 0 {
            guard let spec = readableBuffer(a[2], count: 16) else { return .error(.EFAULT) }
            let seconds = Int64(littleEndian: spec.loadUnaligned(fromByteOffset: 0, as: Int64.self))
            let nanoseconds = Int64(littleEndian: spec.loadUnaligned(fromByteOffset: 8, as: Int64.self))
            guard seconds >= 0, nanoseconds >= 0, nanoseconds < 1_000_000_000 else { return .error(.EINVAL) }
            // Bounded: a guest's 2^63 seconds saturate instead of overflowing.
            let (product, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
            timeout = overflow ? UInt64.max : product.addingReportingOverflow(UInt64(nanoseconds)).partialValue
        }
        _ = waitForSignal(wake: set | ~signals.blocked, timeout: timeout)
        if let signal = signals.next(blockedBy: ~set), let info = signals.take(signal) {
            if a[1] != 0, !copyOut(info.bytes, to: a[1]) { return .error(.EFAULT) }
            return .value(signal)
        }
        return signals.next(blockedBy: signals.blocked) != nil ? .error(.EINTR) : .error(.EAGAIN)
    }

    /// sigaltstack(ss*, oldss*): `stack_t` is ss_sp, ss_flags, ss_size (12 bytes).
    func sigaltstack(_ a: SyscallArguments) -> SyscallResult {
        let sp = machine.hart[2]
        let old = signals.alternateStack
        var new = old
        if a[0] != 0 {
            guard let bytes = machine.memory.read(a[0], count: 12), isReadable(a[0], count: 12) else { return .error(.EFAULT) }
            func word(_ index: Int) -> UInt32 {
                bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)) }
            }
            if signals.isOnAlternateStack(sp) { return .error(.EPERM) }
            let flags = word(1)
            let mode = flags & ~SignalState.SS_AUTODISARM
            switch mode {
            case SignalState.SS_DISABLE: new = (0, 0, SignalState.SS_DISABLE)
            case 0, SignalState.SS_ONSTACK:
                // MINSIGSTKSZ on riscv is 2048.
                guard word(2) >= 2048 else { return .error(.ENOMEM) }
                new = (word(0), word(2), flags & SignalState.SS_AUTODISARM)
            default: return .error(.EINVAL)
            }
        }
        if a[1] != 0 {
            let flags = signals.alternateStackFlags(sp)
            let base = old.flags & SignalState.SS_DISABLE != 0 ? 0 : old.base
            let size = old.flags & SignalState.SS_DISABLE != 0 ? 0 : old.size
            let words = [base, flags, size]
            guard copyOut(words.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }, to: a[1]) else {
                return .error(.EFAULT)
            }
        }
        signals.alternateStack = new
        return .success
    }

    /// kill/tkill/tgkill naming the caller itself: the signal becomes pending, and is
    /// delivered (or acts by default) before the guest runs its next instruction.
    func raiseToSelf(_ signal: Int32, code: Int32) -> SyscallResult {
        if signal == 0 { return .success }
        let info = SignalInfo(signal: signal, code: code, words: (UInt32(bitPattern: signalPid), configuration.uid, 0))
        defer { offerToOtherThreads(signal) }  // one that does not block it takes it (Threads/)
        return signals.post(info) ? .success : .error(.EAGAIN)
    }

    /// rt_sigqueueinfo(pid, signal, info*) to the caller itself; the guest's si_code must be
    /// negative (a user queue), as Linux requires of a process signalling itself this way.
    func rtSigqueueinfo(_ a: SyscallArguments) -> SyscallResult {
        let signal = a.signed(1)
        guard signal >= 1 && signal <= 64 else { return .error(.EINVAL) }
        guard a.signed(0) == signalPid else { return .error(.ESRCH) }
        guard let bytes = machine.memory.read(a[2], count: 24), isReadable(a[2], count: 24) else { return .error(.EFAULT) }
        func word(_ index: Int) -> UInt32 {
            bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)) }
        }
        let code = Int32(bitPattern: word(2))
        guard code < 0, code != SignalInfo.SI_TKILL else { return .error(.EPERM) }
        let info = SignalInfo(signal: signal, code: code, words: (word(3), word(4), word(5)))
        return signals.post(info) ? .success : .error(.EAGAIN)
    }

    // MARK: - Masks in guest memory

    func readMask(_ address: UInt32) -> UInt64? {
        guard let bytes = machine.memory.read(address, count: 8), isReadable(address, count: 8) else { return nil }
        return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    }

    func writeMask(_ mask: UInt64, to address: UInt32) -> Bool {
        copyOut(withUnsafeBytes(of: mask.littleEndian) { Array($0) }, to: address)
    }

    // MARK: - Arrival

    /// Takes what the host delivered (forwarded signals, other processes' kills) and fires
    /// the timers that are due, making their signals pending.
    func collectSignals() {
        adoptThreadDirectedSignals()  // tgkill'd to the running thread (Threads/)
        let arrived = HostSignals.take()
        if arrived != 0 {
            for signal in Int32(1)...64 where arrived & SignalState.bit(signal) != 0 {
                if signal == LinuxSignal.SIGCHLD {
                    if let info = childSignalInfo() { signals.post(info) }
                    continue
                }
                let sender = HostSignals.senders[Int(signal)]
                // pid_namespaces(7): init ignores a signal from inside its namespace (a
                // guest sender) for which it has no handler; one ignored (SIG_IGN) is no
                // matter either way. The host's forwarded signals (sender 0) come from
                // outside and stay as they are.
                if tree.pid == 1 && sender != 0 && signals.action(signal).handler == SignalAction.defaultHandler {
                    continue
                }
                signals.post(SignalInfo(signal: signal, code: SignalInfo.SI_USER,
                                        words: (UInt32(bitPattern: sender), sender == 0 ? 0 : configuration.uid, 0)))
            }
        }
        if signals.timers.isAnyArmed {
            let fired = signals.timers.fire { clockNanoseconds($0) ?? 0 }
            for info in fired { signals.post(info) }
            if !fired.isEmpty { armHostTimer() }
        }
    }

    /// SIGCHLD's siginfo for the host child state change last reported: the child's guest
    /// pid, and what the guest did (emu's exit path records it; the host's status is only
    /// emu's exit code for it). Nil for a stop or continue under SA_NOCLDSTOP, or a host
    /// child that is no guest process.
    func childSignalInfo() -> SignalInfo? {
        let host = HostSignals.child[0]
        var code = HostSignals.child[1], status = HostSignals.child[2]
        if code >= 4 && signals.action(LinuxSignal.SIGCHLD).flags & SignalAction.SA_NOCLDSTOP != 0 { return nil }
        guard let table = tree.table else { return nil }
        let pid: Int32? = table.withLock { access in
            guard let index = access.index(ofHost: host) else { return nil }
            let slot = access.slots[index]
            if slot.state == GuestProcessTable.State.exited.rawValue {
                let recorded = slot.waitStatus
                (code, status) = recorded & 0x7F == 0 ? (1, recorded >> 8 & 0xFF) : (2, recorded & 0x7F)
            }
            return slot.guestPid
        }
        guard let pid else { return nil }
        return SignalInfo(signal: LinuxSignal.SIGCHLD, code: code,
                          words: (UInt32(bitPattern: pid), configuration.uid, UInt32(bitPattern: status)))
    }

    /// Whether a signal is pending that the current mask lets through.
    var hasDeliverableSignal: Bool {
        collectSignals()
        return signals.next(blockedBy: signals.blocked) != nil
    }

    /// Sleeps until a signal in `wake` is pending, or `timeout` nanoseconds pass on the
    /// monotonic clock, or `--timeout` ends the run; true when a signal woke it.
    ///
    /// Under `--deterministic` time does not pass while the guest sleeps (a sleep returns at
    /// once): the earliest armed timer fires at once instead, and a timeout elapses at once.
    func waitForSignal(wake: UInt64, timeout: UInt64?) -> Bool {
        let start = clockNanoseconds(1) ?? 0
        if let group = threads.group, group.scheduler != nil, let thread = group.current {
            // --deterministic with threads: the others run meanwhile (see DeterministicScheduler).
            let deadline = timeout.map { start.addingReportingOverflow($0).overflow ? UInt64.max : start + $0 }
            waitWithoutTurn(thread, deadline: deadline) { [unowned self] in
                self.hasSignalToInterrupt(thread, wake: wake)
            }
            collectSignals()
            return signals.pending & wake != 0
        }
        while true {
            collectSignals()
            if signals.pending & wake != 0 { return true }
            if outcome != nil || isPastDeadline { return false }
            let elapsed = (clockNanoseconds(1) ?? start) &- start
            var left = timeout.map { elapsed >= $0 ? 0 : $0 - elapsed }
            if left == 0 { return false }
            if configuration.deterministic {
                if fireNearestTimer() { continue }
                if left != nil { return false }
            } else if let next = signals.timers.nearest(now: { clockNanoseconds($0) ?? 0 }) {
                left = min(left ?? next, next)
            }
            if let limit = configuration.timeout {
                let rest = limit - Double(HostClock.monotonicNanoseconds() &- startNanoseconds) / 1e9
                let cap = UInt64(max(0, min(rest, 1e6)) * 1e9) + 1_000_000
                left = min(left ?? cap, cap)
            }
            _ = HostSignals.wait(nanoseconds: left) { HostSignals.arrived.load(ordering: .sequentiallyConsistent) != 0 }
        }
    }

    /// Deterministic mode: fires the timer with the earliest deadline as if its time had
    /// come. False when no timer is armed.
    func fireNearestTimer() -> Bool {
        guard let left = signals.timers.nearest(now: { clockNanoseconds($0) ?? 0 }) else { return false }
        let fired = signals.timers.fire { (clockNanoseconds($0) ?? 0) &+ left }
        for info in fired { signals.post(info) }
        return true
    }

    // MARK: - Delivery

    /// Delivers every pending signal the mask lets through, lowest first (faults first):
    /// a handler gets a frame on its stack (the next signal's frame goes above it, so the
    /// later handler runs first, as on Linux); a default action ends, stops or ignores.
    func deliverPendingSignals() {
        if currentThread?.exited == true { return }  // a thread that just exited takes none
        collectSignals()
        while outcome == nil, let signal = signals.next(blockedBy: signals.blocked) {
            guard let info = signals.take(signal) else { break }
            let action = signals.action(signal)
            if action.handler == SignalAction.ignoreHandler { continue }
            if action.handler == SignalAction.defaultHandler {
                switch DefaultSignalAction.of(signal) {
                case .ignore, .resume: continue
                case .stop:
                    // The host stops emu itself; SIGCONT from the host (or another guest
                    // process's emu) resumes it, and its parent's wait sees the stop.
                    raise(SIGSTOP)  // tgkill, which the --isolate filter allows
                    continue
                case .terminate, .core:
                    outcome = .signaled(signal: signal, trap: nil)
                    return
                }
            }
            if !enterHandler(signal, info: info, action: action) {
                // The frame cannot be written: Linux forces SIGSEGV, which then kills.
                outcome = .signaled(signal: LinuxSignal.SIGSEGV, trap: nil)
                return
            }
        }
        if let saved = signals.savedMask {
            signals.blocked = saved
            signals.savedMask = nil
        }
    }

    /// A fault with a handler for its signal: the handler runs with pc at the faulting
    /// instruction saved in its frame. False when no handler may run (none installed, or
    /// the signal blocked: then Linux kills the process, and emu reports the fault).
    func deliverFault(_ trap: Trap) -> Bool {
        let signal = LinuxSignal.forTrap(trap.cause)
        let action = signals.action(signal)
        guard action.isHandler, signals.blocked & SignalState.bit(signal) == 0 else { return false }
        var info = SignalInfo(signal: signal, code: 1)  // ILL_ILLOPC, TRAP_BRKPT, BUS_ADRALN, SEGV_MAPERR
        switch trap.cause {
        case .illegalInstruction, .breakpoint: info.words.0 = trap.pc
        case .loadAccessFault, .storeAccessFault, .instructionAccessFault:
            info.words.0 = trap.value
            // SEGV_ACCERR: the page is mapped, without the access asked for.
            if !machine.memory.permissions(at: trap.value).isEmpty { info.code = 2 }
        default: info.words.0 = trap.value
        }
        machine.hart.pc = trap.pc
        return enterHandler(signal, info: info, action: action)
    }

    /// Builds the frame for `signal` and points the hart at its handler (the kernel's
    /// `setup_rt_frame` and `signal_setup_done`). False when the frame cannot be written.
    func enterHandler(_ signal: Int32, info: SignalInfo, action: SignalAction) -> Bool {
        let hart = machine.hart
        var sp = hart[2]
        let stack = signals.alternateStack
        let stackEnabled = stack.flags & SignalState.SS_DISABLE == 0 && stack.size != 0
        if action.flags & SignalAction.SA_ONSTACK != 0, stackEnabled, !signals.isOnAlternateStack(sp) {
            sp = stack.base &+ stack.size
        }
        let frame = (sp &- SignalFrame.size) & ~15
        guard frame < sp, let trampoline = trampolineAddress() else { return false }
        let bytes = SignalFrame.bytes(
            info: info, stack: (stackEnabled ? stack.base : 0, stackEnabled ? stack.flags : SignalState.SS_DISABLE,
                                stackEnabled ? stack.size : 0),
            mask: signals.savedMask ?? signals.blocked, registers: hart.registerFile, pc: hart.pc)
        guard copyOut(bytes, to: frame) else { return false }
        signals.savedMask = nil
        if stack.flags & SignalState.SS_AUTODISARM != 0 { signals.alternateStack = (0, 0, SignalState.SS_DISABLE) }
        hart[1] = trampoline
        hart[2] = frame
        hart[10] = UInt32(bitPattern: signal)
        hart[11] = frame &+ SignalFrame.infoOffset
        hart[12] = frame &+ SignalFrame.contextOffset
        hart.pc = action.handler
        machine.reservation = nil
        var mask = signals.blocked | action.mask
        if action.flags & SignalAction.SA_NODEFER == 0 { mask |= SignalState.bit(signal) }
        signals.blocked = mask & ~SignalState.unblockable
        if action.flags & SignalAction.SA_RESETHAND != 0 { signals.actions[Int(signal) - 1] = SignalAction() }
        return true
    }

    /// The trampoline page, mapped on first use (qemu-user's way; Linux's vDSO holds the
    /// same two instructions). Its bytes are real guest memory a program may read. emu's
    /// decoded code covers only the ELF's executable segments, so a handler's `ret` to this
    /// page stops the loop with a fetch fault at exactly its address, which `handle` takes
    /// as the rt_sigreturn those instructions would make (they change only a7, which
    /// rt_sigreturn restores anyway).
    func trampolineAddress() -> UInt32? {
        if let address = signals.trampoline { return address }
        guard let range = findGap(Memory.pageSize) else { return nil }
        addMapping(range)
        machine.memory.setPermissions([.read, .write], address: range.start, count: Memory.pageSize)
        guestWriteObserver?(range.start, UInt32(SignalFrame.trampolineCode.count))  // a recording keeps these bytes
        _ = machine.memory.write(SignalFrame.trampolineCode, at: range.start)
        machine.memory.setPermissions([.read, .execute], address: range.start, count: Memory.pageSize)
        signals.trampoline = range.start
        return range.start
    }

    /// rt_sigreturn: restores the registers, pc and mask from the frame at sp. False when
    /// the frame cannot be read (Linux then forces SIGSEGV).
    func signalReturn() -> Bool {
        let hart = machine.hart
        let frame = hart[2]
        guard isReadable(frame, count: SignalFrame.size), let bytes = machine.memory.read(frame, count: Int(SignalFrame.size))
        else { return false }
        let restored = SignalFrame.restore(bytes)
        for index in 1..<32 { hart[index] = restored.registers[index] }
        hart.pc = restored.pc
        signals.blocked = restored.mask & ~SignalState.unblockable
        // restore_altstack: ignored when it would fail (on the stack now, or too small).
        let stack = restored.stack
        if !signals.isOnAlternateStack(hart[2]) {
            if stack.flags & SignalState.SS_DISABLE != 0 {
                signals.alternateStack = (0, 0, SignalState.SS_DISABLE)
            } else if stack.size >= 2048 {
                signals.alternateStack = (stack.base, stack.size, stack.flags & SignalState.SS_AUTODISARM)
            }
        }
        machine.reservation = nil
        return true
    }

    /// rt_sigreturn as a system call (an `ecall` with a7 = 139): `handleSystemCall` writes
    /// a0 and adds 4 to pc after any call, so the restored pc is handed back 4 lower and
    /// the restored a0 as the call's value.
    func rtSigreturn() -> SyscallResult {
        guard signalReturn() else { return .exit(.signaled(signal: LinuxSignal.SIGSEGV, trap: nil)) }
        machine.hart.pc &-= 4
        return .value(Int32(bitPattern: machine.hart[10]))
    }

    // MARK: - Interrupted calls

    /// Calls that fail with EINTR when a handler interrupts them, SA_RESTART or not
    /// (signal(7)); the others restart under SA_RESTART.
    static let neverRestarted: Set<LinuxSyscall> = [
        .clock_nanosleep_time64, .ppoll_time64, .rt_sigsuspend, .rt_sigtimedwait_time64,
    ]

    /// After a call failed with EINTR: whether to run it again (pc stays on the `ecall`, a0
    /// is the first argument again), as Linux's -ERESTARTSYS does. Restarted when nothing
    /// the guest handles interrupted it (emu's own alarm, an ignored or default-acting
    /// signal), or when the handler has SA_RESTART and the call may be restarted.
    func restartsAfterInterrupt(_ call: LinuxSyscall) -> Bool {
        collectSignals()
        guard let signal = signals.next(blockedBy: signals.blocked) else { return true }
        let action = signals.action(signal)
        guard action.isHandler else { return true }
        return action.flags & SignalAction.SA_RESTART != 0 && !LinuxProcess.neverRestarted.contains(call)
    }
}
