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

/// The Linux signals emu delivers (as fatal), numbered as on riscv.
public enum LinuxSignal {
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
        [4: "SIGILL", 5: "SIGTRAP", 7: "SIGBUS", 9: "SIGKILL", 11: "SIGSEGV", 31: "SIGSYS"][signal] ?? "signal \(signal)"
    }
}
