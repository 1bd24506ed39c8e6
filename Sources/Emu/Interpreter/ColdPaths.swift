/// The out-of-line parts of the threaded handlers: decoding, faults, slow instructions and
/// slow stores. Kept out of the handlers so that their setup code (the machine object,
/// pc arithmetic) never appears on the hot path.
enum ColdPaths {
    /// The machine being run.
    @inline(__always)
    static func machine(_ context: UnsafeMutableRawPointer) -> Machine {
        loopContext(context).pointee.machine.takeUnretainedValue()
    }

    /// The guest pc of entry `ip`.
    @inline(__always)
    static func pc(_ ip: UnsafeMutableRawPointer, _ context: UnsafeMutableRawPointer) -> UInt32 {
        let c = loopContext(context)
        let entries = (ip - c.pointee.entries) / DecodedOp.stride
        return c.pointee.codeStart &+ UInt32(truncatingIfNeeded: entries) &* 2
    }

    /// Ends the run at entry `ip` with `reason`; returns the count for the handler to return.
    @inline(never)
    static func stop(_ ip: UnsafeMutableRawPointer, _ count: UInt64, _ context: UnsafeMutableRawPointer,
                     _ reason: StopReason) -> UInt64 {
        let c = loopContext(context)
        c.pointee.stop = reason
        c.pointee.stopIP = ip
        c.pointee.stopCount = count
        return count
    }

    /// Ends the run at a pc that has no entry (a jump out of the code).
    static func stop(atPC pc: UInt32, _ count: UInt64, _ context: UnsafeMutableRawPointer,
                     _ reason: StopReason) -> UInt64 {
        let c = loopContext(context)
        c.pointee.stop = reason
        c.pointee.stopPC = pc
        c.pointee.stopCount = count
        return count
    }

    /// Fills the entry at `ip`: fetches the bits at its pc, decodes and lowers them.
    @inline(never)
    static func decode(_ ip: UnsafeMutableRawPointer, _ context: UnsafeMutableRawPointer) {
        let machine = machine(context)
        let pc = pc(ip, context)
        let code = machine.code
        let op: DecodedOp
        if let instruction = machine.instruction(at: pc) {
            op = Lowering.lower(instruction, pc: pc, code: code, isa: machine.isa,
                                floatHandlers: !machine.csrs.machineMode)
        } else {
            op = DecodedOp(.fetchFault)
        }
        // The cache's invariant: the pages this entry can pass control to are ready before
        // the entry is stored (this entry's own page too, in case that flushed the cache).
        let index = code.index(of: pc)
        let target = op.kind.hasDirectTarget ? index + Int(op.aux) / DecodedOp.stride : -1
        code.makeReady(index, index + op.next, target)
        entry(ip).pointee = op
    }

    /// Makes the page of `pc` (inside the code) ready and returns its entry.
    static func readyEntry(_ pc: UInt32, _ context: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        let code = machine(context).code
        let index = code.index(of: pc)
        code.makeReady(index)
        return loopContext(context).pointee.entries + index * DecodedOp.stride
    }

    /// A `jalr` whose target is in the code but on a page not yet ready: makes it ready and
    /// returns the target's entry, or nil when the run stopped at the budget.
    @inline(never)
    static func jumpToUnready(_ ip: UnsafeMutableRawPointer, _ count: UInt64, _ context: UnsafeMutableRawPointer,
                              _ target: UInt32) -> UnsafeMutableRawPointer? {
        let machine = machine(context)
        machine.hart.registers[Int(entry(ip).pointee.rd)] = UInt32(bitPattern: entry(ip).pointee.aux)
        let next = readyEntry(target, context)
        if count &+ 1 >= loopContext(context).pointee.limit {
            _ = stop(next, count &+ 1, context, .budgetExhausted)
            return nil
        }
        return next
    }

    @inline(never)
    static func fetchFault(_ ip: UnsafeMutableRawPointer, _ count: UInt64, _ context: UnsafeMutableRawPointer) -> UInt64 {
        let pc = pc(ip, context)
        return stop(ip, count, context, .trap(Trap(.instructionAccessFault, value: pc, pc: pc)))
    }

    @inline(never)
    static func illegal(_ ip: UnsafeMutableRawPointer, _ count: UInt64, _ context: UnsafeMutableRawPointer) -> UInt64 {
        let raw = UInt32(bitPattern: entry(ip).pointee.imm)
        return stop(ip, count, context, .trap(Trap(.illegalInstruction, value: raw, pc: pc(ip, context))))
    }

    /// A jalr whose target is misaligned or outside the code (or on a page not yet ready:
    /// `jumpToUnready`). A misaligned target traps at
    /// the jalr (§2.5.1); an unfetchable one traps at the target, after the jalr retired.
    @inline(never)
    static func jumpFault(_ ip: UnsafeMutableRawPointer, _ count: UInt64, _ context: UnsafeMutableRawPointer,
                          _ target: UInt32) -> UInt64 {
        let c = loopContext(context)
        if target & c.pointee.jumpAlignMask != 0 {
            return stop(ip, count, context, .trap(Trap(.instructionAddressMisaligned, value: target, pc: pc(ip, context))))
        }
        let machine = machine(context)
        machine.hart.registers[Int(entry(ip).pointee.rd)] = UInt32(bitPattern: entry(ip).pointee.aux)
        return stop(atPC: target, count &+ 1, context, .trap(Trap(.instructionAccessFault, value: target, pc: target)))
    }

    /// A store outside the fast window (see `threadedStoreMiss`): checks permissions and
    /// hooks. True when the store completed and execution goes on; false when the run
    /// stopped (a fault before the store; a watchpoint or device after it).
    @inline(never)
    static func storeMiss(_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
                          _ context: UnsafeMutableRawPointer) -> Bool {
        let machine = machine(context)
        let op = entry(ip).pointee
        let address = regs[Int(op.rs1)] &+ UInt32(bitPattern: op.imm)
        let width = op.kind.accessWidth
        if let trap = machine.memory.storeSlow(address, width: width, value: regs[Int(op.rs2)], pc: pc(ip, context)) {
            _ = stop(ip, count, context, .trap(trap))
            return false
        }
        machine.reservation = nil
        guard let pending = machine.pendingStop else { return true }
        machine.pendingStop = nil
        _ = stop(ip + Int(op.nextBytes), count &+ 1, context, pending)
        return false
    }

    /// Runs a `.slow` entry through the generic executor; returns the entry to continue
    /// at (nil when the run stopped) and the count.
    @inline(never)
    static func slow(_ ip: UnsafeMutableRawPointer, _ count: UInt64, _ context: UnsafeMutableRawPointer)
        -> (ip: UnsafeMutableRawPointer?, count: UInt64)
    {
        let machine = machine(context)
        let hart = machine.hart
        let c = loopContext(context)
        hart.pc = pc(ip, context)
        hart.instret = count
        // The instruction may read fflags or clear the host's flags (see `collectHostFloatFlags`).
        machine.collectHostFloatFlags()
        let result = Interpreter.executeSlow(machine, pc: hart.pc)
        // The generic executor computes every flag it raises itself; what its Swift code
        // (classify, compares, min/max on signaling NaNs) raised on the host is not the guest's.
        machine.discardHostFloatFlags()
        switch result {
        case .stop(let reason):
            return (nil, stop(ip, count, context, reason))
        case .next(let next):
            Interpreter.retire(machine)
            let retired = hart.instret
            if let pending = machine.pendingStop {
                machine.pendingStop = nil
                return (nil, stop(atPC: next, retired, context, pending))
            }
            guard machine.code.contains(next) else {
                return (nil, stop(atPC: next, retired, context, .trap(Trap(.instructionAccessFault, value: next, pc: next))))
            }
            let nextIP = readyEntry(next, context)
            if retired >= c.pointee.limit { return (nil, stop(nextIP, retired, context, .budgetExhausted)) }
            return (nextIP, retired)
        }
    }
}
