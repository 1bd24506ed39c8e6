import Glibc

/// wait4 and waitid: host waits for host children (a guest child is a host child of its
/// guest parent), with pids and statuses translated through the tree's table.
extension LinuxProcess {
    /// Which children a wait accepts.
    enum WaitTarget {
        case any
        case pid(Int32)
        case group(Int32)
    }

    /// A child's state change, as waitid's siginfo describes it.
    struct ChildEvent {
        var pid: Int32
        /// CLD_EXITED 1, CLD_KILLED 2, CLD_DUMPED 3, CLD_TRAPPED 4, CLD_STOPPED 5, CLD_CONTINUED 6.
        var code: Int32
        /// The exit code, or the signal.
        var status: Int32

        /// The same as a wait4 status word.
        var waitStatus: Int32 {
            switch code {
            case 1: return (status & 0xFF) << 8
            case 2: return status & 0x7F
            case 3: return status & 0x7F | 0x80
            case 6: return 0xFFFF
            default: return (status & 0xFF) << 8 | 0x7F
            }
        }
    }

    // wait options (include/uapi/linux/wait.h), the same numbers on the host.
    static let waitNoHang: UInt32 = 1
    static let waitUntraced: UInt32 = 2  // WSTOPPED for waitid
    static let waitExited: UInt32 = 4
    static let waitContinued: UInt32 = 8
    static let waitNoWait: UInt32 = 0x0100_0000
    /// __WNOTHREAD, __WALL, __WCLONE: accepted, meaningless without threads.
    static let waitThreadBits: UInt32 = 0xE000_0000

    /// wait4(pid, status*, options, rusage*).
    func wait4(_ a: SyscallArguments) -> SyscallResult {
        let options = a[2]
        guard options & ~(LinuxProcess.waitNoHang | LinuxProcess.waitUntraced | LinuxProcess.waitContinued
            | LinuxProcess.waitThreadBits) == 0
        else { return .error(.EINVAL) }
        let pid = a.signed(0)
        guard pid != Int32.min else { return .error(.ESRCH) }
        let target: WaitTarget = pid > 0 ? .pid(pid) : pid == -1 ? .any : .group(pid == 0 ? ownGroup() : -pid)
        switch waitForChild(target, options: options | LinuxProcess.waitExited) {
        case .failure(let error): return .error(error)
        case .success(nil): return .value(0)
        case .success(let event?):
            if a[1] != 0, !storeWord(UInt32(bitPattern: event.waitStatus), at: a[1]) { return .error(.EFAULT) }
            // struct rusage on riscv32: two old timevals (2 x 8 bytes) and 14 longs. emu
            // does not account child CPU time: zeros, as for a child that used none.
            if a[3] != 0, !zero(a[3], count: 72) { return .error(.EFAULT) }
            return .value(event.pid)
        }
    }

    /// waitid(idtype, id, siginfo*, options, rusage*).
    func waitid(_ a: SyscallArguments) -> SyscallResult {
        let options = a[3]
        guard options & ~(LinuxProcess.waitNoHang | LinuxProcess.waitUntraced | LinuxProcess.waitExited
            | LinuxProcess.waitContinued | LinuxProcess.waitNoWait | LinuxProcess.waitThreadBits) == 0,
            options & (LinuxProcess.waitUntraced | LinuxProcess.waitExited | LinuxProcess.waitContinued) != 0
        else { return .error(.EINVAL) }
        let target: WaitTarget
        switch a[0] {
        case 0: target = .any  // P_ALL
        case 1:  // P_PID
            guard a.signed(1) > 0 else { return .error(.EINVAL) }
            target = .pid(a.signed(1))
        case 2:  // P_PGID (0: the caller's group)
            guard a.signed(1) >= 0 else { return .error(.EINVAL) }
            target = .group(a[1] == 0 ? ownGroup() : a.signed(1))
        default: return .error(.EINVAL)  // P_PIDFD: emu has no pidfds
        }
        switch waitForChild(target, options: options) {
        case .failure(let error): return .error(error)
        case .success(let event):
            if a[2] != 0 {
                // siginfo_t (128 bytes): si_signo, si_errno, si_code, then the SIGCHLD
                // fields si_pid, si_uid, si_status; all zero when WNOHANG found nothing.
                var info = [UInt8](repeating: 0, count: 128)
                if let event {
                    let words: [Int32] = [17, 0, event.code, event.pid, Int32(bitPattern: configuration.uid), event.status]
                    for (index, word) in words.enumerated() {
                        withUnsafeBytes(of: word.littleEndian) { info.replaceSubrange(index * 4..<index * 4 + 4, with: $0) }
                    }
                }
                guard copyOut(info, to: a[2]) else { return .error(.EFAULT) }
            }
            if a[4] != 0, !zero(a[4], count: 72) { return .error(.EFAULT) }
            return .success
        }
    }

    /// The caller's process group.
    func ownGroup() -> Int32 {
        guard let table = tree.table else { return 1 }
        return table.withLock { access in access.index(ofGuest: tree.pid).map { access.slots[$0].processGroup } ?? tree.pid }
    }

    /// Waits for a child matching `target` to change state as `options` ask. Nil with
    /// WNOHANG when none has; ECHILD when no child matches at all.
    func waitForChild(_ target: WaitTarget, options: UInt32) -> Result<ChildEvent?, LinuxErrno> {
        guard let table = tree.table else { return .failure(.ECHILD) }  // never forked
        let hostOptions = Int32(bitPattern: options & (LinuxProcess.waitUntraced | LinuxProcess.waitExited
            | LinuxProcess.waitContinued | LinuxProcess.waitNoHang)) | __WALL
        while true {
            // The host pids of the matching children. Init also owns every orphan whose
            // parent ended without emu's exit path (a host kill): the host made it init's.
            let children: [pid_t] = table.withLock { access in
                let live = { (pid: Int32) in access.index(ofGuest: pid) != nil }
                return access.slots.compactMap { slot -> pid_t? in
                    guard slot.state != GuestProcessTable.State.free.rawValue, slot.guestPid != tree.pid,
                        slot.parent == tree.pid || (tree.pid == 1 && !live(slot.parent))
                    else { return nil }
                    switch target {
                    case .any: break
                    case .pid(let pid): if slot.guestPid != pid { return nil }
                    case .group(let group): if slot.processGroup != group { return nil }
                    }
                    return slot.hostPid
                }
            }
            guard !children.isEmpty else { return .failure(.ECHILD) }
            // Peek first (WNOWAIT), so that the slot is freed before the host pid is: a
            // guest kill translates a pid under the lock and must never reach a reaped
            // (and perhaps reused) host pid.
            var info = siginfo_t()
            let peek: Int32
            switch target {
            case .pid:
                // A child still starting has no host pid yet: wait for all, filter below.
                peek = children[0] > 0
                    ? Glibc.waitid(P_PID, id_t(children[0]), &info, hostOptions | Glibc.WNOWAIT)
                    : Glibc.waitid(P_ALL, 0, &info, hostOptions | Glibc.WNOWAIT)
            case .any: peek = Glibc.waitid(P_ALL, 0, &info, hostOptions | Glibc.WNOWAIT)
            case .group:
                // The host knows nothing of guest groups: ask each member, then block for
                // any child and look again.
                var found = false
                for host in children where host > 0 {
                    info = siginfo_t()
                    if Glibc.waitid(P_PID, id_t(host), &info, hostOptions | Glibc.WNOHANG | Glibc.WNOWAIT) == 0, info._sifields._sigchld.si_pid != 0 {
                        found = true
                        break
                    }
                }
                if !found {
                    if options & LinuxProcess.waitNoHang != 0 { return .success(nil) }
                    info = siginfo_t()
                    if Glibc.waitid(P_ALL, 0, &info, hostOptions | Glibc.WNOWAIT) != 0 { return .failure(.host) }
                    // Another child changed state, and stays waitable: sleep briefly rather
                    // than spin on it.
                    if !children.contains(info._sifields._sigchld.si_pid) { usleep(1000) }
                    continue
                }
                peek = 0
            }
            if peek != 0 { return .failure(.host) }
            if info._sifields._sigchld.si_pid == 0 { return .success(nil) }  // WNOHANG, nothing yet
            let host = info._sifields._sigchld.si_pid
            let hostCode = info.si_code
            let hostStatus = info._sifields._sigchld.si_status
            if case .pid = target, children[0] <= 0, !children.contains(host) {
                // A sibling of the awaited (still starting) child: look again shortly.
                usleep(1000)
                continue
            }
            let ended = hostCode == CLD_EXITED || hostCode == CLD_KILLED || hostCode == CLD_DUMPED
            let consume = options & LinuxProcess.waitNoWait == 0
            var event = ChildEvent(pid: 0, code: Int32(hostCode), status: hostStatus)
            table.withLock { access in
                guard let index = access.index(ofHost: host) else { return }
                let slot = access.slots[index]
                event.pid = slot.guestPid
                if ended && slot.state == GuestProcessTable.State.exited.rawValue {
                    // emu's own exit path recorded what the guest did; the host status is
                    // only emu's exit code for it.
                    let status = slot.waitStatus
                    event = status & 0x7F == 0
                        ? ChildEvent(pid: slot.guestPid, code: 1, status: status >> 8 & 0xFF)
                        : ChildEvent(pid: slot.guestPid, code: 2, status: status & 0x7F)
                }
                if ended && consume { access.release(slot.guestPid) }
            }
            if consume {
                var reaped = siginfo_t()
                _ = Glibc.waitid(P_PID, id_t(host), &reaped, hostOptions | Glibc.WNOHANG)
            }
            return .success(event)
        }
    }
}
