/// What a `Debugger` runs: a Linux guest process (`LinuxProcess`) or a bare-metal test
/// binary in machine mode (`BareMetalDebugTarget`). Front ends see its machine, its ELF
/// (for symbols) and how it ended.
public protocol DebugTarget: AnyObject {
    /// The machine the target runs on.
    var machine: Machine { get }
    /// The program (its symbols name addresses).
    var elf: ELFFile { get }
    /// How the target ended, once it has (at the debugger's current time).
    var outcome: ProcessOutcome? { get }
}

/// The debugger's side of a target: what only `Debugger` does with it.
protocol DebugTargetControl: AnyObject {
    /// Set by the debugger's checkpoints too (reverse execution restores an earlier one).
    var outcome: ProcessOutcome? { get set }
    /// Called before a system call writes guest memory (for the reverse-execution log).
    var guestWriteObserver: ((_ address: UInt32, _ count: UInt32) -> Void)? { get set }
    /// Acts on a stop of the interpreter (a system call, a fault).
    func handle(_ stop: StopReason)
    /// Whether `trap` is not a fault but a signal handler's return to the sigreturn
    /// trampoline, which `handle` answers by restoring the interrupted context.
    func isSignalReturn(_ trap: Trap) -> Bool
    /// Runs at most `budget` instructions live in the target's own loop, or returns nil
    /// when the debugger's loop (the interpreter and `handle`) is the target's.
    func runLive(budget: UInt64, overBreakpoint: Bool) -> StopReason?
    /// Whether the debugger's checkpoints hold the target's whole state, so that reverse
    /// execution can restore them.
    var supportsReverse: Bool { get }
}

extension LinuxProcess: DebugTarget, DebugTargetControl {
    func runLive(budget: UInt64, overBreakpoint: Bool) -> StopReason? { nil }
    var supportsReverse: Bool { true }
}

/// A bare-metal (`tohost`) binary under `emu debug`: runs in machine mode through
/// `BareMetalRunner.pass`, so the debugger sees the same traps, interrupts, CLINT and
/// Sv32 as `emu test`. It ends when the test writes `tohost`: status 0 for a pass, 1 for
/// a failure (as `emu run` exits).
///
/// Reverse execution is not offered: the debugger's checkpoints hold the registers,
/// memory and mstatus of a Linux guest, not the other CSRs, the privilege or the CLINT.
public final class BareMetalDebugTarget: DebugTarget, DebugTargetControl {
    /// The runner it drives.
    public let runner: BareMetalRunner
    public var machine: Machine { runner.machine }
    public var elf: ELFFile { runner.elf }
    public var outcome: ProcessOutcome?
    var guestWriteObserver: ((_ address: UInt32, _ count: UInt32) -> Void)?

    /// Wraps `runner`, which must not have run yet.
    public init(runner: BareMetalRunner) {
        self.runner = runner
    }

    /// The test's result once it reported (nil before).
    public var result: BareMetalOutcome? { runner.tohostValue.map { BareMetalRunner.outcome(tohost: $0) } }

    func handle(_ stop: StopReason) {}

    func isSignalReturn(_ trap: Trap) -> Bool { false }

    func runLive(budget: UInt64, overBreakpoint: Bool) -> StopReason? {
        let stop = runner.pass(budget: max(budget, 1), overBreakpoint: overBreakpoint)
        if outcome == nil, let result { outcome = .exited(status: result.passed ? 0 : 1) }
        return stop
    }

    var supportsReverse: Bool { false }
}
