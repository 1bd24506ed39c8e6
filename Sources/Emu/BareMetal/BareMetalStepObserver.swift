/// Watches a bare-metal run one instruction at a time (`emu run --trace` and `emu test
/// --trace` on a `tohost` binary). While one is attached, `BareMetalRunner.run` gives the
/// interpreter a budget of one instruction per pass of its loop, so the observer sees each
/// instruction, each exception it raised and each interrupt taken between two of them.
public protocol BareMetalStepObserver: AnyObject {
    /// Before the instruction at the hart's pc runs.
    func willStep(_ machine: Machine)
    /// After it ran: `trap` is the exception it raised, already taken (the hart is in the
    /// handler's mode at its vector), or nil when it completed (a CLINT access included).
    func didStep(_ machine: Machine, trap: Trap?)
    /// Interrupt `code` was taken before the instruction at `pc` (the hart is at the vector).
    func interruptTaken(_ machine: Machine, code: UInt32, at pc: UInt32)
}
