/// Resource limits, usage and scheduling: prlimit64, getrusage, times, sysinfo, the sched_*
/// family, getcpu, umask, the group list and the saved ids. What the guest is told is the
/// sandbox's own bounds (as a container shows its cgroup and rlimits), never the host's.
extension LinuxProcess {
    /// The guest's own pid in its pid namespace (1 for the tree's init).
    var ownPID: Int32 { tree.pid }

    /// Whether `pid` names the calling process (0 always does).
    func isSelf(_ pid: Int32) -> Bool { pid == 0 || pid == ownPID }

    /// Bytes of the guest's address space in use: image, heap, mappings and stack.
    var addressSpaceInUse: UInt64 {
        let heapEnd = UInt64(LinuxProcess.pageRound(programBreak) ?? programBreak)
        let image = UInt64(heapStart) - UInt64(machine.memory.base)
        let heap = heapEnd - UInt64(heapStart)
        let mapped = mappings.reduce(UInt64(0)) { $0 + UInt64($1.length) }
        let stack = machine.memory.end - UInt64(stackBottom)
        return image + heap + mapped + stack
    }

    /// Whether the address space may grow by `bytes` under RLIMIT_AS (and, for the heap,
    /// RLIMIT_DATA): the limits the guest may lower with prlimit64.
    func mayGrowAddressSpace(by bytes: UInt64, heap: Bool = false) -> Bool {
        let used = addressSpaceInUse
        if used + bytes > resources.soft(.addressSpace) { return false }
        if heap {
            let heapSize = UInt64(LinuxProcess.pageRound(programBreak) ?? programBreak) - UInt64(heapStart)
            if heapSize + bytes > resources.soft(.data) { return false }
        }
        return true
    }

    // MARK: - Limits

    /// prlimit64(pid, resource, new, old): the guest's own limits; a limit may be lowered
    /// (and then holds: NOFILE, AS, DATA and FSIZE are enforced) but a hard limit never
    /// raised (EPERM: the guest has no CAP_SYS_RESOURCE).
    func prlimit64(_ a: SyscallArguments) -> SyscallResult {
        guard isSelf(a.signed(0)) else { return .error(a.signed(0) < 0 ? .EINVAL : .ESRCH) }
        guard a[1] < 16, let resource = GuestResources.Resource(rawValue: Int(a[1])) else { return .error(.EINVAL) }
        var wanted: (soft: UInt64, hard: UInt64)?
        if a[2] != 0 {
            guard let buffer = readableBuffer(a[2], count: 16) else { return .error(.EFAULT) }
            wanted = (buffer.guestLoad(UInt64.self, at: 0), buffer.guestLoad(UInt64.self, at: 8))
        }
        let old = resources.limits[resource.rawValue]
        if let wanted {
            guard wanted.soft <= wanted.hard else { return .error(.EINVAL) }
            guard wanted.hard <= old.hard else { return .error(.EPERM) }
        }
        if a[3] != 0 {
            var out = GuestStruct(size: 16)
            out.put(old.soft, at: 0)
            out.put(old.hard, at: 8)
            guard copyOut(out.bytes, to: a[3]) else { return .error(.EFAULT) }
        }
        if let wanted {
            resources.limits[resource.rawValue] = wanted
            if resource == .openFiles { files.limit = Int(min(wanted.soft, UInt64(Int32.max))) }
        }
        return .success
    }

    // MARK: - Usage

    /// CPU time so far in microseconds: the instruction-count clock (see `clockNanoseconds`).
    var cpuMicroseconds: UInt64 { (clockNanoseconds(2) ?? 0) / 1000 }

    /// getrusage(who, usage): riscv32's kernel `struct rusage` has 32-bit `timeval`s (the C
    /// library widens them), so it is 18 longs.
    func getrusage(_ a: SyscallArguments) -> SyscallResult {
        let who = a.signed(0)
        guard who == 0 || who == -1 || who == 1 else { return .error(.EINVAL) }  // SELF, CHILDREN, THREAD
        var usage = GuestStruct(size: 72)
        if who != -1 {
            let micros = cpuMicroseconds
            usage.put(UInt32(truncatingIfNeeded: micros / 1_000_000), at: 0)
            usage.put(UInt32(micros % 1_000_000), at: 4)
            // ru_maxrss in KiB: the address space in use bounds the guest's resident memory.
            usage.put(UInt32(truncatingIfNeeded: addressSpaceInUse / 1024), at: 16)
        }
        return copyOut(usage.bytes, to: a[1]) ? .success : .error(.EFAULT)
    }

    /// times(buf): CPU time in clock ticks (100 per second); returns the ticks since the
    /// process started (the guest's boot).
    func times(_ a: SyscallArguments) -> SyscallResult {
        if a[0] != 0 {
            var buffer = GuestStruct(size: 16)
            buffer.put(UInt32(truncatingIfNeeded: cpuMicroseconds / 10_000), at: 0)
            guard copyOut(buffer.bytes, to: a[0]) else { return .error(.EFAULT) }
        }
        return .value(Int32(truncatingIfNeeded: uptimeNanoseconds / 10_000_000))
    }

    /// Nanoseconds since the guest started: its uptime, as a container's own boot.
    var uptimeNanoseconds: UInt64 {
        configuration.deterministic ? clockNanoseconds(1) ?? 0 : HostClock.monotonicNanoseconds() &- startNanoseconds
    }

    /// sysinfo(info): the memory limit as total RAM, what the guest has not mapped as free,
    /// no swap, one process, the guest's own uptime.
    func sysinfo(_ a: SyscallArguments) -> SyscallResult {
        var info = GuestStruct(size: 64)
        let total = configuration.memoryLimit
        let used = min(addressSpaceInUse, total)
        info.put(UInt32(truncatingIfNeeded: uptimeNanoseconds / 1_000_000_000), at: 0)
        info.put(UInt32(truncatingIfNeeded: total), at: 16)  // totalram (--memory is at most 3 GiB)
        info.put(UInt32(truncatingIfNeeded: total - used), at: 20)  // freeram
        info.put(UInt16(1), at: 40)  // procs
        info.put(UInt32(1), at: 52)  // mem_unit
        return copyOut(info.bytes, to: a[0]) ? .success : .error(.EFAULT)
    }

    // MARK: - Scheduling (one hart: one CPU, SCHED_OTHER)

    /// sched_getaffinity(pid, size, mask): one CPU, number 0. Returns the bytes written (one
    /// `long`), as Linux returns the size of its CPU mask.
    func schedGetaffinity(_ a: SyscallArguments) -> SyscallResult {
        guard isSelf(a.signed(0)) else { return .error(a.signed(0) < 0 ? .EINVAL : .ESRCH) }
        guard a[1] >= 4, a[1] & 3 == 0 else { return .error(.EINVAL) }
        return copyOut([1, 0, 0, 0], to: a[2]) ? .value(4) : .error(.EFAULT)
    }

    /// sched_setaffinity(pid, size, mask): accepted when the mask holds CPU 0.
    func schedSetaffinity(_ a: SyscallArguments) -> SyscallResult {
        guard isSelf(a.signed(0)) else { return .error(a.signed(0) < 0 ? .EINVAL : .ESRCH) }
        guard a[1] > 0 else { return .error(.EINVAL) }
        guard let mask = readableBuffer(a[2], count: 1) else { return .error(.EFAULT) }
        return mask.load(as: UInt8.self) & 1 != 0 ? .success : .error(.EINVAL)
    }

    /// sched_getscheduler / sched_getparam / sched_setscheduler / sched_setparam and the
    /// priority range: SCHED_OTHER (and BATCH, IDLE) at priority 0; the real-time policies
    /// need CAP_SYS_NICE, which the guest lacks (EPERM).
    func scheduling(_ call: LinuxSyscall, _ a: SyscallArguments) -> SyscallResult {
        func priority(_ address: UInt32) -> Int32? {
            readableBuffer(address, count: 4).map { $0.guestLoad(Int32.self, at: 0) }
        }
        switch call {
        case .sched_get_priority_max, .sched_get_priority_min:
            switch a.signed(0) {
            case 1, 2: return .value(call == .sched_get_priority_max ? 99 : 1)  // FIFO, RR
            case 0, 3, 5: return .value(0)  // OTHER, BATCH, IDLE
            default: return .error(.EINVAL)
            }
        default: break
        }
        guard a.signed(0) >= 0 else { return .error(.EINVAL) }
        guard isSelf(a.signed(0)) else { return .error(.ESRCH) }
        switch call {
        case .sched_getscheduler: return .value(resources.schedulingPolicy)
        case .sched_getparam: return copyOut([0, 0, 0, 0], to: a[1]) ? .success : .error(.EFAULT)
        case .sched_setparam:
            guard let value = priority(a[1]) else { return .error(.EFAULT) }
            return value == 0 ? .success : .error(.EINVAL)
        case .sched_setscheduler:
            let policy = a.signed(1) & ~0x4000_0000  // SCHED_RESET_ON_FORK
            guard let value = priority(a[2]) else { return .error(.EFAULT) }
            switch policy {
            case 0, 3, 5:
                guard value == 0 else { return .error(.EINVAL) }
                resources.schedulingPolicy = policy
                return .success
            case 1, 2: return .error(value >= 1 && value <= 99 ? .EPERM : .EINVAL)
            default: return .error(.EINVAL)
            }
        default: return .error(.ENOSYS)
        }
    }

    /// getcpu(cpu, node, cache): CPU 0 on node 0.
    func getcpu(_ a: SyscallArguments) -> SyscallResult {
        for address in [a[0], a[1]] where address != 0 {
            guard copyOut([0, 0, 0, 0], to: address) else { return .error(.EFAULT) }
        }
        return .success
    }

    // MARK: - Credentials

    /// getresuid / getresgid: real, effective and saved ids are the guest's one id.
    func getresid(_ a: SyscallArguments, group: Bool) -> SyscallResult {
        let id = group ? configuration.gid : configuration.uid
        var bytes = GuestStruct(size: 4)
        bytes.put(id, at: 0)
        for index in 0..<3 {
            guard copyOut(bytes.bytes, to: a[index]) else { return .error(.EFAULT) }
        }
        return .success
    }

    /// getgroups(size, list): size 0 asks for the count; a smaller list is EINVAL.
    func getgroups(_ a: SyscallArguments) -> SyscallResult {
        let size = a.signed(0), groups = resources.groups
        guard size >= 0 else { return .error(.EINVAL) }
        if size == 0 { return .value(Int32(groups.count)) }
        guard Int(size) >= groups.count else { return .error(.EINVAL) }
        var list = GuestStruct(size: groups.count * 4)
        for (index, group) in groups.enumerated() { list.put(group, at: index * 4) }
        return copyOut(list.bytes, to: a[1]) ? .value(Int32(groups.count)) : .error(.EFAULT)
    }

    /// setgroups(size, list): only a guest running as root (its namespace's CAP_SETGID) may,
    /// and only to groups its user namespace maps: its own group (others are EINVAL, as for
    /// an unmapped id).
    func setgroups(_ a: SyscallArguments) -> SyscallResult {
        guard a[0] <= 65536 else { return .error(.EINVAL) }
        guard configuration.uid == 0 else { return .error(.EPERM) }
        let count = Int(a[0])
        var groups: [UInt32] = []
        if count > 0 {
            guard let list = readableBuffer(a[1], count: UInt32(count * 4)) else { return .error(.EFAULT) }
            for index in 0..<count {
                let group = list.guestLoad(UInt32.self, at: index * 4)
                guard group == configuration.gid else { return .error(.EINVAL) }
                if !groups.contains(group) { groups.append(group) }
            }
        }
        resources.groups = groups
        return .success
    }

    /// umask(mask): sets the creation mask, returns the old one.
    func umask(_ a: SyscallArguments) -> SyscallResult {
        let old = resources.umask
        resources.umask = a[0] & 0o777
        return .value(Int32(old))
    }

    /// prctl: PR_SET_NAME and PR_GET_NAME (the name /proc shows); other options are EINVAL.
    func prctl(_ a: SyscallArguments) -> SyscallResult {
        switch a[0] {
        case 15:  // PR_SET_NAME: up to 15 bytes; a longer name is cut (the kernel's strncpy)
            let name: [UInt8]
            if let text = machine.memory.readCString(a[1], limit: 16, has: .read) {
                name = text
            } else if isReadable(a[1], count: 16), let text = machine.memory.read(a[1], count: 15) {
                name = text
            } else {
                return .error(.EFAULT)
            }
            resources.commandName = Array(name.prefix(15))
            publishIdentity()
            return .success
        case 16:  // PR_GET_NAME: 16 bytes
            var name = resources.commandName + [UInt8](repeating: 0, count: 16)
            name = Array(name.prefix(16))
            return copyOut(name, to: a[1]) ? .success : .error(.EFAULT)
        default: return .error(.EINVAL)
        }
    }
}
