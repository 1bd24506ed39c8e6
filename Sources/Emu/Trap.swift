/// An exception the RISC-V ISA raises, numbered as `mcause` numbers it (privileged spec §3.1.15).
///
/// This is what the *architecture* raises; what happens next (a Linux signal, a trap into
/// `mtvec`, a stop in the debugger) is the environment's decision.
public enum TrapCause: UInt32, Sendable, Equatable {
    case instructionAddressMisaligned = 0
    case instructionAccessFault = 1
    case illegalInstruction = 2
    case breakpoint = 3
    case loadAddressMisaligned = 4
    case loadAccessFault = 5
    case storeAddressMisaligned = 6
    case storeAccessFault = 7
    case environmentCallFromU = 8
    case environmentCallFromS = 9
    case environmentCallFromM = 11
    /// Sv32 page faults (bare metal only: a Linux guest has no address translation).
    case instructionPageFault = 12
    case loadPageFault = 13
    case storePageFault = 15
}

/// A raised exception: its cause, the value for `mtval`, and the pc of the instruction.
public struct Trap: Sendable, Equatable {
    /// Why the instruction could not complete.
    public var cause: TrapCause
    /// The faulting address, or the instruction bits for an illegal instruction.
    public var value: UInt32
    /// The pc of the instruction that raised it.
    public var pc: UInt32

    /// Creates a trap value.
    public init(_ cause: TrapCause, value: UInt32, pc: UInt32) {
        self.cause = cause
        self.value = value
        self.pc = pc
    }
}
