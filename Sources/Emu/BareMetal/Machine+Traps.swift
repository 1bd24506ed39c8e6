/// Machine-mode trap entry and return (privileged spec §3.1.6, §3.3.2).
extension Machine {
    /// Takes `trap` into machine mode: records cause, epc and tval, stacks MIE into MPIE and
    /// the privilege into MPP, and jumps to `mtvec`.
    public func enterTrap(_ trap: Trap) {
        let csrs = self.csrs
        csrs.mepc = trap.pc
        csrs.mcause = trap.cause.rawValue
        csrs.mtval = trap.value
        let mie = (csrs.mstatus >> 3) & 1
        csrs.mstatus = csrs.mstatus & ~(1 << 7 | 1 << 3 | 3 << 11)
            | mie << 7 | UInt32(hart.privilege.rawValue) << 11
        hart.privilege = .machine
        reservation = nil
        hart.pc = csrs.mtvec
    }

    /// MRET: restores the privilege from MPP and MIE from MPIE; returns the pc to resume at.
    func returnFromTrap() -> UInt32 {
        let csrs = self.csrs
        let mpp = (csrs.mstatus >> 11) & 3
        let mpie = (csrs.mstatus >> 7) & 1
        csrs.mstatus = csrs.mstatus & ~(1 << 3 | 3 << 11) | mpie << 3 | 1 << 7
        hart.privilege = mpp == 3 ? .machine : .user
        return csrs.mepc
    }
}
