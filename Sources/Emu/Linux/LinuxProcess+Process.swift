import CHostCalls
import Glibc

/// Guest processes as host processes (qemu-user's way): a guest fork is a host `fork` of
/// emu, so the host kernel copies the guest's memory lazily, page by page on write, and
/// never the whole arena at once; guest pids are virtual, from the tree's shared
/// `GuestProcessTable`; a guest child is a host child of its guest parent, so `wait4` is a
/// host wait whose pid and status are translated. The first process is the tree's init:
/// a child subreaper, so orphans become its host children as they become guest pid 1's.
extension LinuxProcess {
    // clone(2) flags (include/uapi/linux/sched.h).
    static let CLONE_VM: UInt64 = 0x100
    static let CLONE_FS: UInt64 = 0x200
    static let CLONE_FILES: UInt64 = 0x400
    static let CLONE_SIGHAND: UInt64 = 0x800
    static let CLONE_PIDFD: UInt64 = 0x1000
    static let CLONE_VFORK: UInt64 = 0x4000
    static let CLONE_PARENT: UInt64 = 0x8000
    static let CLONE_THREAD: UInt64 = 0x10000
    static let CLONE_SETTLS: UInt64 = 0x80000
    static let CLONE_PARENT_SETTID: UInt64 = 0x100000
    static let CLONE_CHILD_CLEARTID: UInt64 = 0x200000
    static let CLONE_CHILD_SETTID: UInt64 = 0x1000000
    /// Every CLONE_NEW* flag (and CLONE_NEWTIME, 0x80): a guest gets no namespaces of its own.
    static let CLONE_NEWANY: UInt64 = 0x7E02_0080

    /// The host signal a forked child asks for when its host parent dies (PR_SET_PDEATHSIG).
    /// A real-time signal no guest kill is passed through as (see `HostSignals.send`): its handler
    /// tells an orphan that was reparented to init (which lives) from one whose init is gone.
    static let parentDeathSignal: Int32 = 64

    // MARK: - Creating processes

    /// clone(flags, newsp, parent_tid, tls, child_tid): the generic (not CLONE_BACKWARDS)
    /// argument order riscv uses.
    func clone(_ a: SyscallArguments) -> SyscallResult {
        spawn(flags: UInt64(a[0]), stack: a[1], parentTID: a[2], tls: a[3], childTID: a[4])
    }

    /// clone3(struct clone_args *, size): the same, from a structure of 64-bit fields.
    func clone3(_ a: SyscallArguments) -> SyscallResult {
        // CLONE_ARGS_SIZE_VER0 is 64 bytes: flags, pidfd, child_tid, parent_tid,
        // exit_signal, stack, stack_size, tls. Later fields (set_tid, cgroup) must be zero.
        guard a[1] >= 64, a[1] <= 4096 else { return .error(.EINVAL) }
        guard let bytes = machine.memory.read(a[0], count: Int(a[1])),
            machine.memory.check(a[0], count: a[1], has: .read)
        else { return .error(.EFAULT) }
        func field(_ index: Int) -> UInt64 { bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self) } }
        guard bytes[64...].allSatisfy({ $0 == 0 }), field(4) <= 64 else { return .error(.EINVAL) }
        let stack = field(5), size = field(6)
        guard stack <= UInt64(UInt32.max), size <= UInt64(UInt32.max), field(7) <= UInt64(UInt32.max),
            field(2) <= UInt64(UInt32.max), field(3) <= UInt64(UInt32.max)
        else { return .error(.EINVAL) }
        // clone3 names the stack by its lowest address and size; clone by its top.
        let top = stack == 0 ? 0 : UInt32(truncatingIfNeeded: stack &+ size)
        return spawn(flags: field(0) | field(4), stack: top, parentTID: UInt32(field(3)), tls: UInt32(field(7)),
                     childTID: UInt32(field(2)))
    }

    /// The fork behind clone, clone3 and vfork. Threads (CLONE_VM without CLONE_VFORK,
    /// CLONE_THREAD) are Threads/' `spawnThread`; CLONE_VM | CLONE_VFORK (musl's posix_spawn) runs
    /// as a fork on the given stack: the child cannot tell, since it only execs or exits.
    func spawn(flags: UInt64, stack: UInt32, parentTID: UInt32, tls: UInt32, childTID: UInt32) -> SyscallResult {
        if flags & LinuxProcess.CLONE_NEWANY != 0 { return .error(.EPERM) }
        if flags & LinuxProcess.CLONE_THREAD != 0
            || flags & (LinuxProcess.CLONE_VM | LinuxProcess.CLONE_VFORK) == LinuxProcess.CLONE_VM
        {
            return spawnThread(flags: flags, stack: stack, parentTID: parentTID, tls: tls, childTID: childTID)
        }
        let unsupported = LinuxProcess.CLONE_FS | LinuxProcess.CLONE_FILES | LinuxProcess.CLONE_SIGHAND
            | LinuxProcess.CLONE_PIDFD | LinuxProcess.CLONE_PARENT
        if flags & unsupported != 0 { return .error(.EINVAL) }
        guard let table = joinTable() else { return .error(.ENOMEM) }
        guard let childPid = table.withLock({ access -> Int32? in
            guard let mine = access.index(ofGuest: tree.pid) else { return nil }
            return access.reserve(parent: access.slots[mine])
        }) else { return .error(.EAGAIN) }  // pids.max reached, as the pids cgroup answers

        // vfork: the parent sleeps until the child execs or ends (the pipe's write end,
        // held only by the child, closes then).
        var release: [Int32] = [-1, -1]
        if flags & LinuxProcess.CLONE_VFORK != 0, hostPipe2(&release, O_CLOEXEC) != 0 { release = [-1, -1] }
        // Interval timers are not inherited by a host fork: the child re-arms the parent's
        // --timeout alarm (the SIGALRM handler itself is inherited).
        var alarm = itimerval()
        getitimer(__itimer_which_t(ITIMER_REAL.rawValue), &alarm)
        let parentHost = getpid()

        // emu's signals stay blocked across fork: a kill sent to the new host pid before the
        // child has run (the parent goes on at once) would otherwise run the handler first
        // and then be wiped by the child's `forgetAfterFork`; blocked, it stays pending until
        // the child unblocks it in `becomeChild`, after the wipe.
        var handled = HostSignals.handledSet()
        var unforked = sigset_t()
        sigprocmask(SIG_BLOCK, &handled, &unforked)
        let host = fork()
        if host != 0 { sigprocmask(SIG_SETMASK, &unforked, nil) }
        if host < 0 {
            let error = LinuxErrno.host
            table.withLock { $0.release(childPid) }
            for fd in release where fd >= 0 { Glibc.close(fd) }
            return .error(error)
        }
        if host == 0 {
            becomeChild(childPid, table: table, parentHost: parentHost, alarm: alarm)
            keepOnlyCurrentThreadAfterFork()
            if release[0] >= 0 {
                Glibc.close(release[0])
                tree.vforkRelease = release[1]
            }
            if stack != 0 { machine.hart[2] = stack }
            if flags & LinuxProcess.CLONE_SETTLS != 0 { machine.hart[4] = tls }
            if flags & LinuxProcess.CLONE_CHILD_SETTID != 0 { _ = storeWord(UInt32(bitPattern: childPid), at: childTID) }
            if flags & LinuxProcess.CLONE_PARENT_SETTID != 0 { _ = storeWord(UInt32(bitPattern: childPid), at: parentTID) }
            return .value(0)
        }
        _ = table.withLock { $0.attach(childPid, hostPid: host) }
        if flags & LinuxProcess.CLONE_PARENT_SETTID != 0 { _ = storeWord(UInt32(bitPattern: childPid), at: parentTID) }
        if release[0] >= 0 {
            Glibc.close(release[1])
            var byte: UInt8 = 0
            // EOF when the child execs or ends. Other host signals (SIGCHLD of an earlier
            // child, a forwarded signal) interrupt the read but not the wait, as a vfork
            // parent on Linux sleeps through them; only --timeout's deadline ends it.
            while Glibc.read(release[0], &byte, 1) < 0, errno == EINTR, !isPastDeadline {}
            Glibc.close(release[0])
        }
        return .value(childPid)
    }

    /// The child's side of a fork: its guest pid, death with its tree, the alarm.
    private func becomeChild(_ pid: Int32, table: GuestProcessTable, parentHost: pid_t, alarm: itimerval) {
        tree.pid = pid
        // fork(2): dispositions, mask and alternate stack are inherited; nothing pending,
        // no timers.
        signals.resetForFork()
        HostSignals.forgetAfterFork()
        // Whoever started emu may have blocked signals (a test runner's threads block most),
        // and a blocked mask survives fork and exec: the guest's own mask is emu's business,
        // so the host's must let another guest's kill (and the parent-death signal) land.
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        _ = emu_prctl(1 /* PR_SET_PDEATHSIG */, UInt(LinuxProcess.parentDeathSignal), 0, 0, 0)
        // The parent may have died before the call above armed the signal: then nothing
        // will ever send it, so check once by hand.
        if Glibc.getppid() != parentHost && Glibc.getppid() != table.initHostPid { _exit(137) }
        guard table.withLock({ $0.attach(pid, hostPid: getpid()) }) else { _exit(137) }
        if alarm.it_value.tv_sec != 0 || alarm.it_value.tv_usec != 0 {
            var timer = alarm
            setitimer(__itimer_which_t(ITIMER_REAL.rawValue), &timer, nil)
        }
    }

    /// The tree's table, created on first use by the (so far only) process, guest pid 1.
    func joinTable() -> GuestProcessTable? {
        if let table = tree.table { return table }
        guard let table = GuestProcessTable(capacity: configuration.pidsLimit) else { return nil }
        // From here --max-write counts for the tree: it starts from what this process wrote.
        table.withLock { $0.written = ownBytesWritten }
        tree.table = table
        // Orphans anywhere in the tree become init's host children, so that init can reap
        // them and, when it ends, wait until nothing of the tree is left.
        _ = emu_prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0)
        ParentDeath.install(initHostPid: table.initHostPid)
        publishIdentity()
        return table
    }

    /// Stores a 32-bit word to guest memory; false (EFAULT) when the guest may not write it.
    func storeWord(_ value: UInt32, at address: UInt32) -> Bool {
        copyOut(withUnsafeBytes(of: value.littleEndian) { Array($0) }, to: address)
    }

    // MARK: - Ending

    /// Called once the process has ended: records its wait status for its parent; if it is
    /// the tree's init, ends the whole tree first (as a pid namespace dies with its init)
    /// and waits until no process of it is left on the host.
    func processEnded(_ outcome: ProcessOutcome) {
        if tree.vforkRelease >= 0 {
            Glibc.close(tree.vforkRelease)
            tree.vforkRelease = -1
        }
        guard let table = tree.table else { return }
        if tree.pid != 1 {
            table.withLock { $0.recordExit(tree.pid, waitStatus: LinuxProcess.waitStatus(outcome)) }
            return
        }
        table.withLock { access in
            access.ending = true
            // Under the lock, so no slot is freed (and its host pid reused) meanwhile; a
            // child still starting sees `ending` when it attaches and exits by itself.
            for slot in access.slots where slot.guestPid != 1 && slot.hostPid > 0
                && slot.state != GuestProcessTable.State.free.rawValue
            {
                Glibc.kill(slot.hostPid, SIGKILL)
            }
        }
        // Every descendant is, or becomes when its parent dies, a host child of this
        // subreaper: waiting until ECHILD means none is left running.
        while true {
            if waitpid(-1, nil, __WALL) < 0 && errno != EINTR { break }
        }
    }

    /// The Linux wait status for `outcome`: exit code << 8, or the signal number.
    static func waitStatus(_ outcome: ProcessOutcome) -> Int32 {
        switch outcome {
        case .exited(let status): return (status & 0xFF) << 8
        case .signaled(let signal, _): return signal & 0x7F
        case .instructionLimit, .timeLimit: return 124 << 8
        }
    }
}

/// The handler of `LinuxProcess.parentDeathSignal`. A child's host parent died: either it
/// was a guest process that ended, and the child now belongs to init (the subreaper), or
/// init itself is gone, and a process of a dead tree must not survive it.
enum ParentDeath {
    /// Read by the handler: a plain global, written before the handler is installed.
    nonisolated(unsafe) static var initHostPid: pid_t = 0

    static func install(initHostPid: pid_t) {
        ParentDeath.initHostPid = initHostPid
        var action = sigaction()
        // Only async-signal-safe calls: getppid, getpid, kill. SA_RESTART: a reparented
        // child's blocked read or wait goes on as if nothing happened.
        action.__sigaction_handler.sa_handler = { _ in
            if getpid() != ParentDeath.initHostPid && Glibc.getppid() != ParentDeath.initHostPid {
                Glibc.kill(getpid(), SIGKILL)
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(LinuxProcess.parentDeathSignal, &action, nil)
    }
}
