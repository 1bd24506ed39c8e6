/// Trap entry and return for machine and supervisor mode (privileged spec §3.1.6, §3.3.2,
/// §10.1.1): delegation through `medeleg`/`mideleg`, interrupts, MRET and SRET.
extension Machine {
    /// Takes the exception `trap`: into S-mode when it happened below M and `medeleg`
    /// delegates its cause, otherwise into M-mode.
    public func enterTrap(_ trap: Trap) {
        take(code: trap.cause.rawValue, interrupt: false, value: trap.value, epc: trap.pc)
    }

    /// The interrupt the hart takes now, if any: the highest-priority pending and enabled
    /// one whose target mode's global enable allows it (§3.1.9). An interrupt for M is
    /// enabled below M always and in M when mstatus.MIE is set; one delegated to S is
    /// enabled in U always, in S when mstatus.SIE is set, and never in M.
    public func takeableInterrupt() -> UInt32? {
        let csrs = self.csrs
        let pending = csrs.mip & csrs.mie
        guard pending != 0 else { return nil }
        let privilege = hart.privilege
        let machineEnabled = privilege != .machine || csrs.mstatus & CSRFile.Status.mie != 0
        let supervisorEnabled = privilege == .user
            || (privilege == .supervisor && csrs.mstatus & CSRFile.Status.sie != 0)
        for code in CSRFile.Interrupt.priority where pending >> code & 1 == 1 {
            let delegated = csrs.mideleg >> code & 1 == 1
            if delegated ? supervisorEnabled : machineEnabled { return code }
        }
        return nil
    }

    /// Takes interrupt `code` before the instruction at pc (which becomes the epc).
    public func enterInterrupt(_ code: UInt32) {
        take(code: code, interrupt: true, value: 0, epc: hart.pc)
    }

    /// Records cause, epc and tval in the target mode's CSRs, stacks its interrupt enable
    /// and the previous privilege, and jumps to its trap vector (direct or vectored mode).
    private func take(code: UInt32, interrupt: Bool, value: UInt32, epc: UInt32) {
        let csrs = self.csrs
        let cause = interrupt ? 1 << 31 | code : code
        let delegation = interrupt ? csrs.mideleg : csrs.medeleg
        // Traps taken in M never go down to S (§3.1.8), whatever medeleg says.
        if hart.privilege != .machine, code < 32, delegation >> code & 1 == 1 {
            csrs.supervisor.sepc = epc
            csrs.supervisor.scause = cause
            csrs.supervisor.stval = value
            let sie = (csrs.mstatus & CSRFile.Status.sie) != 0
            let spp = hart.privilege == .supervisor
            csrs.mstatus = csrs.mstatus & ~(CSRFile.Status.spie | CSRFile.Status.sie | CSRFile.Status.spp)
                | (sie ? CSRFile.Status.spie : 0) | (spp ? CSRFile.Status.spp : 0)
            hart.privilege = .supervisor
            hart.pc = TrapVector.target(csrs.supervisor.stvec, code: code, interrupt: interrupt)
        } else {
            csrs.mepc = epc
            csrs.mcause = cause
            csrs.mtval = value
            let mie = (csrs.mstatus & CSRFile.Status.mie) != 0
            csrs.mstatus = csrs.mstatus & ~(CSRFile.Status.mpie | CSRFile.Status.mie | CSRFile.Status.mpp)
                | (mie ? CSRFile.Status.mpie : 0) | UInt32(hart.privilege.rawValue) << CSRFile.Status.mppShift
            hart.privilege = .machine
            hart.pc = TrapVector.target(csrs.mtvec, code: code, interrupt: interrupt)
        }
        reservation = nil
    }

    /// MRET: restores the privilege from MPP and MIE from MPIE, sets MPP to U and clears
    /// MPRV when leaving M (§3.1.6.1); returns the pc to resume at.
    func returnFromTrap() -> UInt32 {
        let csrs = self.csrs
        let mpp = (csrs.mstatus & CSRFile.Status.mpp) >> CSRFile.Status.mppShift
        let mpie = (csrs.mstatus & CSRFile.Status.mpie) != 0
        let privilege = PrivilegeMode(rawValue: UInt8(mpp)) ?? .user
        var status = csrs.mstatus & ~(CSRFile.Status.mie | CSRFile.Status.mpp) | CSRFile.Status.mpie
        if mpie { status |= CSRFile.Status.mie }
        if privilege != .machine { status &= ~CSRFile.Status.mprv }
        csrs.mstatus = status
        hart.privilege = privilege
        // A lower privilege (or MIE set again) can make a pending interrupt takeable.
        csrs.interruptsChanged?()
        return csrs.mepc
    }

    /// SRET: restores the privilege from SPP and SIE from SPIE, sets SPP to U and clears
    /// MPRV (SRET never returns to M); returns the pc to resume at.
    func returnFromSupervisorTrap() -> UInt32 {
        let csrs = self.csrs
        let spp = (csrs.mstatus & CSRFile.Status.spp) != 0
        let spie = (csrs.mstatus & CSRFile.Status.spie) != 0
        var status = csrs.mstatus & ~(CSRFile.Status.sie | CSRFile.Status.spp | CSRFile.Status.mprv)
            | CSRFile.Status.spie
        if spie { status |= CSRFile.Status.sie }
        csrs.mstatus = status
        hart.privilege = spp ? .supervisor : .user
        csrs.interruptsChanged?()
        return csrs.supervisor.sepc
    }
}
