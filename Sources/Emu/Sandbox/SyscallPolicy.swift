/// Which system calls the guest may make: the seccomp side of the sandbox.
public struct SyscallPolicy: Sendable, Equatable {
    /// What happens to a denied call.
    public enum Action: String, Sendable, Equatable {
        /// The call fails with EPERM.
        case errno
        /// The guest is killed with SIGSYS (exit 159).
        case kill
    }

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
        return true
    }
}
