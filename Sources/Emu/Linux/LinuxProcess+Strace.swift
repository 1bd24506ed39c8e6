/// `--strace` lines in the shape `qemu-riscv32 -strace` prints: the call, its decoded
/// arguments, and the result (with the errno name for a failure).
extension LinuxProcess {
    /// Which arguments of a call are path strings.
    static func pathArguments(_ call: LinuxSyscall) -> Set<Int> {
        switch call {
        case .openat, .fstatat64, .statx, .mkdirat, .unlinkat, .faccessat, .faccessat2, .readlinkat: return [1]
        case .chdir: return [0]
        case .renameat, .renameat2, .linkat: return [1, 3]
        case .symlinkat: return [0, 2]
        default: return []
        }
    }

    /// How many arguments a call takes, for printing.
    static func argumentCount(_ call: LinuxSyscall) -> Int {
        switch call {
        case .exit, .exit_group, .close, .brk, .uname, .chdir, .set_tid_address, .dup: return 1
        case .getpid, .getppid, .gettid, .getuid, .geteuid, .getgid, .getegid: return 0
        case .rt_sigreturn, .restart_syscall: return 0
        case .timer_getoverrun, .timer_delete: return 1
        case .rt_sigsuspend, .rt_sigpending, .getitimer, .timer_gettime64, .sigaltstack: return 2
        case .setitimer, .timer_create, .rt_sigqueueinfo, .tgkill: return 3
        case .timer_settime64, .rt_sigtimedwait_time64: return 4
        case .munmap, .getcwd, .clock_gettime64, .clock_getres_time64, .fstat64, .kill, .sethostname: return 2
        case .read, .write, .readv, .writev, .openat, .ioctl, .getrandom, .mprotect, .getdents64, .mkdirat,
            .unlinkat, .faccessat, .fcntl64, .dup3, .socket, .tkill:
            return 3
        case .fstatat64, .readlinkat, .rt_sigaction, .rt_sigprocmask, .clock_nanosleep_time64, .renameat,
            .pread64, .pwrite64:
            return 4
        case .statx, .llseek, .linkat, .renameat2: return 5
        default: return 6
        }
    }

    func describe(_ call: LinuxSyscall, _ a: SyscallArguments, _ result: SyscallResult, denied: Bool) -> String {
        let paths = LinuxProcess.pathArguments(call)
        let shown = (0..<LinuxProcess.argumentCount(call)).map { index -> String in
            if paths.contains(index), case .success(let bytes) = guestString(a[index]) {
                return "\"" + String(decoding: bytes, as: UTF8.self) + "\""
            }
            if index == 0 && [.openat, .fstatat64, .statx, .mkdirat, .unlinkat, .faccessat, .readlinkat].contains(call)
                && a.signed(0) == LinuxProcess.AT_FDCWD
            {
                return "AT_FDCWD"
            }
            let value = a[index]
            return value < 4096 ? String(value) : "0x" + String(value, radix: 16)
        }
        let outcome: String
        switch result {
        case .value(let value) where value < 0 && value > -4096:
            let error = LinuxErrno(-value)
            outcome = "-1 \(error)" + (denied ? " (denied by policy)" : "")
        case .value(let value):
            outcome = value < 0 || value > 4096 ? "0x" + String(UInt32(bitPattern: value), radix: 16) : String(value)
        case .exit(let ending):
            outcome = denied ? "killed by SIGSYS (denied by policy)" : "? (exit status \(ending.exitStatus))"
        }
        return "\(call.name)(\(shown.joined(separator: ","))) = \(outcome)"
    }
}
