/// How a guest process ended.
public enum ProcessOutcome: Sendable, Equatable {
    /// exit/exit_group with this status (0...255).
    case exited(status: Int32)
    /// Killed by a signal, with the trap that caused it (nil for SIGSYS from the policy).
    case signaled(signal: Int32, trap: Trap?)
    /// The instruction budget (`--max-insns`) ran out.
    case instructionLimit
    /// The wall-clock limit (`--timeout`) ran out.
    case timeLimit

    /// The exit status a shell would report: the guest's own, 128 + signal, or 124 for
    /// a limit as `timeout(1)` reports it.
    public var exitStatus: Int32 {
        switch self {
        case .exited(let status): return status & 0xFF
        case .signaled(let signal, _): return 128 + signal
        case .instructionLimit, .timeLimit: return 124
        }
    }
}

/// The Linux signals, numbered as on riscv (the asm-generic numbers).
public enum LinuxSignal {
    public static let SIGHUP: Int32 = 1
    public static let SIGINT: Int32 = 2
    public static let SIGQUIT: Int32 = 3
    public static let SIGABRT: Int32 = 6
    public static let SIGFPE: Int32 = 8
    public static let SIGUSR1: Int32 = 10
    public static let SIGUSR2: Int32 = 12
    public static let SIGPIPE: Int32 = 13
    public static let SIGALRM: Int32 = 14
    public static let SIGTERM: Int32 = 15
    public static let SIGCHLD: Int32 = 17
    public static let SIGCONT: Int32 = 18
    public static let SIGSTOP: Int32 = 19
    public static let SIGTSTP: Int32 = 20
    public static let SIGTTIN: Int32 = 21
    public static let SIGTTOU: Int32 = 22
    public static let SIGURG: Int32 = 23
    public static let SIGXCPU: Int32 = 24
    public static let SIGXFSZ: Int32 = 25
    public static let SIGVTALRM: Int32 = 26
    public static let SIGPROF: Int32 = 27
    public static let SIGWINCH: Int32 = 28
    public static let SIGILL: Int32 = 4
    public static let SIGTRAP: Int32 = 5
    public static let SIGBUS: Int32 = 7
    public static let SIGKILL: Int32 = 9
    public static let SIGSEGV: Int32 = 11
    public static let SIGSYS: Int32 = 31

    /// The signal Linux sends for an exception it does not handle itself.
    public static func forTrap(_ cause: TrapCause) -> Int32 {
        switch cause {
        case .illegalInstruction: return SIGILL
        case .breakpoint: return SIGTRAP
        case .instructionAddressMisaligned, .loadAddressMisaligned, .storeAddressMisaligned: return SIGBUS
        default: return SIGSEGV
        }
    }

    /// A short name, e.g. `SIGSEGV`.
    public static func name(_ signal: Int32) -> String {
        if signal >= 1 && signal <= 31 { return names[Int(signal) - 1] }
        if signal >= 32 && signal <= 64 { return "SIGRT\(signal - 32)" }
        return "signal \(signal)"
    }

    /// Names of signals 1...31 (asm-generic numbering, which riscv uses).
    static let names = [
        "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP",
        "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
        "SIGIO", "SIGPWR", "SIGSYS",
    ]
}
