/// Why `Interpreter.run` returned. The loop never throws and never prints: it returns one of
/// these and the caller (the Linux shim, the bare-metal machine, the debugger) decides.
public enum StopReason: Sendable, Equatable {
    /// An instruction raised an exception (including `ecall` and `ebreak`). `hart.pc` is the
    /// pc of that instruction; it has not retired.
    case trap(Trap)
    /// The instruction budget given to `run` is used up; `hart.pc` is the next instruction.
    case budgetExhausted
    /// A debugger breakpoint at `hart.pc` (the instruction has not run).
    case breakpoint
    /// A store wrote into a watched range; the store has completed and `hart.pc` is the next
    /// instruction.
    case watchpoint(address: UInt32)
    /// A device hook asked the machine to stop (for example a store to HTIF `tohost`).
    case halted
}
