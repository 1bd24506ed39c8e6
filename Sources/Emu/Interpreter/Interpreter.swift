import Decoder

/// Counting discipline of one run of the loop, chosen at compile time by specialisation.
protocol CountingMode {
    /// True: check the budget before every instruction (exact stop). False: only at
    /// backward branches and indirect jumps (the caller leaves headroom, see `run`).
    static var exact: Bool { get }
}
enum ExactCounting: CountingMode { static var exact: Bool { true } }
enum BatchedCounting: CountingMode { static var exact: Bool { false } }

/// The dispatch loop: runs a machine's hart until something needs the caller.
public enum Interpreter {
    /// Runs at most `budget` instructions and returns why it stopped.
    ///
    /// The budget is exact. The fast loop only checks it at backward branches and indirect
    /// jumps; between two such checks at most `code.count` instructions can run (every other
    /// transfer moves strictly forward through the cache), so the fast loop is given the
    /// budget minus that headroom and an exact loop runs whatever remains.
    public static func run(_ machine: Machine, budget: UInt64) -> StopReason {
        let start = machine.hart.instret
        let limit = start.addingReportingOverflow(budget).overflow ? UInt64.max : start &+ budget
        let headroom = UInt64(machine.code.count) + 2
        if budget > headroom {
            let stop = loop(machine, limit: limit &- headroom, BatchedCounting.self)
            guard stop == .budgetExhausted else { return stop }
        }
        return loop(machine, limit: limit, ExactCounting.self)
    }

    /// Runs exactly one instruction (the debugger's step), even over a breakpoint at pc.
    public static func step(_ machine: Machine) -> StopReason? {
        let code = machine.code
        let pc = machine.hart.pc
        if code.contains(pc), code.entries[code.index(of: pc)].handler == .breakpoint {
            return stepGeneric(machine)
        }
        let stop = run(machine, budget: 1)
        return stop == .budgetExhausted ? nil : stop
    }

    /// Runs the instruction at pc through the generic executor; nil when it retired.
    static func stepGeneric(_ machine: Machine) -> StopReason? {
        switch executeSlow(machine, pc: machine.hart.pc) {
        case .next(let pc):
            machine.hart.pc = pc
            retire(machine)
            return machine.pendingStop.map { stop in machine.pendingStop = nil; return stop }
        case .stop(let reason):
            return reason
        }
    }

    /// Counts one retired instruction from a cold path, honouring a minstret write.
    @inline(__always)
    static func retire(_ machine: Machine) {
        if machine.csrs.suppressInstretIncrement {
            machine.csrs.suppressInstretIncrement = false
        } else {
            machine.hart.instret &+= 1
        }
    }

    // The loop keeps pc as `ip`, a pointer into the decoded cache, and every other piece of
    // hot state (registers, memory window, counter) in locals: taking the address of any of
    // them would keep it in memory instead of a host register. The guest pc is recomputed
    // from `ip` only where it is needed (exits, traps, jalr).
    @inline(__always)
    static func loop<Mode: CountingMode>(_ machine: Machine, limit: UInt64, _: Mode.Type)
        -> StopReason
    {
        let hart = machine.hart
        let regs = hart.registers
        let memory = machine.memory
        let arena = memory.arena
        let memBase = memory.base
        let memSize = memory.size
        let storeStart = memory.storeWindowStart
        let storeSize = memory.storeWindowSize
        // Host address of guest `storeStart`; only dereferenced after the window check.
        let storeHost = arena + Int(Int64(storeStart) - Int64(memBase))
        let code = machine.code
        let entries = code.entries
        let codeStart = code.start
        let codeSpan = code.end &- code.start
        let jumpAlignMask: UInt32 = machine.isa.c ? 1 : 3
        var count = hart.instret

        guard code.contains(hart.pc) else {
            return .trap(Trap(.instructionAccessFault, value: hart.pc, pc: hart.pc))
        }
        var ip = entries + code.index(of: hart.pc)

        @inline(__always) func currentPC() -> UInt32 {
            codeStart &+ UInt32(truncatingIfNeeded: entries.distance(to: ip)) &* 2
        }
        @inline(__always) func exit(_ reason: StopReason) -> StopReason {
            hart.pc = currentPC()
            hart.instret = count
            return reason
        }

        while true {
            if Mode.exact && count >= limit { return exit(.budgetExhausted) }
            let op = ip.pointee
            let rd = Int(op.rd), rs1 = Int(op.rs1), rs2 = Int(op.rs2)
            switch op.handler {
            case .li: regs[rd] = UInt32(bitPattern: op.imm)
            case .addi: regs[rd] = regs[rs1] &+ UInt32(bitPattern: op.imm)
            case .slti: regs[rd] = Int32(bitPattern: regs[rs1]) < op.imm ? 1 : 0
            case .sltiu: regs[rd] = regs[rs1] < UInt32(bitPattern: op.imm) ? 1 : 0
            case .xori: regs[rd] = regs[rs1] ^ UInt32(bitPattern: op.imm)
            case .ori: regs[rd] = regs[rs1] | UInt32(bitPattern: op.imm)
            case .andi: regs[rd] = regs[rs1] & UInt32(bitPattern: op.imm)
            case .slli: regs[rd] = regs[rs1] &<< UInt32(bitPattern: op.imm)
            case .srli: regs[rd] = regs[rs1] &>> UInt32(bitPattern: op.imm)
            case .srai: regs[rd] = UInt32(bitPattern: Int32(bitPattern: regs[rs1]) &>> op.imm)
            case .add: regs[rd] = regs[rs1] &+ regs[rs2]
            case .sub: regs[rd] = regs[rs1] &- regs[rs2]
            // §2.4.2: shifts use the low five bits of rs2; `&<<` masks exactly that way.
            case .sll: regs[rd] = regs[rs1] &<< regs[rs2]
            case .slt: regs[rd] = Int32(bitPattern: regs[rs1]) < Int32(bitPattern: regs[rs2]) ? 1 : 0
            case .sltu: regs[rd] = regs[rs1] < regs[rs2] ? 1 : 0
            case .xor: regs[rd] = regs[rs1] ^ regs[rs2]
            case .srl: regs[rd] = regs[rs1] &>> regs[rs2]
            case .sra: regs[rd] = UInt32(bitPattern: Int32(bitPattern: regs[rs1]) &>> Int32(bitPattern: regs[rs2]))
            case .or: regs[rd] = regs[rs1] | regs[rs2]
            case .and: regs[rd] = regs[rs1] & regs[rs2]
            case .mul: regs[rd] = regs[rs1] &* regs[rs2]
            case .mulh:
                let product = Int64(Int32(bitPattern: regs[rs1])) &* Int64(Int32(bitPattern: regs[rs2]))
                regs[rd] = UInt32(truncatingIfNeeded: product >> 32)
            case .mulhsu:
                let product = Int64(Int32(bitPattern: regs[rs1])) &* Int64(regs[rs2])
                regs[rd] = UInt32(truncatingIfNeeded: product >> 32)
            case .mulhu:
                regs[rd] = UInt32(truncatingIfNeeded: (UInt64(regs[rs1]) &* UInt64(regs[rs2])) >> 32)
            case .div: regs[rd] = Arithmetic.div(regs[rs1], regs[rs2])
            case .divu: regs[rd] = Arithmetic.divu(regs[rs1], regs[rs2])
            case .rem: regs[rd] = Arithmetic.rem(regs[rs1], regs[rs2])
            case .remu: regs[rd] = Arithmetic.remu(regs[rs1], regs[rs2])

            // Loads: one unsigned compare against the arena; the guard bytes after the arena
            // absorb the tail of a multi-byte access at its last address.
            case .lb, .lh, .lw, .lbu, .lhu:
                let address = regs[rs1] &+ UInt32(bitPattern: op.imm)
                let offset = address &- memBase
                guard offset < memSize else {
                    return exit(.trap(Trap(.loadAccessFault, value: address, pc: currentPC())))
                }
                let host = arena + Int(offset)
                switch op.handler {
                case .lb: regs[rd] = UInt32(bitPattern: Int32(host.load(as: Int8.self)))
                case .lbu: regs[rd] = UInt32(host.load(as: UInt8.self))
                case .lh: regs[rd] = UInt32(bitPattern: Int32(host.loadUnaligned(as: Int16.self)))
                case .lhu: regs[rd] = UInt32(host.loadUnaligned(as: UInt16.self))
                default: regs[rd] = host.loadUnaligned(as: UInt32.self)
                }
            case .sb, .sh, .sw:
                let address = regs[rs1] &+ UInt32(bitPattern: op.imm)
                let value = regs[rs2]
                let offset = address &- storeStart
                if offset < storeSize {
                    let host = storeHost + Int(offset)
                    switch op.handler {
                    case .sb: host.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
                    case .sh: host.storeBytes(of: UInt16(truncatingIfNeeded: value), as: UInt16.self)
                    default: host.storeBytes(of: value, as: UInt32.self)
                    }
                } else {
                    let width: UInt32 = op.handler == .sb ? 1 : op.handler == .sh ? 2 : 4
                    if let trap = memory.storeSlow(address, width: width, value: value, pc: currentPC()) {
                        return exit(.trap(trap))
                    }
                    if machine.reservation != nil { machine.reservation = nil }
                    if let stop = machine.pendingStop {
                        machine.pendingStop = nil
                        count &+= 1
                        ip += Int(op.next)
                        return exit(stop)
                    }
                }

            // Branches: the target distance was validated at decode time.
            case .beq, .bne, .blt, .bge, .bltu, .bgeu:
                let a = regs[rs1], b = regs[rs2]
                let taken: Bool
                switch op.handler {
                case .beq: taken = a == b
                case .bne: taken = a != b
                case .blt: taken = Int32(bitPattern: a) < Int32(bitPattern: b)
                case .bge: taken = Int32(bitPattern: a) >= Int32(bitPattern: b)
                case .bltu: taken = a < b
                default: taken = a >= b
                }
                count &+= 1
                if taken {
                    ip += Int(op.aux)
                    if !Mode.exact && op.aux < 0 && count >= limit { return exit(.budgetExhausted) }
                } else {
                    ip += Int(op.next)
                }
                continue
            case .jal:
                regs[rd] = UInt32(bitPattern: op.imm)
                count &+= 1
                ip += Int(op.aux)
                if !Mode.exact && op.aux < 0 && count >= limit { return exit(.budgetExhausted) }
                continue
            case .jalr:
                // §2.5.1: the target's bit 0 is cleared; rd is written after rs1 is read.
                let target = (regs[rs1] &+ UInt32(bitPattern: op.imm)) & ~1
                if target & jumpAlignMask != 0 {
                    return exit(.trap(Trap(.instructionAddressMisaligned, value: target, pc: currentPC())))
                }
                regs[rd] = UInt32(bitPattern: op.aux)
                count &+= 1
                guard target &- codeStart < codeSpan else {
                    hart.pc = target
                    hart.instret = count
                    return .trap(Trap(.instructionAccessFault, value: target, pc: target))
                }
                ip = entries + Int((target &- codeStart) >> 1)
                if !Mode.exact && count >= limit { return exit(.budgetExhausted) }
                continue
            case .nop: break

            case .notDecoded:
                ip.pointee = decodeEntry(machine, pc: currentPC())
                continue
            case .fetchFault:
                let pc = currentPC()
                return exit(.trap(Trap(.instructionAccessFault, value: pc, pc: pc)))
            case .illegal:
                return exit(.trap(Trap(.illegalInstruction, value: UInt32(bitPattern: op.imm), pc: currentPC())))
            case .breakpoint:
                return exit(.breakpoint)
            case .slow:
                hart.pc = currentPC()
                hart.instret = count
                switch executeSlow(machine, pc: hart.pc) {
                case .stop(let reason):
                    return reason
                case .next(let next):
                    retire(machine)
                    count = hart.instret
                    hart.pc = next
                    if let stop = machine.pendingStop {
                        machine.pendingStop = nil
                        return stop
                    }
                    guard code.contains(next) else {
                        return .trap(Trap(.instructionAccessFault, value: next, pc: next))
                    }
                    ip = entries + code.index(of: next)
                    if !Mode.exact && count >= limit { return exit(.budgetExhausted) }
                    continue
                }
            }
            count &+= 1
            ip += Int(op.next)
        }
    }

    /// Fills a cache entry: fetches the bits at `pc`, decodes and lowers them.
    @inline(never)
    static func decodeEntry(_ machine: Machine, pc: UInt32) -> DecodedOp {
        guard let instruction = machine.instruction(at: pc) else { return DecodedOp(.fetchFault) }
        return Lowering.lower(instruction, pc: pc, code: machine.code, isa: machine.isa)
    }
}
