/// The supervisor-mode CSRs that are not views of machine-mode ones (privileged spec §10).
///
/// `sstatus`, `sie` and `sip` have no storage of their own: they are windows onto
/// `mstatus`, `mie` and `mip` (`CSRFile+Supervisor.swift`). Kept in a struct of its own so
/// that the machine-mode state in `CSRFile` and this state change independently.
public struct SupervisorCSRs: Sendable, Equatable {
    /// `stvec`: BASE and MODE, direct or vectored (`TrapVector`).
    public var stvec: UInt32 = 0
    public var sscratch: UInt32 = 0
    public var sepc: UInt32 = 0
    public var scause: UInt32 = 0
    public var stval: UInt32 = 0
    /// `satp`: MODE (bit 31, Sv32 when set) and PPN (bits 21:0); the ASID field is
    /// hardwired to zero (ASIDLEN = 0 is allowed, §10.1.11).
    public var satp: UInt32 = 0
    public var scounteren: UInt32 = 0
    /// `senvcfg`: only FIOM (bit 0) is writable; the CBO fields are absent.
    public var senvcfg: UInt32 = 0

    /// All zero, as after reset.
    public init() {}
}
