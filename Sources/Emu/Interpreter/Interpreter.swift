import Decoder

/// The dispatch loop: runs a machine's hart until something needs the caller.
public enum Interpreter {
    /// Runs at most `budget` instructions and returns why it stopped.
    ///
    /// With `exact`, the budget is met exactly. The fast loop only checks it at backward
    /// branches, indirect jumps, slow instructions and cache refills; between two such checks
    /// only decoded entries run, each at most once (every other transfer moves strictly
    /// forward through the cache), so at most `maxStraightLine` instructions. The fast loop
    /// is given the budget minus that headroom and an exact loop runs whatever remains.
    /// Without `exact` (time slices, where a few thousand instructions more do not matter),
    /// the fast loop runs to the budget and may overshoot it by up to that headroom.
    public static func run(_ machine: Machine, budget: UInt64, exact: Bool = true) -> StopReason {
        let start = machine.hart.instret
        let limit = start.addingReportingOverflow(budget).overflow ? UInt64.max : start &+ budget
        if !exact { return runThreaded(machine, limit: limit) }
        let headroom = UInt64(machine.code.maxStraightLine) + 2
        if budget > headroom {
            let stop = runThreaded(machine, limit: limit &- headroom)
            // A preempted run ends here: the caller's clock, not the budget, stopped it.
            guard stop == .budgetExhausted, !Preemption.lastRunPreempted else { return stop }
        }
        return runExact(machine, limit: limit)
    }

    /// Runs exactly one instruction (the debugger's step), even over a breakpoint at pc.
    public static func step(_ machine: Machine) -> StopReason? {
        let code = machine.code
        let pc = machine.hart.pc
        if code.contains(pc), code.kind(at: pc) == .breakpoint {
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

    /// Runs threaded code from `hart.pc` until a handler stops; backward transfers stop
    /// once the count reaches `limit`.
    static func runThreaded(_ machine: Machine, limit: UInt64) -> StopReason {
        let hart = machine.hart
        let code = machine.code
        let memory = machine.memory
        guard code.contains(hart.pc) else {
            return .trap(Trap(.instructionAccessFault, value: hart.pc, pc: hart.pc))
        }
        let entries = UnsafeMutableRawPointer(code.entries)
        code.makeReady(code.index(of: hart.pc))
        var context = LoopContext(
            hostBias: memory.hostBias, pageFlags: memory.pageFlags,
            entries: entries, codeStart: code.start, codeSpan: code.end &- code.start, codeReady: code.ready,
            jumpAlignMask: machine.isa.c ? 1 : 3, limit: limit, storeMiss: ThreadedHandlers.storeMiss,
            loadMiss: ThreadedHandlers.function(for: .slow, length: 4),
            floatRegisters: hart.floatRegisters, machine: Unmanaged.passUnretained(machine))
        let start = entries + code.index(of: hart.pc) * DecodedOp.stride
        let regs = hart.registers
        var count = hart.instret
        machine.discardHostFloatFlags()
        defer { machine.collectHostFloatFlags() }
        withUnsafeMutablePointer(to: &context) { pointer in
            let raw = UnsafeMutableRawPointer(pointer)
            // A timer that fires while the loop runs ends it at the next check point.
            Preemption.enter(&pointer.pointee.limit)
            defer { Preemption.leave(&pointer.pointee.limit) }
            #if DEBUG
                // The trampoline: each handler returns the next entry in `resumeIP`.
                pointer.pointee.resumeIP = start
                while let ip = pointer.pointee.resumeIP {
                    pointer.pointee.resumeIP = nil
                    count = entry(ip).pointee.function(ip, regs, count, 0, raw)
                }
            #else
                count = entry(start).pointee.function(start, regs, count, 0, raw)
            #endif
        }
        hart.instret = count
        if let pc = context.stopPC {
            hart.pc = pc
        } else if let ip = context.stopIP {
            hart.pc = code.pc(ofIndex: (ip - entries) / DecodedOp.stride)
        }
        return context.stop ?? .budgetExhausted
    }

    /// Runs instruction by instruction through the generic executor until the count
    /// reaches `limit` exactly: the tail of a budget, where the threaded loop's
    /// branch-only checks could overshoot. Stops at breakpoints like the threaded loop.
    static func runExact(_ machine: Machine, limit: UInt64) -> StopReason {
        let code = machine.code
        while machine.hart.instret < limit {
            let pc = machine.hart.pc
            if code.contains(pc), code.kind(at: pc) == .breakpoint { return .breakpoint }
            if let stop = stepGeneric(machine) { return stop }
        }
        return .budgetExhausted
    }
}
