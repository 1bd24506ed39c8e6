import Glibc

/// The system-call table: one entry per riscv32 call number, named after the Linux call.
extension LinuxProcess {
    /// Answers the `ecall` at pc: runs the call named by a7 with a0–a5, writes a0, and
    /// moves past the `ecall` (which then retires).
    func handleSystemCall() {
        let hart = machine.hart
        let number = hart[17]
        let arguments = SyscallArguments(raw: (10...15).map { hart[$0] })
        let call = LinuxSyscall(rawValue: number)
        // A signal that arrived since the last stop is delivered first, and the call runs
        // after its handler returns (the frame holds this pc: the `ecall`), as on Linux,
        // where the signal would have interrupted the instructions before the call.
        if hasDeliverableSignal { return }
        let result: SyscallResult
        if let call, !configuration.policy.permits(call) {
            result = configuration.policy.action == .kill
                ? .exit(.signaled(signal: LinuxSignal.SIGSYS, trap: nil)) : .error(.EPERM)
            straceExit(call, number: number, arguments, result, denied: true)
        } else {
            straceEntry(call, arguments)
            result = call.map { dispatch($0, arguments) } ?? .error(.ENOSYS)
            straceExit(call, number: number, arguments, result, denied: false)
        }
        switch result {
        case .value(let value) where value == -LinuxErrno.EINTR.code && call.map(restartsAfterInterrupt) == true:
            // Interrupted and restarted (Linux's -ERESTARTSYS with SA_RESTART): pc stays on
            // the `ecall`, a0 is the first argument again.
            hart[10] = arguments[0]
        case .value(let value):
            // A write to a pipe no one reads: Linux sends SIGPIPE with the EPIPE.
            if value == -32 /* EPIPE */, let call, [.write, .writev, .pwrite64, .sendto, .sendmsg].contains(call) {
                _ = raiseToSelf(LinuxSignal.SIGPIPE, code: SignalInfo.SI_USER)
            }
            hart[10] = UInt32(bitPattern: value)
            hart.pc &+= 4
            hart.instret &+= 1
        case .exit(let ending):
            outcome = ending
        }
    }

    /// Runs `call`. Everything not listed returns ENOSYS, as qemu-user does.
    func dispatch(_ call: LinuxSyscall, _ a: SyscallArguments) -> SyscallResult {
        if let answer = dispatchThreadCall(call, a) { return answer }  // per-thread calls (Threads/)
        switch call {
        // Process lifetime.
        case .exit, .exit_group: return .exit(.exited(status: a.signed(0) & 0xFF))
        case .set_tid_address: return .value(tree.pid)  // the caller's tid: its pid (one thread each)
        case .set_robust_list: return .success
        // Signals (Signals/).
        case .rt_sigaction: return rtSigaction(a)
        case .rt_sigprocmask: return rtSigprocmask(a)
        case .rt_sigpending: return rtSigpending(a)
        case .rt_sigsuspend: return rtSigsuspend(a)
        case .rt_sigtimedwait_time64: return rtSigtimedwait(a)
        case .rt_sigqueueinfo: return rtSigqueueinfo(a)
        case .rt_sigreturn: return rtSigreturn()
        case .sigaltstack: return sigaltstack(a)
        case .restart_syscall: return .error(.EINTR)
        case .getitimer: return getIntervalTimer(a)
        case .setitimer: return setIntervalTimer(a)
        case .timer_create: return timerCreate(a)
        case .timer_settime64: return timerSettime(a)
        case .timer_gettime64: return timerGettime(a)
        case .timer_getoverrun: return timerGetoverrun(a)
        case .timer_delete: return timerDelete(a)
        case .getpid, .gettid: return .value(tree.pid)  // the pid namespace's pid (1 for init)
        case .getppid: return getppid()
        case .setpgid: return setpgid(a)
        case .getpgid: return processGroupOrSession(a, session: false)
        case .getsid: return processGroupOrSession(a, session: true)
        case .setsid: return setsid()
        case .wait4: return wait4(a)
        case .waitid: return waitid(a)
        case .getuid, .geteuid: return .value(Int32(bitPattern: configuration.uid))
        case .getgid, .getegid: return .value(Int32(bitPattern: configuration.gid))
        case .kill, .tkill, .tgkill: return kill(a, call: call)
        // Processes are host processes of emu (LinuxProcess+Process); exec is in-process.
        case .clone: return clone(a)
        case .clone3: return clone3(a)
        case .execve: return execve(a)
        case .execveat: return execveat(a)
        case .uname: return uname(a)
        case .sethostname: return sethostname(a)
        case .getrandom: return getrandom(a)
        case .prlimit64: return prlimit64(a)
        // Limits, usage, scheduling, credentials (LinuxProcess+Resources).
        case .getrusage: return getrusage(a)
        case .times: return times(a)
        case .sysinfo: return sysinfo(a)
        case .sched_getaffinity: return schedGetaffinity(a)
        case .sched_setaffinity: return schedSetaffinity(a)
        case .sched_yield: return .success
        case .sched_getscheduler, .sched_getparam, .sched_setscheduler, .sched_setparam, .sched_get_priority_max,
            .sched_get_priority_min:
            return scheduling(call, a)
        case .getcpu: return getcpu(a)
        case .getresuid: return getresid(a, group: false)
        case .getresgid: return getresid(a, group: true)
        case .getgroups: return getgroups(a)
        case .setgroups: return setgroups(a)
        case .umask: return umask(a)
        case .prctl: return prctl(a)
        case .riscv_flush_icache:
            machine.codeChanged()
            return .success
        // Time.
        case .clock_gettime64: return clockGettime(a)
        case .clock_getres_time64: return clockGetres(a)
        case .clock_nanosleep_time64: return clockNanosleep(a)
        // Memory.
        case .brk: return brk(a)
        case .mmap2: return mmap(a)
        case .munmap: return munmap(a)
        case .mremap: return mremap(a)
        case .mprotect: return mprotect(a)
        case .madvise: return .success
        // Files.
        case .read: return read(a)
        case .write: return write(a)
        case .readv: return readv(a, write: false)
        case .writev: return readv(a, write: true)
        case .pread64: return pread(a, write: false)
        case .pwrite64: return pread(a, write: true)
        case .openat: return openat(a)
        case .close: return close(a)
        case .llseek: return llseek(a)
        case .fstat64: return fstat(a)
        case .fstatat64: return fstatat(a)
        case .statx: return statx(a)
        case .getdents64: return getdents64(a)
        case .ioctl: return ioctl(a)
        case .fcntl64: return fcntl(a)
        case .dup: return dup(a)
        case .dup3: return dup3(a)
        case .getcwd: return getcwd(a)
        case .chdir: return chdir(a)
        case .mkdirat: return mkdirat(a)
        case .unlinkat: return unlinkat(a)
        case .renameat, .renameat2: return renameat(a, call: call)
        case .linkat: return linkat(a)
        case .symlinkat: return symlinkat(a)
        case .faccessat, .faccessat2: return faccessat(a)
        case .readlinkat: return readlinkat(a)
        case .ftruncate64: return ftruncate(a)
        case .fsync, .fdatasync, .syncfs: return files[a[0]] == nil ? .error(.EBADF) : .success
        case .sync: return .success
        // Metadata (LinuxProcess+Metadata), data and file systems (+FileData), locks (+Locks).
        case .fchmod: return fchmod(a)
        case .fchmodat, .fchmodat2: return fchmodat(a, call: call)
        case .fchown: return fchown(a)
        case .fchownat: return fchownat(a)
        case .utimensat_time64: return utimensat(a)
        case .mknodat: return mknodat(a)
        case .statfs64: return statfs64(a)
        case .fstatfs64: return fstatfs64(a)
        case .truncate64: return truncate64(a)
        case .fallocate: return fallocate(a)
        case .sendfile64: return sendfile64(a)
        case .copy_file_range: return copyFileRange(a)
        case .fadvise64_64: return fadvise(a)
        case .flock: return flock(a)
        // Between processes.
        case .pipe2: return pipe2(a)
        case .eventfd2: return eventfd2(a)
        case .socketpair: return socketpair(a)
        case .shutdown: return shutdown(a)
        case .sendto: return sendOrReceive(a, send: true)
        case .recvfrom: return sendOrReceive(a, send: false)
        case .ppoll_time64: return ppoll(a)
        case .pselect6_time64: return pselect(a)
        // Net namespace: there is no network (socketpair's unnamed pairs aside).
        case .socket, .bind, .listen, .accept, .accept4, .connect, .getsockname,
            .getpeername, .setsockopt, .getsockopt, .sendmsg, .recvmsg:
            return .error(.EACCES)
        // IPC namespace: no SysV or POSIX IPC objects.
        case .msgget, .msgctl, .msgrcv, .msgsnd, .semget, .semctl, .semop, .shmget, .shmctl, .shmat,
            .shmdt, .mq_open, .mq_unlink:
            return .error(.ENOSYS)
        // Mount, user and other host-changing calls.
        case .mount, .umount2, .pivot_root, .chroot, .unshare, .setuid, .setgid, .setreuid, .setregid,
            .setresuid, .setresgid, .reboot, .setdomainname, .bpf, .clock_settime64:
            return .error(.EPERM)
        default: return .error(.ENOSYS)
        }
    }

    /// Zeroes guest memory the guest may write; false when it may not.
    func zero(_ address: UInt32, count: UInt32) -> Bool {
        guard let pointer = writableBuffer(address, count: count) else { return false }
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: Int(count))
        return true
    }

    /// Host pointer to the guest bytes of `range` if the guest may write them all, or nil
    /// (EFAULT).
    func writableBuffer(_ range: GuestRange) -> UnsafeMutableRawPointer? {
        guard machine.memory.check(range, has: .write) else { return nil }
        guestWriteObserver?(range.start, range.length)
        return machine.memory.hostPointer(range)
    }

    /// Host pointer to the guest bytes of `range` if the guest may read them all, or nil
    /// (EFAULT).
    func readableBuffer(_ range: GuestRange) -> UnsafeMutableRawPointer? {
        guard machine.memory.check(range, has: .read) else { return nil }
        return machine.memory.hostPointer(range)
    }

    /// Host pointer to `count` guest bytes the guest may write, or nil (EFAULT).
    func writableBuffer(_ address: UInt32, count: UInt32) -> UnsafeMutableRawPointer? {
        writableBuffer(GuestRange(start: address, length: count))
    }

    /// Host pointer to `count` guest bytes the guest may read, or nil (EFAULT).
    func readableBuffer(_ address: UInt32, count: UInt32) -> UnsafeMutableRawPointer? {
        readableBuffer(GuestRange(start: address, length: count))
    }

    /// Copies `bytes` to guest memory the guest may write; false (EFAULT) otherwise.
    func copyOut(_ bytes: [UInt8], to address: UInt32) -> Bool {
        guard bytes.count <= Int(UInt32.max),
            let pointer = writableBuffer(GuestRange(start: address, length: UInt32(bytes.count)))
        else { return false }
        bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return true
    }

    /// A NUL-terminated guest string (a path), or EFAULT / ENAMETOOLONG. Every byte must be
    /// on a readable page (a string running into an unreadable page is EFAULT, as on Linux).
    func guestString(_ address: UInt32) -> Result<[UInt8], LinuxErrno> {
        guard machine.memory.check(GuestRange(start: address, length: 1), has: .read) else { return .failure(.EFAULT) }
        guard let bytes = machine.memory.readCString(address, limit: 4096, has: .read) else {
            // No NUL in 4096 readable bytes is too long; otherwise the walk met an unreadable page.
            return .failure(isReadable(address, count: 4096) ? .ENAMETOOLONG : .EFAULT)
        }
        return .success(bytes)
    }

    /// Whether the guest may read all of `[address, address + count)`.
    func isReadable(_ address: UInt32, count: UInt32) -> Bool {
        machine.memory.check(GuestRange(start: address, length: count), has: .read)
    }
}
