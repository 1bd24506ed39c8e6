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
    /// the fast handlers against.
    @inline(never)
    static func executeSlow(_ machine: Machine, pc: UInt32) -> SlowResult {
        let hart = machine.hart
        guard let inst = machine.instruction(at: pc) else {
            return .stop(.trap(Trap(.instructionAccessFault, value: pc, pc: pc)))
        }
        guard inst.opcode != .illegal, machine.isa.allows(inst) else {
            return .stop(.trap(Trap(.illegalInstruction, value: inst.raw, pc: pc)))
        }
        let x1 = hart[Int(inst.rs1)], x2 = hart[Int(inst.rs2)]
        let imm = UInt32(bitPattern: inst.imm)
        let rd = Int(inst.rd)
        let next = pc &+ UInt32(inst.length)
        func trap(_ cause: TrapCause, _ value: UInt32) -> SlowResult { .stop(.trap(Trap(cause, value: value, pc: pc))) }
        func jump(_ target: UInt32, link: Bool) -> SlowResult {
            if target & (machine.isa.c ? 1 : 3) != 0 { return trap(.instructionAddressMisaligned, target) }
            if link { hart[rd] = next }
            return .next(target)
        }
        func branch(_ taken: Bool) -> SlowResult { taken ? jump(pc &+ imm, link: false) : .next(next) }
        func load(_ width: UInt32, signed: Bool) -> SlowResult {
            let address = x1 &+ imm
            guard let host = machine.memory.loadPointer(address, count: width) else {
                return trap(.loadAccessFault, address)
            }
            let value: UInt32
            switch (width, signed) {
            case (1, true): value = UInt32(bitPattern: Int32(host.load(as: Int8.self)))
            case (1, false): value = UInt32(host.load(as: UInt8.self))
            case (2, true): value = UInt32(bitPattern: Int32(host.loadUnaligned(as: Int16.self)))
            case (2, false): value = UInt32(host.loadUnaligned(as: UInt16.self))
            default: value = host.loadUnaligned(as: UInt32.self)
            }
            hart[rd] = value
            return .next(next)
        }
        func store(_ width: UInt32) -> SlowResult {
            let address = x1 &+ imm
            if let fault = machine.memory.storeSlow(address, width: width, value: x2, pc: pc) {
                return .stop(.trap(fault))
            }
            machine.reservation = nil
            return .next(next)
        }
        func alu(_ value: UInt32) -> SlowResult {
            hart[rd] = value
            return .next(next)
        }
        switch inst.opcode {
        case .lui: return alu(imm)
        case .auipc: return alu(pc &+ imm)
        case .jal: return jump(pc &+ imm, link: true)
        case .jalr: return jump((x1 &+ imm) & ~1, link: true)
        case .beq: return branch(x1 == x2)
        case .bne: return branch(x1 != x2)
        case .blt: return branch(Int32(bitPattern: x1) < Int32(bitPattern: x2))
        case .bge: return branch(Int32(bitPattern: x1) >= Int32(bitPattern: x2))
        case .bltu: return branch(x1 < x2)
        case .bgeu: return branch(x1 >= x2)
        case .lb: return load(1, signed: true)
        case .lh: return load(2, signed: true)
        case .lw: return load(4, signed: true)
        case .lbu: return load(1, signed: false)
        case .lhu: return load(2, signed: false)
        case .sb: return store(1)
        case .sh: return store(2)
        case .sw: return store(4)
        case .addi: return alu(x1 &+ imm)
        case .slti: return alu(Int32(bitPattern: x1) < inst.imm ? 1 : 0)
        case .sltiu: return alu(x1 < imm ? 1 : 0)
        case .xori: return alu(x1 ^ imm)
        case .ori: return alu(x1 | imm)
        case .andi: return alu(x1 & imm)
        case .slli: return alu(x1 &<< imm)
        case .srli: return alu(x1 &>> imm)
        case .srai: return alu(UInt32(bitPattern: Int32(bitPattern: x1) &>> inst.imm))
        case .add: return alu(x1 &+ x2)
        case .sub: return alu(x1 &- x2)
        case .sll: return alu(x1 &<< x2)
        case .slt: return alu(Int32(bitPattern: x1) < Int32(bitPattern: x2) ? 1 : 0)
        case .sltu: return alu(x1 < x2 ? 1 : 0)
        case .xor: return alu(x1 ^ x2)
        case .srl: return alu(x1 &>> x2)
        case .sra: return alu(UInt32(bitPattern: Int32(bitPattern: x1) &>> Int32(bitPattern: x2)))
        case .or: return alu(x1 | x2)
        case .and: return alu(x1 & x2)
        case .mul: return alu(x1 &* x2)
        case .mulh:
            return alu(UInt32(truncatingIfNeeded: (Int64(Int32(bitPattern: x1)) &* Int64(Int32(bitPattern: x2))) >> 32))
        case .mulhsu: return alu(UInt32(truncatingIfNeeded: (Int64(Int32(bitPattern: x1)) &* Int64(x2)) >> 32))
        case .mulhu: return alu(UInt32(truncatingIfNeeded: (UInt64(x1) &* UInt64(x2)) >> 32))
        case .div: return alu(Arithmetic.div(x1, x2))
        case .divu: return alu(Arithmetic.divu(x1, x2))
        case .rem: return alu(Arithmetic.rem(x1, x2))
        case .remu: return alu(Arithmetic.remu(x1, x2))
        case .fence: return .next(next)
        case .fenceI:
            machine.codeChanged()
            return .next(next)
        case .ecall:
            switch hart.privilege {
            case .user: return trap(.environmentCallFromU, 0)
            case .supervisor: return trap(.environmentCallFromS, 0)
            case .machine: return trap(.environmentCallFromM, 0)
            }
        case .ebreak: return trap(.breakpoint, pc)
        case .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci:
            return executeCSR(machine, inst, pc: pc, next: next)
        case .mret:
            guard hart.privilege == .machine, machine.csrs.machineMode else { return trap(.illegalInstruction, inst.raw) }
            return .next(machine.returnFromTrap())
        case .wfi:
            // No interrupts are ever pending here, so WFI may complete at once (§3.3.3).
            guard hart.privilege == .machine else { return trap(.illegalInstruction, inst.raw) }
            return .next(next)
        case .sret, .sfenceVma, .illegal: return trap(.illegalInstruction, inst.raw)
        case .lrW, .scW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW,
            .amominuW, .amomaxuW:
            return executeAtomic(machine, inst, pc: pc, next: next)
        }
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
        let address = hart[Int(inst.rs1)]
        let source = hart[Int(inst.rs2)]
        let rd = Int(inst.rd)
        if address & 3 != 0 {
            let cause: TrapCause = inst.opcode == .lrW ? .loadAddressMisaligned : .storeAddressMisaligned
            return .stop(.trap(Trap(cause, value: address, pc: pc)))
        }
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
