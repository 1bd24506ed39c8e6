import CHostCalls
import Decoder

/// What the generic executor did with one instruction.
enum SlowResult {
    /// It retired; execution continues at this pc.
    case next(UInt32)
    /// It did not retire; the machine must stop (`hart.pc` is the instruction's pc).
    case stop(StopReason)
}

extension Interpreter {
    /// Executes any instruction at `pc` straight from its `Instruction` value: the path
    /// for everything the loop has no fast handler for (CSRs, system instructions, atomics,
    /// branches whose target leaves the code) and for stepping over a breakpoint.
    /// It is also a second, simple implementation of every instruction that tests compare
    /// the fast handlers against; both call the same `Semantics`.
    @inline(never)
    static func executeSlow(_ machine: Machine, pc: UInt32) -> SlowResult {
        guard let inst = machine.instruction(at: pc) else {
            return .stop(.trap(Trap(.instructionAccessFault, value: pc, pc: pc)))
        }
        guard inst.opcode != .illegal, machine.isa.allows(inst) else {
            return .stop(.trap(Trap(.illegalInstruction, value: inst.raw, pc: pc)))
        }
        return GenericStep(machine: machine, inst: inst, pc: pc).execute()
    }

    /// Zicsr: read the old value, write the new one, with the spec's rules on which forms
    /// write (§9.1: CSRRS/CSRRC with rs1 = x0, or uimm = 0, do not write; CSRRW with
    /// rd = x0 does not read).
    static func executeCSR(_ machine: Machine, _ inst: Instruction, pc: UInt32, next: UInt32) -> SlowResult {
        let hart = machine.hart
        let csr = UInt16(truncatingIfNeeded: inst.imm) & 0xFFF
        let illegal = SlowResult.stop(.trap(Trap(.illegalInstruction, value: inst.raw, pc: pc)))
        let operand: UInt32
        switch inst.opcode {
        case .csrrwi, .csrrsi, .csrrci: operand = UInt32(inst.rs1)
        default: operand = hart[Int(inst.rs1)]
        }
        let isWrite: Bool
        switch inst.opcode {
        case .csrrw, .csrrwi: isWrite = true
        default: isWrite = inst.rs1 != 0
        }
        let readsOld = !(inst.rd == 0 && (inst.opcode == .csrrw || inst.opcode == .csrrwi))
        var old: UInt32 = 0
        if readsOld || isWrite {
            guard let value = machine.csrs.read(csr, hart: hart) else { return illegal }
            old = value
        }
        if isWrite {
            let new: UInt32
            switch inst.opcode {
            case .csrrw, .csrrwi: new = operand
            case .csrrs, .csrrsi: new = old | operand
            default: new = old & ~operand
            }
            guard machine.csrs.write(csr, new, hart: hart) else { return illegal }
        }
        hart[Int(inst.rd)] = old
        return .next(next)
    }

    /// The A extension. AMOs and LR/SC need natural alignment (a misaligned address raises
    /// a store/AMO address-misaligned exception, §8.4); the reservation covers one word and
    /// is cleared by SC, by any store through the slow path, and by traps.
    static func executeAtomic(_ machine: Machine, _ inst: Instruction, pc: UInt32, next: UInt32) -> SlowResult {
        let hart = machine.hart
        var address = hart[Int(inst.rs1)]
        let source = hart[Int(inst.rs2)]
        let rd = Int(inst.rd)
        if address & 3 != 0 {
            let cause: TrapCause = inst.opcode == .lrW ? .loadAddressMisaligned : .storeAddressMisaligned
            return .stop(.trap(Trap(cause, value: address, pc: pc)))
        }
        // Bare metal under Sv32 or PMP: LR is a load; SC and the AMOs are stores (§10.3.2).
        // The reservation holds the physical address. Access faults below report it too
        // (a documented simplification: tval should be the virtual address).
        switch machine.dataAddress(address, width: 4, inst.opcode == .lrW ? .load : .store, pc: pc) {
        case .success(let translated): address = translated
        case .failure(let fault): return .stop(.trap(fault))
        }
        if machine.memory.isSharedByThreads { return executeSharedAtomic(machine, inst, address: address, pc: pc, next: next) }
        if inst.opcode == .lrW {
            guard let value = machine.memory.loadPointer(address, count: 4)?.load(as: UInt32.self) else {
                return .stop(.trap(Trap(.loadAccessFault, value: address, pc: pc)))
            }
            hart[rd] = value
            machine.reservation = address
            return .next(next)
        }
        guard machine.memory.check(address, count: 4, has: [.read, .write]),
            let host = machine.memory.hostPointer(address, count: 4)
        else { return .stop(.trap(Trap(.storeAccessFault, value: address, pc: pc))) }
        if inst.opcode == .scW {
            let held = machine.reservation == address
            machine.reservation = nil
            if held {
                if let fault = machine.memory.storeSlow(address, width: 4, value: source, pc: pc) {
                    return .stop(.trap(fault))
                }
            }
            hart[rd] = held ? 0 : 1
            return .next(next)
        }
        let old = host.load(as: UInt32.self)
        let new: UInt32
        switch inst.opcode {
        case .amoswapW: new = source
        case .amoaddW: new = old &+ source
        case .amoxorW: new = old ^ source
        case .amoandW: new = old & source
        case .amoorW: new = old | source
        case .amominW: new = Int32(bitPattern: old) < Int32(bitPattern: source) ? old : source
        case .amomaxW: new = Int32(bitPattern: old) > Int32(bitPattern: source) ? old : source
        case .amominuW: new = min(old, source)
        default: new = max(old, source)
        }
        if let fault = machine.memory.storeSlow(address, width: 4, value: new, pc: pc) {
            return .stop(.trap(fault))
        }
        machine.reservation = nil
        hart[rd] = old
        return .next(next)
    }
}

/// One instruction being run by the generic executor: its operands, read once, and the
/// effects each form has. `execute()`, the switch over every opcode, is generated from the
/// instruction table (`Generated/GenericStep+Opcodes.swift`).
struct GenericStep {
    let machine: Machine
    let inst: Instruction
    let pc: UInt32
    /// rs1's and rs2's values.
    let x1: UInt32, x2: UInt32
    /// The immediate's bits, as the semantics functions take them.
    let imm: UInt32
    /// The pc of the next instruction.
    let next: UInt32

    init(machine: Machine, inst: Instruction, pc: UInt32) {
        self.machine = machine
        self.inst = inst
        self.pc = pc
        x1 = machine.hart[Int(inst.rs1)]
        x2 = machine.hart[Int(inst.rs2)]
        imm = UInt32(bitPattern: inst.imm)
        next = pc &+ UInt32(inst.length)
    }

    func trap(_ cause: TrapCause, _ value: UInt32) -> SlowResult { .stop(.trap(Trap(cause, value: value, pc: pc))) }

    // MARK: - Forms

    /// rd = `value`.
    func alu(_ value: UInt32) -> SlowResult {
        machine.hart[Int(inst.rd)] = value
        return .next(next)
    }

    /// rd = the link value; pc = `target` (§2.5.1: misaligned for the ISA traps here).
    func jump(_ target: UInt32) -> SlowResult {
        if target & (machine.isa.c ? 1 : 3) != 0 { return trap(.instructionAddressMisaligned, target) }
        machine.hart[Int(inst.rd)] = next
        return .next(target)
    }

    func branch(_ taken: Bool) -> SlowResult {
        guard taken else { return .next(next) }
        let target = pc &+ imm
        if target & (machine.isa.c ? 1 : 3) != 0 { return trap(.instructionAddressMisaligned, target) }
        return .next(target)
    }

    /// rd = `extend`(the `width` bytes at rs1 + imm).
    func load(width: UInt32, _ extend: (UnsafeRawPointer) -> UInt32) -> SlowResult {
        let address = x1 &+ imm
        let physical: UInt32
        switch machine.dataAddress(address, width: width, .load, pc: pc) {
        case .success(let translated): physical = translated
        case .failure(let fault): return .stop(.trap(fault))
        }
        guard let host = machine.memory.loadPointer(physical, count: width) else {
            return trap(.loadAccessFault, address)
        }
        machine.hart[Int(inst.rd)] = extend(host)
        return .next(next)
    }

    /// The low `width` bytes of rs2 to rs1 + imm, through the memory's checked store.
    func store(width: UInt32) -> SlowResult {
        let address = x1 &+ imm
        let physical: UInt32
        switch machine.dataAddress(address, width: width, .store, pc: pc) {
        case .success(let translated): physical = translated
        case .failure(let fault): return .stop(.trap(fault))
        }
        if var fault = machine.memory.storeSlow(physical, width: width, value: x2, pc: pc) {
            fault.value = address  // tval is the virtual address (§3.1.16)
            return .stop(.trap(fault))
        }
        machine.reservation = nil
        return .next(next)
    }

    /// No effect with one hart and coherent memory. With threads, a fence reaches here
    /// only when it orders earlier stores before later loads (see `Lowering.lower`): the
    /// one ordering x86-64's TSO does not give, so it is a host full barrier.
    func fence() -> SlowResult {
        if machine.memory.isSharedByThreads { emu_full_fence() }
        return .next(next)
    }

    // MARK: - Instructions with no fast form

    func illegalInstruction() -> SlowResult { trap(.illegalInstruction, inst.raw) }

    func environmentCall() -> SlowResult {
        switch machine.hart.privilege {
        case .user: trap(.environmentCallFromU, 0)
        case .supervisor: trap(.environmentCallFromS, 0)
        case .machine: trap(.environmentCallFromM, 0)
        }
    }

    func breakpoint() -> SlowResult { trap(.breakpoint, pc) }

    /// `fence.i`: the decoded cache forgets everything.
    func instructionFence() -> SlowResult {
        machine.codeChanged()
        return .next(next)
    }

    func csr() -> SlowResult { Interpreter.executeCSR(machine, inst, pc: pc, next: next) }

    func machineReturn() -> SlowResult {
        guard machine.hart.privilege == .machine, machine.csrs.machineMode else { return illegalInstruction() }
        return .next(machine.returnFromTrap())
    }

    /// SRET: legal in S (unless mstatus.TSR traps it, §3.1.6.6) and M; illegal in U and
    /// for Linux guests.
    func supervisorReturn() -> SlowResult {
        let privilege = machine.hart.privilege
        guard machine.csrs.machineMode, privilege != .user,
            !(privilege == .supervisor && machine.csrs.mstatus & CSRFile.Status.tsr != 0)
        else { return illegalInstruction() }
        return .next(machine.returnFromSupervisorTrap())
    }

    /// SFENCE.VMA: legal in S (unless mstatus.TVM traps it) and M. emu keeps no
    /// translations yet, but the decoded code cache may hold instructions fetched through
    /// the old mapping, so it is flushed as FENCE.I does.
    func supervisorFence() -> SlowResult {
        let privilege = machine.hart.privilege
        guard machine.csrs.machineMode, privilege != .user, !machine.csrs.virtualMemoryTrapped(privilege) else {
            return illegalInstruction()
        }
        machine.codeChanged()
        return .next(next)
    }

    /// WFI may complete at once (§3.3.3: a legal implementation is a no-op); the
    /// bare-metal runner takes any interrupt that is then pending before the next
    /// instruction. Illegal in U, and in S when mstatus.TW is set (emu's time limit for
    /// the wait is zero).
    func waitForInterrupt() -> SlowResult {
        let privilege = machine.hart.privilege
        guard machine.csrs.machineMode, privilege != .user else { return illegalInstruction() }
        if privilege == .supervisor, machine.csrs.mstatus & CSRFile.Status.tw != 0 { return illegalInstruction() }
        return .next(next)
    }

    func atomic() -> SlowResult { Interpreter.executeAtomic(machine, inst, pc: pc, next: next) }
}
