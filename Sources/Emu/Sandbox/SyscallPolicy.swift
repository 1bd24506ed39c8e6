/// Which system calls the guest may make: the seccomp side of the sandbox.
///
/// A call is denied when `--deny-syscall` names it, or when the default profile denies it
/// and `--allow-syscall` does not lift that; `--deny-syscall` wins over `--allow-syscall`.
/// A denied call never reaches its handler: it fails with EPERM (or kills the guest with
/// SIGSYS, exit status 159, under `--deny-action kill`) and `--strace` marks it
/// "denied by policy".
public struct SyscallPolicy: Sendable, Equatable {
    /// What happens to a denied call.
    public enum Action: String, Sendable, Equatable {
        /// The call fails with EPERM.
        case errno
        /// The guest is killed with SIGSYS (exit 159).
        case kill
    }

    /// The default profile: calls that would change the host's mounts, namespaces, kernel
    /// or clock. Denying them by policy makes the attempt visible. `--allow-syscall` lifts
    /// a denial, and the call then gets emu's own answer: EPERM (the guest's root confers
    /// nothing). Process creation and exec (clone, clone3, execve, execveat) are allowed,
    /// as in a container, bounded by `--pids-limit`; `--deny-syscall` still denies them.
    public static let defaultDenied: Set<LinuxSyscall> = [
        .mount, .umount2, .pivot_root, .chroot, .unshare,
        .reboot, .bpf, .clock_settime64, .pidfd_open,
    ]

    /// Calls denied on top of the defaults.
    public var denied: Set<LinuxSyscall> = []
    /// Calls allowed even though the default profile denies them.
    public var allowed: Set<LinuxSyscall> = []
    /// The action for denied calls.
    public var action: Action = .errno

    /// Creates the default policy.
    public init() {}

    /// Whether `call` may run.
    public func permits(_ call: LinuxSyscall) -> Bool {
        if denied.contains(call) { return false }
        if allowed.contains(call) { return true }
        return !SyscallPolicy.defaultDenied.contains(call)
    }
}
