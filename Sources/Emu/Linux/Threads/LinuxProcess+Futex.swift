import CHostCalls

/// futex_time64(uaddr, op, val, timeout or val2, uaddr2, val3): the waits and wakes musl's
/// and glibc's locks, condition variables, barriers, semaphores and joins are built on.
///
/// Waiters are the process's threads, keyed by guest address (one address space, so
/// FUTEX_PRIVATE_FLAG changes nothing). A wait and a wake both run under the process
/// lock, so the check of the word and the sleep are atomic with respect to every waker, as
/// the kernel guarantees: no wake-up is lost. A waiting thread sleeps on the group's
/// condition variable and re-checks at least every 10 ms (a signal that arrived from the
/// host, `--timeout`), which bounds the latency of anything that does not broadcast.
extension LinuxProcess {
    static let FUTEX_WAIT: UInt32 = 0, FUTEX_WAKE: UInt32 = 1, FUTEX_REQUEUE: UInt32 = 3,
        FUTEX_CMP_REQUEUE: UInt32 = 4, FUTEX_WAKE_OP: UInt32 = 5, FUTEX_WAIT_BITSET: UInt32 = 9,
        FUTEX_WAKE_BITSET: UInt32 = 10
    static let FUTEX_PRIVATE_FLAG: UInt32 = 128, FUTEX_CLOCK_REALTIME: UInt32 = 256
    static let ETIMEDOUT = LinuxErrno(110)
    /// How long a waiter sleeps before it looks again by itself.
    static let futexRecheckNanoseconds: UInt64 = 10_000_000

    func futex(_ a: SyscallArguments) -> SyscallResult {
        let operation = a[1]
        let command = operation & ~(LinuxProcess.FUTEX_PRIVATE_FLAG | LinuxProcess.FUTEX_CLOCK_REALTIME)
        let realtime = operation & LinuxProcess.FUTEX_CLOCK_REALTIME != 0
        // Linux: FUTEX_CLOCK_REALTIME only with the waits.
        if realtime, command != LinuxProcess.FUTEX_WAIT, command != LinuxProcess.FUTEX_WAIT_BITSET {
            return .error(.ENOSYS)
        }
        let address = a[0]
        guard address & 3 == 0 else { return .error(.EINVAL) }
        switch command {
        case LinuxProcess.FUTEX_WAIT, LinuxProcess.FUTEX_WAIT_BITSET:
            let bitset = command == LinuxProcess.FUTEX_WAIT ? UInt32.max : a[5]
            guard bitset != 0 else { return .error(.EINVAL) }
            var deadline: FutexDeadline?
            if a[3] != 0 {
                guard let spec = readableBuffer(a[3], count: 16) else { return .error(.EFAULT) }
                let seconds = Int64(littleEndian: spec.loadUnaligned(fromByteOffset: 0, as: Int64.self))
                let nanoseconds = Int64(littleEndian: spec.loadUnaligned(fromByteOffset: 8, as: Int64.self))
                guard seconds >= 0, nanoseconds >= 0, nanoseconds < 1_000_000_000 else { return .error(.EINVAL) }
                // Saturating: a guest's 2^63 seconds must not overflow.
                let (product, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
                let total = overflow ? UInt64.max : product.addingReportingOverflow(UInt64(nanoseconds)).partialValue
                let clock: Int32 = realtime ? 0 : 1
                // FUTEX_WAIT's timeout is relative (on the monotonic clock); WAIT_BITSET's is
                // absolute on the chosen clock.
                if command == LinuxProcess.FUTEX_WAIT {
                    let now = clockNanoseconds(1) ?? 0
                    deadline = FutexDeadline(clock: 1, nanoseconds: now.addingReportingOverflow(total).overflow ? .max : now + total)
                } else {
                    deadline = FutexDeadline(clock: clock, nanoseconds: total)
                }
            }
            return futexWait(address, expected: a[2], bitset: bitset, deadline: deadline)
        case LinuxProcess.FUTEX_WAKE, LinuxProcess.FUTEX_WAKE_BITSET:
            let bitset = command == LinuxProcess.FUTEX_WAKE ? UInt32.max : a[5]
            guard bitset != 0 else { return .error(.EINVAL) }
            guard isReadable(address, count: 4) else { return .error(.EFAULT) }
            return .value(Int32(futexWake(address, count: a.signed(2), bitset: bitset)))
        case LinuxProcess.FUTEX_REQUEUE, LinuxProcess.FUTEX_CMP_REQUEUE:
            let target = a[4]
            guard target & 3 == 0, a.signed(2) >= 0, a.signed(3) >= 0 else { return .error(.EINVAL) }
            guard let word = machine.memory.loadPointer(address, count: 4), isReadable(target, count: 4) else {
                return .error(.EFAULT)
            }
            if command == LinuxProcess.FUTEX_CMP_REQUEUE, emu_load32_acquire(word) != a[5] { return .error(.EAGAIN) }
            let woken = futexWake(address, count: a.signed(2), bitset: UInt32.max)
            let moved = futexRequeue(from: address, to: target, count: a.signed(3))
            return .value(Int32(clamping: woken + moved))
        case LinuxProcess.FUTEX_WAKE_OP:
            return futexWakeOp(address, a)
        default:
            // The PI and LOCK_PI variants: not implemented (musl and glibc use them only for
            // priority-inheritance mutexes).
            return .error(.ENOSYS)
        }
    }

    /// A FUTEX_WAIT: sleeps while the word at `address` holds `expected` until woken, the
    /// deadline passes (ETIMEDOUT), or a signal the thread does not block is pending
    /// (EINTR, or restarted by the shim under SA_RESTART).
    private func futexWait(_ address: UInt32, expected: UInt32, bitset: UInt32, deadline: FutexDeadline?)
        -> SyscallResult
    {
        guard let word = machine.memory.loadPointer(address, count: 4) else { return .error(.EFAULT) }
        guard emu_load32_acquire(word) == expected else { return .error(.EAGAIN) }
        guard let group = threads.group, let thread = group.current else {
            // A lone thread: nobody can wake it but a signal or the timeout.
            let wait = deadline.map { deadline in (clockNanoseconds(deadline.clock) ?? 0).distance(to: deadline.nanoseconds) }
            if let wait, wait <= 0 { return .error(LinuxProcess.ETIMEDOUT) }
            if waitForSignal(wake: ~signals.blocked, timeout: wait.map { UInt64($0) }) { return .error(.EINTR) }
            return outcome != nil || isPastDeadline ? .error(.EINTR) : .error(LinuxProcess.ETIMEDOUT)
        }
        thread.futexAddress = address
        thread.futexBitset = bitset
        thread.futexWoken = false
        group.futexWaiters.append(thread)
        defer { group.futexWaiters.removeAll { $0 === thread }; thread.futexAddress = nil }
        if group.scheduler != nil {
            return futexWaitWithoutTurn(thread, deadline: deadline.map(virtualMonotonicDeadline))
        }
        while true {
            if thread.futexWoken { return .success }
            if group.ending || outcome != nil || isPastDeadline { return .error(.EINTR) }
            if hasDeliverableSignal { return .error(.EINTR) }
            var left = LinuxProcess.futexRecheckNanoseconds
            if let deadline {
                let now = clockNanoseconds(deadline.clock) ?? 0
                if now >= deadline.nanoseconds { return .error(LinuxProcess.ETIMEDOUT) }
                left = min(left, deadline.nanoseconds - now)
            }
            group.wait(nanoseconds: left)
            activate(thread)
        }
    }

    /// --deterministic: the wait gives the turn away until a wake marks the thread, a signal
    /// it does not block is pending, or the virtual clock reaches the deadline.
    private func futexWaitWithoutTurn(_ thread: GuestThread, deadline: UInt64?) -> SyscallResult {
        waitWithoutTurn(thread, deadline: deadline) { [unowned self] in
            thread.futexWoken || self.hasSignalToInterrupt(thread)
        }
        if thread.futexWoken { return .success }
        if threads.group?.ending != false || outcome != nil { return .error(.EINTR) }
        if hasDeliverableSignal { return .error(.EINTR) }
        return .error(LinuxProcess.ETIMEDOUT)
    }

    /// A futex deadline as the virtual monotonic clock reads it (a realtime deadline less
    /// the fixed epoch the deterministic realtime clock adds).
    private func virtualMonotonicDeadline(_ deadline: FutexDeadline) -> UInt64 {
        guard deadline.clock != 1 else { return deadline.nanoseconds }
        let realtime = clockNanoseconds(deadline.clock) ?? 0, monotonic = clockNanoseconds(1) ?? 0
        let epoch = realtime &- monotonic
        return deadline.nanoseconds > epoch ? deadline.nanoseconds - epoch : 0
    }

    /// Wakes up to `count` waiters on `address` whose bitset meets `bitset`, oldest first.
    func futexWake(_ address: UInt32, count: Int32, bitset: UInt32) -> Int {
        guard let group = threads.group, count > 0 else { return 0 }
        var woken = 0
        for waiter in group.futexWaiters where woken < Int(count) {
            guard waiter.futexAddress == address, waiter.futexBitset & bitset != 0, !waiter.futexWoken else { continue }
            waiter.futexWoken = true
            woken += 1
        }
        if woken > 0 {
            group.futexWaiters.removeAll { $0.futexWoken }
            group.broadcast()
        }
        return woken
    }

    /// Moves up to `count` waiters of `from` to wait on `to`.
    private func futexRequeue(from: UInt32, to: UInt32, count: Int32) -> Int {
        guard let group = threads.group else { return 0 }
        var moved = 0
        for waiter in group.futexWaiters where moved < Int(count) && waiter.futexAddress == from && !waiter.futexWoken {
            waiter.futexAddress = to
            moved += 1
        }
        return moved
    }

    /// FUTEX_WAKE_OP: atomically applies the encoded operation to the word at uaddr2, wakes
    /// val waiters on uaddr, and, if the old value of uaddr2 meets the encoded comparison,
    /// val2 waiters on uaddr2.
    private func futexWakeOp(_ address: UInt32, _ a: SyscallArguments) -> SyscallResult {
        let second = a[4]
        let encoded = a[5]
        guard second & 3 == 0 else { return .error(.EINVAL) }
        guard machine.memory.check(second, count: 4, has: [.read, .write]),
            let word = machine.memory.hostPointer(second, count: 4)
        else { return .error(.EFAULT) }
        let operation = (encoded >> 28) & 7
        let shifted = (encoded >> 28) & 8 != 0
        let comparison = (encoded >> 24) & 15
        // Both 12-bit fields are sign-extended, as the kernel does.
        var argument = Int32(bitPattern: ((encoded >> 12) & 0xFFF) << 20) >> 20
        let comparand = Int32(bitPattern: (encoded & 0xFFF) << 20) >> 20
        if shifted {
            guard argument >= 0, argument < 32 else { return .error(.EINVAL) }
            argument = Int32(bitPattern: 1 << UInt32(argument))
        }
        let operand = UInt32(bitPattern: argument)
        var old: UInt32
        switch operation {
        case 0: old = emu_amo32(Int32(EMU_AMO_SWAP), word, operand)
        case 1: old = emu_amo32(Int32(EMU_AMO_ADD), word, operand)
        case 2: old = emu_amo32(Int32(EMU_AMO_OR), word, operand)
        case 3: old = emu_amo32(Int32(EMU_AMO_AND), word, ~operand)
        case 4: old = emu_amo32(Int32(EMU_AMO_XOR), word, operand)
        default: return .error(.ENOSYS)
        }
        let value = Int32(bitPattern: old)
        let met: Bool
        switch comparison {
        case 0: met = value == comparand
        case 1: met = value != comparand
        case 2: met = value < comparand
        case 3: met = value <= comparand
        case 4: met = value > comparand
        case 5: met = value >= comparand
        default: return .error(.ENOSYS)
        }
        var woken = futexWake(address, count: a.signed(2), bitset: UInt32.max)
        if met { woken += futexWake(second, count: a.signed(3), bitset: UInt32.max) }
        return .value(Int32(clamping: woken))
    }

    // MARK: - Robust futexes

    /// The robust-list walk at a thread's death (Documentation/locking/robust-futexes):
    /// every lock still held by `tid` gets FUTEX_OWNER_DIED and one waiter is woken. The
    /// list is the guest's and may be anything: bounded by `robustListLimit` entries, as the
    /// kernel's ROBUST_LIST_LIMIT, and each word checked before use.
    func releaseRobustFutexes(head: UInt32, tid: Int32) {
        guard let list = machine.memory.loadPointer(head, count: 12) else { return }
        let offset = Int32(bitPattern: list.load(fromByteOffset: 4, as: UInt32.self))
        let pending = list.load(fromByteOffset: 8, as: UInt32.self) & ~1
        var entry = list.load(as: UInt32.self) & ~1
        var seen = 0
        while entry != head, entry != 0, seen < LinuxProcess.robustListLimit {
            seen += 1
            guard let next = machine.memory.loadPointer(entry, count: 4) else { break }
            let following = next.load(as: UInt32.self) & ~1
            if entry != pending { releaseRobustFutex(at: entry &+ UInt32(bitPattern: offset), tid: tid) }
            entry = following
        }
        if pending != 0 { releaseRobustFutex(at: pending &+ UInt32(bitPattern: offset), tid: tid) }
    }

    static let robustListLimit = 2048
    static let FUTEX_WAITERS: UInt32 = 0x8000_0000, FUTEX_OWNER_DIED: UInt32 = 0x4000_0000, FUTEX_TID_MASK: UInt32 = 0x3FFF_FFFF

    private func releaseRobustFutex(at address: UInt32, tid: Int32) {
        guard address & 3 == 0, machine.memory.check(address, count: 4, has: [.read, .write]),
            let word = machine.memory.hostPointer(address, count: 4)
        else { return }
        while true {
            let value = emu_load32_acquire(word)
            guard value & LinuxProcess.FUTEX_TID_MASK == UInt32(bitPattern: tid) else { return }
            let new = (value & LinuxProcess.FUTEX_WAITERS) | LinuxProcess.FUTEX_OWNER_DIED
            if emu_cas32(word, value, new) != 0 {
                if value & LinuxProcess.FUTEX_WAITERS != 0 { _ = futexWake(address, count: 1, bitset: UInt32.max) }
                return
            }
        }
    }
}

/// When a futex wait gives up: nanoseconds on a clock (0 realtime, 1 monotonic).
struct FutexDeadline {
    let clock: Int32
    let nanoseconds: UInt64
}
