/// Why a debugger command stopped: what a front end (TUI, batch, GDB) reports.
public enum DebugEvent: Sendable, Equatable {
    /// A step, next, finish or run-until completed normally.
    case stepped
    /// Execution reached breakpoint `id` at `address` (the instruction has not run).
    case breakpoint(id: Int, address: UInt32)
    /// An instruction (or a system call) wrote into watchpoint `id`'s range; `address` is
    /// the first byte written. Forwards, pc is after the writing instruction; backwards,
    /// pc is at it.
    case watchpoint(id: Int, address: UInt32)
    /// The instruction at pc (which has not run) reads watchpoint `id`'s range (a read or
    /// access watchpoint); `address` is the first byte read.
    case readWatchpoint(id: Int, address: UInt32)
    /// The instruction at pc raised an exception the guest does not handle (it has not
    /// run). Continuing delivers the signal, which ends the process.
    case fault(Trap, signal: Int32)
    /// The process ended.
    case exited(ProcessOutcome)
    /// Reverse execution reached the oldest recorded instruction.
    case historyStart
    /// The front end asked to stop (GDB's Ctrl-C), or a step limit ran out.
    case interrupted

    /// A one-line description, as batch mode prints it.
    public var summary: String {
        switch self {
        case .stepped: return "stepped"
        case .breakpoint(let id, let address): return "breakpoint \(id) at 0x\(DebugFormat.hex(address))"
        case .watchpoint(let id, let address): return "watchpoint \(id) write at 0x\(DebugFormat.hex(address))"
        case .readWatchpoint(let id, let address): return "watchpoint \(id) read at 0x\(DebugFormat.hex(address))"
        case .fault(let trap, let signal):
            return "fault \(LinuxSignal.name(signal)) (\(trap.cause)) at 0x\(DebugFormat.hex(trap.pc)), address 0x\(DebugFormat.hex(trap.value))"
        case .exited(.exited(let status)): return "exited with status \(status)"
        case .exited(.signaled(let signal, _)): return "killed by \(LinuxSignal.name(signal))"
        case .exited(let outcome): return "stopped by a limit (status \(outcome.exitStatus))"
        case .historyStart: return "reached the start of the recorded history"
        case .interrupted: return "interrupted"
        }
    }
}

/// Small formatting helpers shared by the debugger's front ends.
public enum DebugFormat {
    /// Eight lowercase hex digits.
    public static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
