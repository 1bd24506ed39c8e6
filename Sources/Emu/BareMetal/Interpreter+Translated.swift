import Decoder

/// One instruction under Sv32 (bare metal only; see `Machine+Sv32.swift`).
extension Interpreter {
    /// Fetches the instruction at the virtual pc through the page tables, then runs it in
    /// the generic executor with data translation on. Returns nil when it retired (pc and
    /// instret advanced), else why it stopped; a fault leaves pc at the instruction.
    public static func stepTranslated(_ machine: Machine) -> StopReason? {
        let hart = machine.hart
        let pc = hart.pc
        let dataPrivilege = machine.dataPrivilege
        machine.translatesData = machine.translates(at: dataPrivilege) || machine.pmpChecks(at: dataPrivilege)
        defer { machine.translatesData = false }
        let inst: Instruction
        switch fetchTranslated(machine, pc: pc) {
        case .success(let fetched): inst = fetched
        case .failure(let trap): return .trap(trap)
        }
        guard inst.opcode != .illegal, machine.isa.allows(inst) else {
            return .trap(Trap(.illegalInstruction, value: inst.raw, pc: pc))
        }
        switch GenericStep(machine: machine, inst: inst, pc: pc).execute() {
        case .next(let next):
            hart.pc = next
            retire(machine)
            return machine.pendingStop.map { stop in machine.pendingStop = nil; return stop }
        case .stop(let reason):
            return reason
        }
    }

    /// Decodes the instruction at virtual `pc`: each half-word's page is translated on
    /// its own, since a 4-byte instruction may straddle two pages (tval then names the
    /// half that faulted).
    static func fetchTranslated(_ machine: Machine, pc: UInt32) -> Result<Instruction, Trap> {
        func half(_ address: UInt32) -> Result<UInt32, Trap> {
            switch machine.translate(address, .fetch) {
            case .success(let physical):
                guard machine.memory.check(physical, count: 2, has: .execute),
                    machine.pmpPermits(physical, width: 2, .fetch, machine.hart.privilege),
                    let pointer = machine.memory.hostPointer(physical, count: 2)
                else { return .failure(Trap(.instructionAccessFault, value: address, pc: pc)) }
                return .success(UInt32(pointer.loadUnaligned(as: UInt16.self)))
            case .failure(let cause):
                return .failure(Trap(cause, value: address, pc: pc))
            }
        }
        let low: UInt32
        switch half(pc) {
        case .success(let value): low = value
        case .failure(let trap): return .failure(trap)
        }
        if low & 3 != 3 { return .success(decode(low)) }
        switch half(pc &+ 2) {
        case .success(let high): return .success(decode(low | high << 16))
        case .failure(let trap): return .failure(trap)
        }
    }
}

extension Machine {
    /// The instruction the next step will run, fetched as that step will fetch it (through
    /// the page tables when Sv32 is on for the hart's mode), or nil when the fetch faults.
    /// For `--trace`: a translated fetch may set the PTE's A bit, as the step right after
    /// it would anyway.
    public func nextInstruction() -> Instruction? {
        let pc = hart.pc
        guard translates(at: hart.privilege) else { return instruction(at: pc) }
        guard case .success(let fetched) = Interpreter.fetchTranslated(self, pc: pc) else { return nil }
        return fetched
    }
}
