/// alarm (musl's is setitimer), setitimer/getitimer and the POSIX timers. Each timer's
/// deadline is on a guest clock; the host is woken at the earliest one by one host POSIX
/// timer (`HostWakeTimer`), whose signal stops the dispatch loop so that `collectSignals`
/// fires it. Under `--deterministic` no host timer runs: `nextBudget` ends each slice at
/// the earliest deadline, counted in instructions (the deterministic clocks advance 1 ns
/// per instruction), so a timer fires at the same instruction count in every run.
extension LinuxProcess {
    /// Re-arms the host wake-up at the earliest guest deadline (none when deterministic).
    func armHostTimer() {
        guard !configuration.deterministic else { return }
        HostSignals.installProcessHandlers()
        signals.wake.arm(signals.timers.nearest { clockNanoseconds($0) ?? 0 })
    }

    /// Instructions until the earliest timer under `--deterministic`, else nil.
    var instructionsToNextTimer: UInt64? {
        guard configuration.deterministic, signals.timers.isAnyArmed else { return nil }
        return signals.timers.nearest { clockNanoseconds($0) ?? 0 }.map { max($0, 1) }
    }

    // MARK: - Interval timers

    /// getitimer(which, value*): `struct itimerval` of 32-bit longs on riscv32 (interval
    /// seconds, microseconds, then value seconds, microseconds; musl converts).
    func getIntervalTimer(_ a: SyscallArguments) -> SyscallResult {
        guard a[0] <= 2 else { return .error(.EINVAL) }
        return writeIntervalTimer(Int(a[0]), to: a[1]) ? .success : .error(.EFAULT)
    }

    /// setitimer(which, new*, old*).
    func setIntervalTimer(_ a: SyscallArguments) -> SyscallResult {
        guard a[0] <= 2 else { return .error(.EINVAL) }
        let which = Int(a[0])
        var words: [UInt32] = [0, 0, 0, 0]
        if a[1] != 0 {
            guard let bytes = machine.memory.read(a[1], count: 16), isReadable(a[1], count: 16) else { return .error(.EFAULT) }
            words = (0..<4).map { index in
                bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)) }
            }
            // tv_usec must be below a second; longs are signed.
            guard words.allSatisfy({ Int32(bitPattern: $0) >= 0 }), words[1] < 1_000_000, words[3] < 1_000_000 else {
                return .error(.EINVAL)
            }
        }
        if a[2] != 0, !writeIntervalTimer(which, to: a[2]) { return .error(.EFAULT) }
        let interval = UInt64(words[0]) * 1_000_000_000 + UInt64(words[1]) * 1000
        let value = UInt64(words[2]) * 1_000_000_000 + UInt64(words[3]) * 1000
        var timer = signals.timers.interval[which]
        timer.interval = interval
        timer.deadline = value == 0 ? nil : (clockNanoseconds(timer.clock) ?? 0) &+ value
        signals.timers.interval[which] = timer
        armHostTimer()
        return .success
    }

    private func writeIntervalTimer(_ which: Int, to address: UInt32) -> Bool {
        let timer = signals.timers.interval[which]
        let left = remaining(timer)
        // Rounded up to a microsecond, so that an armed timer never reads as disarmed.
        let leftMicro = (left + 999) / 1000
        let words: [UInt32] = [
            UInt32(clamping: timer.interval / 1_000_000_000), UInt32(timer.interval % 1_000_000_000 / 1000),
            UInt32(clamping: leftMicro / 1_000_000), UInt32(leftMicro % 1_000_000),
        ]
        return copyOut(words.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }, to: address)
    }

    /// Nanoseconds until `timer` expires (0 when disarmed).
    private func remaining(_ timer: GuestTimer) -> UInt64 {
        guard let deadline = timer.deadline else { return 0 }
        let now = clockNanoseconds(timer.clock) ?? 0
        return deadline > now ? deadline - now : 1
    }

    // MARK: - POSIX timers

    /// timer_create(clockid, sevp*, timerid*). `struct sigevent` on riscv32: sigev_value at
    /// 0, sigev_signo at 4, sigev_notify at 8, the thread id at 12.
    func timerCreate(_ a: SyscallArguments) -> SyscallResult {
        let clock: Int32
        switch a.signed(0) {
        case 0, 8: clock = 0  // REALTIME (and REALTIME_ALARM)
        case 1, 7, 9: clock = 1  // MONOTONIC, BOOTTIME (and BOOTTIME_ALARM)
        case 2: clock = 2  // PROCESS_CPUTIME_ID
        default: return .error(.EINVAL)
        }
        guard let id = signals.timers.freeID() else { return .error(.EAGAIN) }
        var timer = GuestTimer(clock: clock, signal: LinuxSignal.SIGALRM, code: SignalInfo.SI_TIMER, value: UInt32(id), id: id)
        if a[1] != 0 {
            guard let bytes = machine.memory.read(a[1], count: 16), isReadable(a[1], count: 16) else { return .error(.EFAULT) }
            func word(_ index: Int) -> UInt32 {
                bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)) }
            }
            timer.value = word(0)
            let signal = Int32(bitPattern: word(1))
            switch word(2) {
            case 1: timer.signal = 0  // SIGEV_NONE
            case 0, 4:  // SIGEV_SIGNAL, SIGEV_THREAD_ID (the only thread is the process)
                if word(2) == 4, Int32(bitPattern: word(3)) != signalPid { return .error(.EINVAL) }
                guard signal >= 1 && signal <= 64 else { return .error(.EINVAL) }
                timer.signal = signal
            default: return .error(.EINVAL)  // SIGEV_THREAD is the C library's, with threads
            }
        }
        guard copyOut(withUnsafeBytes(of: id.littleEndian) { Array($0) }, to: a[2]) else { return .error(.EFAULT) }
        signals.timers.posix[id] = timer
        return .success
    }

    /// timer_settime64(id, flags, new*, old*): `struct itimerspec64`, interval then value,
    /// each 64-bit seconds and nanoseconds.
    func timerSettime(_ a: SyscallArguments) -> SyscallResult {
        let id = a.signed(0)
        guard var timer = signals.timers.posix[id] else { return .error(.EINVAL) }
        guard let spec = readableBuffer(a[2], count: 32) else { return .error(.EFAULT) }
        var values: [UInt64] = []
        for pair in 0..<2 {
            let seconds = Int64(littleEndian: spec.loadUnaligned(fromByteOffset: pair * 16, as: Int64.self))
            let nanoseconds = Int64(littleEndian: spec.loadUnaligned(fromByteOffset: pair * 16 + 8, as: Int64.self))
            guard seconds >= 0, nanoseconds >= 0, nanoseconds < 1_000_000_000 else { return .error(.EINVAL) }
            let (product, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
            values.append(overflow ? UInt64.max : product.addingReportingOverflow(UInt64(nanoseconds)).partialValue)
        }
        if a[3] != 0, !writeTimerSpec(timer, to: a[3]) { return .error(.EFAULT) }
        timer.interval = values[0]
        if values[1] == 0 {
            timer.deadline = nil
        } else if a[1] & 1 != 0 {  // TIMER_ABSTIME
            timer.deadline = values[1]
        } else {
            let (sum, overflow) = (clockNanoseconds(timer.clock) ?? 0).addingReportingOverflow(values[1])
            timer.deadline = overflow ? UInt64.max : sum
        }
        timer.overrun = 0
        signals.timers.posix[id] = timer
        armHostTimer()
        return .success
    }

    /// timer_gettime64(id, value*).
    func timerGettime(_ a: SyscallArguments) -> SyscallResult {
        guard let timer = signals.timers.posix[a.signed(0)] else { return .error(.EINVAL) }
        return writeTimerSpec(timer, to: a[1]) ? .success : .error(.EFAULT)
    }

    /// timer_getoverrun(id).
    func timerGetoverrun(_ a: SyscallArguments) -> SyscallResult {
        guard let timer = signals.timers.posix[a.signed(0)] else { return .error(.EINVAL) }
        return .value(timer.overrun)
    }

    /// timer_delete(id).
    func timerDelete(_ a: SyscallArguments) -> SyscallResult {
        guard signals.timers.posix.removeValue(forKey: a.signed(0)) != nil else { return .error(.EINVAL) }
        armHostTimer()
        return .success
    }

    private func writeTimerSpec(_ timer: GuestTimer, to address: UInt32) -> Bool {
        let left = remaining(timer)
        let values: [UInt64] = [timer.interval / 1_000_000_000, timer.interval % 1_000_000_000,
                                left / 1_000_000_000, left % 1_000_000_000]
        return copyOut(values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }, to: address)
    }
}
