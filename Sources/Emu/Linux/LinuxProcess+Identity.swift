import Glibc

/// The pid namespace's calls: pids, parents, process groups and sessions from the tree's
/// table, and kill between guest processes only.
extension LinuxProcess {
    /// getppid(2): 0 for init, as in a pid namespace.
    func getppid() -> SyscallResult { .value(ownLineage.parent) }

    /// setpgid(pid, pgid): the caller or one of its children, into a group of the session.
    func setpgid(_ a: SyscallArguments) -> SyscallResult {
        let pid = a.signed(0) == 0 ? tree.pid : a.signed(0)
        guard a.signed(0) >= 0, a.signed(1) >= 0 else { return .error(.EINVAL) }
        let group = a.signed(1) == 0 ? pid : a.signed(1)
        if tree.table == nil, pid == 1, group == 1 { return .success }  // already so
        guard let table = joinTable() else { return .error(.ENOMEM) }
        return table.withLock { access -> SyscallResult in
            guard let mine = access.index(ofGuest: tree.pid), let target = access.index(ofGuest: pid),
                pid == tree.pid || access.slots[target].parent == tree.pid
            else { return .error(.ESRCH) }
            let session = access.slots[mine].session
            let slot = access.slots[target]
            guard slot.session == session, slot.session != slot.guestPid else { return .error(.EPERM) }
            if group != pid {
                guard access.slots.contains(where: {
                    $0.state != GuestProcessTable.State.free.rawValue && $0.processGroup == group && $0.session == session
                }) else { return .error(.EPERM) }
            }
            access.slots[target].processGroup = group
            return .success
        }
    }

    /// getpgid(pid) and getsid(pid) (0: the caller).
    func processGroupOrSession(_ a: SyscallArguments, session: Bool) -> SyscallResult {
        let pid = a.signed(0) == 0 ? tree.pid : a.signed(0)
        guard let table = tree.table else { return pid == 1 ? .value(1) : .error(.ESRCH) }
        return table.withLock { access in
            guard let index = access.index(ofGuest: pid) else { return .error(.ESRCH) }
            return .value(session ? access.slots[index].session : access.slots[index].processGroup)
        }
    }

    /// setsid(): a new session and group led by the caller, unless it leads a group.
    func setsid() -> SyscallResult {
        // Init leads group 1: EPERM, as Linux answers a group leader.
        guard let table = tree.table else { return .error(.EPERM) }
        return table.withLock { access in
            guard let mine = access.index(ofGuest: tree.pid) else { return .error(.ESRCH) }
            if access.slots.contains(where: {
                $0.state != GuestProcessTable.State.free.rawValue && $0.processGroup == tree.pid
            }) {
                return .error(.EPERM)
            }
            access.slots[mine].processGroup = tree.pid
            access.slots[mine].session = tree.pid
            return .value(tree.pid)
        }
    }

    /// kill, tkill and tgkill between guest processes. A pid is looked up in the tree's
    /// table and nowhere else, so no host process outside the tree can be named: ESRCH.
    ///
    /// Another guest process gets the signal through `HostSignals.send` (a queued host
    /// real-time signal carrying the guest signal and the sender's pid; SIGKILL and SIGSTOP
    /// as themselves), the caller itself through `raiseToSelf`: either way it is pending
    /// and delivered, to a handler or by its default action, at the target's next safe point.
    func kill(_ a: SyscallArguments, call: LinuxSyscall) -> SyscallResult {
        let signal = call == .tgkill ? a.signed(2) : a.signed(1)
        guard signal >= 0 && signal <= 64 else { return .error(.EINVAL) }
        var pid = a.signed(0)
        switch call {
        case .tgkill:
            // Single-threaded processes: the thread id is the process id.
            guard a.signed(0) > 0, a.signed(1) > 0 else { return .error(.EINVAL) }
            guard a.signed(1) == a.signed(0) else { return .error(.ESRCH) }
        case .tkill:
            guard pid > 0 else { return .error(.EINVAL) }
        default: break
        }
        guard pid != Int32.min else { return .error(.ESRCH) }
        guard let table = tree.table else {
            // Alone in the namespace: only itself (1) and its group (0) name anyone;
            // kill(-1) skips the caller and init, which leaves nobody: ESRCH.
            guard pid == 1 || pid == 0 else { return .error(.ESRCH) }
            return raiseToSelf(signal, code: call == .kill ? SignalInfo.SI_USER : SignalInfo.SI_TKILL)
        }
        var signalsSelf = false
        let found: Bool = table.withLock { access in
            let group = access.index(ofGuest: tree.pid).map { access.slots[$0].processGroup } ?? tree.pid
            if pid == 0 { pid = -group }
            var any = false
            for slot in access.slots where slot.state != GuestProcessTable.State.free.rawValue {
                let chosen: Bool
                if pid > 0 {
                    chosen = slot.guestPid == pid
                } else if pid == -1 {
                    // Everyone but init and the caller, as Linux's kill(-1).
                    chosen = slot.guestPid != 1 && slot.guestPid != tree.pid
                } else {
                    chosen = slot.processGroup == -pid
                }
                guard chosen else { continue }
                any = true
                if slot.guestPid == tree.pid {
                    signalsSelf = true
                } else if slot.guestPid == 1 && (signal == LinuxSignal.SIGKILL || signal == LinuxSignal.SIGSTOP) {
                    // pid_namespaces(7): init gets from inside its namespace only the signals
                    // it has a handler for; SIGKILL and SIGSTOP can have none: dropped. Any
                    // other signal is sent, and init's emu drops it on arrival unless a
                    // handler is installed then (`collectSignals`): only init knows its
                    // dispositions.
                } else if signal != 0, slot.state == GuestProcessTable.State.alive.rawValue, slot.hostPid > 0 {
                    // Under the lock: the slot cannot be freed, nor its host pid reaped and
                    // reused, before this lands (see waitForChild).
                    _ = HostSignals.send(signal, from: tree.pid, toHost: slot.hostPid)
                }
            }
            return any
        }
        guard found else { return .error(.ESRCH) }
        return signalsSelf ? raiseToSelf(signal, code: call == .kill ? SignalInfo.SI_USER : SignalInfo.SI_TKILL) : .success
    }
}
