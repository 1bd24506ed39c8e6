import Glibc

/// Identity, time and randomness: what the guest learns about its world.
extension LinuxProcess {
    /// uname(2): the uts namespace's hostname, and a riscv32 Linux.
    func uname(_ a: SyscallArguments) -> SyscallResult {
        // struct new_utsname: six fields of 65 bytes.
        let fields = ["Linux", hostname, "6.1.0-emu", "#1 SMP emu", "riscv32", "(none)"]
        var bytes: [UInt8] = []
        for field in fields {
            var value = Array(field.utf8.prefix(64))
            value += [UInt8](repeating: 0, count: 65 - value.count)
            bytes += value
        }
        return copyOut(bytes, to: a[0]) ? .success : .error(.EFAULT)
    }

    /// sethostname(2): changes only the guest's uts view.
    func sethostname(_ a: SyscallArguments) -> SyscallResult {
        guard a[1] <= 64 else { return .error(.EINVAL) }
        guard let buffer = readableBuffer(a[0], count: a[1]) else { return .error(.EFAULT) }
        let bytes = [UInt8](UnsafeRawBufferPointer(start: buffer, count: Int(a[1])))
        hostname = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        return .success
    }

    /// getrandom(2): host randomness, or the seeded stream in deterministic mode.
    func getrandom(_ a: SyscallArguments) -> SyscallResult {
        let count = min(a[1], 1 << 25)
        guard let buffer = writableBuffer(a[0], count: count) else { return .error(.EFAULT) }
        var bytes = [UInt8](repeating: 0, count: Int(count))
        fillRandom(&bytes)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return .value(Int32(count))
    }

    /// Nanoseconds on clock `id` (CLOCK_REALTIME 0, CLOCK_MONOTONIC 1, the CPU-time and
    /// boot-time clocks), or nil for an unknown clock.
    func clockNanoseconds(_ id: Int32) -> UInt64? {
        let elapsed = machine.csrs.elapsedNanoseconds(instret: machine.hart.instret)
        switch id {
        case 0, 5, 8, 11:  // REALTIME, REALTIME_COARSE, REALTIME_ALARM, TAI
            if configuration.deterministic {
                // Saturating: the instruction count (the guest's to grow) must not overflow the sum.
                let epoch: UInt64 = 1_700_000_000 * 1_000_000_000
                return elapsed > UInt64.max - epoch ? UInt64.max : epoch + elapsed
            }
            let now = HostClock.realtime()
            return UInt64(now.seconds) * 1_000_000_000 + UInt64(now.nanoseconds)
        case 1, 4, 6, 7, 9:  // MONOTONIC, MONOTONIC_RAW, MONOTONIC_COARSE, BOOTTIME(_ALARM)
            return configuration.deterministic ? elapsed : HostClock.monotonicNanoseconds()
        case 2, 3:  // PROCESS_CPUTIME_ID, THREAD_CPUTIME_ID
            return elapsed
        default: return nil
        }
    }

    /// Writes a 64-bit `struct timespec` (riscv32 uses time64 only).
    func writeTimespec(_ nanoseconds: UInt64, to address: UInt32) -> Bool {
        var bytes: [UInt8] = []
        let seconds = nanoseconds / 1_000_000_000, rest = nanoseconds % 1_000_000_000
        withUnsafeBytes(of: seconds.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: rest.littleEndian) { bytes += $0 }
        return copyOut(bytes, to: address)
    }

    func clockGettime(_ a: SyscallArguments) -> SyscallResult {
        guard let now = clockNanoseconds(a.signed(0)) else { return .error(.EINVAL) }
        return writeTimespec(now, to: a[1]) ? .success : .error(.EFAULT)
    }

    func clockGetres(_ a: SyscallArguments) -> SyscallResult {
        guard clockNanoseconds(a.signed(0)) != nil else { return .error(.EINVAL) }
        if a[1] == 0 { return .success }
        return writeTimespec(1, to: a[1]) ? .success : .error(.EFAULT)
    }

    /// clock_nanosleep(2). Sleeps on the host (bounded by `--timeout`). In deterministic
    /// mode a lone thread returns at once (no time passes); with threads the sleep is in
    /// virtual time: the others run meanwhile, and the clock jumps to the deadline when
    /// none can (DeterministicScheduler).
    func clockNanosleep(_ a: SyscallArguments) -> SyscallResult {
        guard let now = clockNanoseconds(a.signed(0)) else { return .error(.EINVAL) }
        guard let request = readableBuffer(a[2], count: 16) else { return .error(.EFAULT) }
        let seconds = Int64(littleEndian: request.loadUnaligned(fromByteOffset: 0, as: Int64.self))
        let nanoseconds = Int64(littleEndian: request.loadUnaligned(fromByteOffset: 8, as: Int64.self))
        guard seconds >= 0, nanoseconds >= 0, nanoseconds < 1_000_000_000 else { return .error(.EINVAL) }
        var wait = UInt64(seconds) &* 1_000_000_000 &+ UInt64(nanoseconds)
        if a[1] & 1 != 0 { wait = wait > now ? wait - now : 0 }  // TIMER_ABSTIME
        if configuration.deterministic && !schedulesByTurns { return .success }
        if let timeout = configuration.timeout, !configuration.deterministic {
            let left = timeout - Double(HostClock.monotonicNanoseconds() - startNanoseconds) / 1e9
            // Compared as Doubles: a huge --timeout must not overflow a conversion to UInt64.
            let cap = max(left, 0) * 1e9 + 1e6
            if cap < Double(wait) { wait = UInt64(cap) }
        }
        // A signal the guest handles ends the sleep early: EINTR, with the time left for a
        // relative sleep (never restarted, signal(7)).
        // On the monotonic clock, which is the host's, or the virtual one under --deterministic.
        let begin = clockNanoseconds(1) ?? 0
        guard waitForSignal(wake: ~signals.blocked, timeout: wait) else { return .success }
        let slept = (clockNanoseconds(1) ?? begin) &- begin
        if a[1] & 1 == 0, a[3] != 0, !writeTimespec(wait > slept ? wait - slept : 0, to: a[3]) { return .error(.EFAULT) }
        return .error(.EINTR)
    }
}
