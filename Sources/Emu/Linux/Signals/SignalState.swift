/// One signal's disposition, as riscv32's kernel `struct sigaction` holds it: handler at
/// offset 0, flags at 4, the 64-bit mask at 8 (riscv defines no `sa_restorer`: the kernel
/// returns through the vDSO, emu through its trampoline page, see `SignalFrame`).
struct SignalAction: Equatable {
    /// SIG_DFL (0), SIG_IGN (1), or the guest address of the handler.
    var handler: UInt32 = SignalAction.defaultHandler
    var flags: UInt32 = 0
    var mask: UInt64 = 0

    static let defaultHandler: UInt32 = 0
    static let ignoreHandler: UInt32 = 1
    /// The size of the structure in guest memory.
    static let size: UInt32 = 16

    // sa_flags (include/uapi/asm-generic/signal-defs.h).
    static let SA_NOCLDSTOP: UInt32 = 0x0000_0001
    static let SA_NOCLDWAIT: UInt32 = 0x0000_0002
    static let SA_SIGINFO: UInt32 = 0x0000_0004
    static let SA_UNSUPPORTED: UInt32 = 0x0000_0400
    static let SA_EXPOSE_TAGBITS: UInt32 = 0x0000_0800
    static let SA_ONSTACK: UInt32 = 0x0800_0000
    static let SA_RESTART: UInt32 = 0x1000_0000
    static let SA_NODEFER: UInt32 = 0x4000_0000
    static let SA_RESETHAND: UInt32 = 0x8000_0000
    /// The bits Linux keeps (since 5.11 it clears the others, so that a program can probe
    /// for support); riscv adds no architecture bits.
    static let knownFlags: UInt32 = SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_EXPOSE_TAGBITS | SA_ONSTACK
        | SA_RESTART | SA_NODEFER | SA_RESETHAND

    var isHandler: Bool { handler > SignalAction.ignoreHandler }
}

/// The fields of a `siginfo_t` emu fills: the three header words and the first three words
/// of the union (offsets 12, 16 and 20), whose meaning depends on the signal and code:
/// kill (si_pid, si_uid), a fault (si_addr), a timer (si_tid, si_overrun, si_value),
/// SIGCHLD (si_pid, si_uid, si_status).
struct SignalInfo: Equatable {
    var signal: Int32
    var code: Int32
    var words: (UInt32, UInt32, UInt32) = (0, 0, 0)

    static func == (lhs: SignalInfo, rhs: SignalInfo) -> Bool {
        lhs.signal == rhs.signal && lhs.code == rhs.code && lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2
    }

    // si_code values (include/uapi/asm-generic/siginfo.h).
    static let SI_USER: Int32 = 0
    static let SI_KERNEL: Int32 = 0x80
    static let SI_QUEUE: Int32 = -1
    static let SI_TIMER: Int32 = -2
    static let SI_TKILL: Int32 = -6

    /// The 128-byte `siginfo_t` of riscv32.
    var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 128)
        let values: [UInt32] = [UInt32(bitPattern: signal), 0, UInt32(bitPattern: code), words.0, words.1, words.2]
        for (index, value) in values.enumerated() {
            withUnsafeBytes(of: value.littleEndian) { out.replaceSubrange(index * 4..<index * 4 + 4, with: $0) }
        }
        return out
    }
}

/// What a signal does when its handler is SIG_DFL (signal(7)'s table).
enum DefaultSignalAction {
    case terminate, core, ignore, stop, resume

    static func of(_ signal: Int32) -> DefaultSignalAction {
        switch signal {
        case LinuxSignal.SIGCHLD, LinuxSignal.SIGURG, LinuxSignal.SIGWINCH: return .ignore
        case LinuxSignal.SIGCONT: return .resume
        case LinuxSignal.SIGSTOP, LinuxSignal.SIGTSTP, LinuxSignal.SIGTTIN, LinuxSignal.SIGTTOU: return .stop
        case LinuxSignal.SIGQUIT, LinuxSignal.SIGILL, LinuxSignal.SIGTRAP, LinuxSignal.SIGABRT, LinuxSignal.SIGBUS,
            LinuxSignal.SIGFPE, LinuxSignal.SIGSEGV, LinuxSignal.SIGXCPU, LinuxSignal.SIGXFSZ, LinuxSignal.SIGSYS:
            return .core
        default: return .terminate
        }
    }
}

/// A guest process's signal state: dispositions, the blocked mask, pending signals with
/// their siginfo, the alternate stack and the trampoline page. Signal `n` is bit `n - 1`
/// of every mask, as in the kernel's `sigset_t`.
final class SignalState {
    /// `actions[n - 1]` for signals 1...64.
    var actions = [SignalAction](repeating: SignalAction(), count: 64)
    var blocked: UInt64 = 0
    /// Standard signals (1...31) pending: one each, as Linux keeps them.
    var pendingStandard: [Int32: SignalInfo] = [:]
    /// Real-time signals (32...64) pending: queued, in order, up to `queueLimit`.
    var pendingRealTime: [SignalInfo] = []
    /// The mask to restore when the next handler returns, set by rt_sigsuspend (the
    /// kernel's `saved_sigmask`).
    var savedMask: UInt64?
    /// sigaltstack: base, size and flags (SS_DISABLE when none, SS_AUTODISARM kept).
    var alternateStack: (base: UInt32, size: UInt32, flags: UInt32) = (0, 0, SignalState.SS_DISABLE)
    /// The guest address of the page holding `li a7, 139; ecall`, once mapped.
    var trampoline: UInt32?
    /// Timers (alarm, setitimer, timer_create), see `GuestTimers`.
    var timers = GuestTimers()
    /// The host timer that wakes emu at the earliest deadline.
    let wake = HostWakeTimer()

    /// Queued real-time signals beyond this are refused (EAGAIN), as RLIMIT_SIGPENDING does.
    static let queueLimit = 1024
    static let SS_ONSTACK: UInt32 = 1
    static let SS_DISABLE: UInt32 = 2
    static let SS_AUTODISARM: UInt32 = 1 << 31
    /// SIGKILL and SIGSTOP: never blocked, caught or ignored.
    static let unblockable: UInt64 = bit(LinuxSignal.SIGKILL) | bit(LinuxSignal.SIGSTOP)

    /// The mask bit of `signal` (1...64).
    static func bit(_ signal: Int32) -> UInt64 { 1 << UInt64(signal - 1) }

    func action(_ signal: Int32) -> SignalAction { actions[Int(signal) - 1] }

    /// Every pending signal as a mask.
    var pending: UInt64 {
        var mask: UInt64 = 0
        for signal in pendingStandard.keys { mask |= SignalState.bit(signal) }
        for info in pendingRealTime { mask |= SignalState.bit(info.signal) }
        return mask
    }

    /// Whether `signal` would be thrown away on arrival: ignored (explicitly, or by default)
    /// and not blocked. Linux does not queue those.
    func discards(_ signal: Int32) -> Bool {
        if blocked & SignalState.bit(signal) != 0 { return false }
        let action = action(signal)
        if action.handler == SignalAction.ignoreHandler { return true }
        if action.handler == SignalAction.defaultHandler {
            let kind = DefaultSignalAction.of(signal)
            return kind == .ignore || kind == .resume
        }
        return false
    }

    /// Makes `info.signal` pending; false when a real-time queue is full.
    @discardableResult
    func post(_ info: SignalInfo) -> Bool {
        let signal = info.signal
        guard signal >= 1 && signal <= 64 else { return false }
        if discards(signal) { return true }
        if signal < 32 {
            // A standard signal already pending is not queued twice.
            if pendingStandard[signal] == nil { pendingStandard[signal] = info }
            return true
        }
        guard pendingRealTime.count < SignalState.queueLimit else { return false }
        pendingRealTime.append(info)
        return true
    }

    /// The signal to deliver next among `pending & ~mask`: the synchronous ones (faults)
    /// first, then the lowest number, as Linux's `next_signal` picks.
    func next(blockedBy mask: UInt64) -> Int32? {
        let ready = pending & ~mask
        guard ready != 0 else { return nil }
        let synchronous = ready & (SignalState.bit(LinuxSignal.SIGSEGV) | SignalState.bit(LinuxSignal.SIGBUS)
            | SignalState.bit(LinuxSignal.SIGILL) | SignalState.bit(LinuxSignal.SIGTRAP)
            | SignalState.bit(LinuxSignal.SIGFPE) | SignalState.bit(LinuxSignal.SIGSYS))
        let chosen = synchronous != 0 ? synchronous : ready
        return Int32(chosen.trailingZeroBitCount) + 1
    }

    /// Removes one pending instance of `signal` and returns its siginfo.
    func take(_ signal: Int32) -> SignalInfo? {
        if signal < 32 { return pendingStandard.removeValue(forKey: signal) }
        guard let index = pendingRealTime.firstIndex(where: { $0.signal == signal }) else { return nil }
        return pendingRealTime.remove(at: index)
    }

    /// Drops every pending instance of `signal` (it became ignored).
    func discardPending(_ signal: Int32) {
        if signal < 32 { pendingStandard[signal] = nil } else { pendingRealTime.removeAll { $0.signal == signal } }
    }

    /// Whether `sp` is on the alternate stack (the kernel's `on_sig_stack`).
    func isOnAlternateStack(_ sp: UInt32) -> Bool {
        let stack = alternateStack
        guard stack.flags & SignalState.SS_DISABLE == 0, stack.flags & SignalState.SS_AUTODISARM == 0 else {
            return false
        }
        return sp > stack.base && sp &- stack.base <= stack.size
    }

    /// The `ss_flags` a guest reads back for its stack pointer `sp` (`sas_ss_flags`).
    func alternateStackFlags(_ sp: UInt32) -> UInt32 {
        if alternateStack.size == 0 || alternateStack.flags & SignalState.SS_DISABLE != 0 { return SignalState.SS_DISABLE }
        return (isOnAlternateStack(sp) ? SignalState.SS_ONSTACK : 0) | (alternateStack.flags & SignalState.SS_AUTODISARM)
    }

    /// After execve: handlers back to SIG_DFL (ignored signals stay ignored), no alternate
    /// stack, no trampoline in the new address space, no POSIX timers; the mask, the
    /// pending signals and the interval timers survive (execve(2)).
    func resetForExec() {
        for index in actions.indices where actions[index].handler != SignalAction.ignoreHandler {
            actions[index] = SignalAction()
        }
        alternateStack = (0, 0, SignalState.SS_DISABLE)
        trampoline = nil
        savedMask = nil
        timers.removePOSIXTimers()
    }

    /// In a forked child: nothing pending, no timers (fork(2)); dispositions, the mask and
    /// the alternate stack are inherited.
    func resetForFork() {
        pendingStandard = [:]
        pendingRealTime = []
        timers = GuestTimers()
    }
}
