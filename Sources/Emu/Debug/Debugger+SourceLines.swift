import Decoder

/// Stepping by source line, as gdb's `step` and `next` do, over the line table of
/// `SourceDebugInfo`: run instructions until pc reaches the first instruction of a
/// statement (an is_stmt row) of another line, or enters or leaves a function. Code without
/// line information (the runtime, a libc without debug information) is stepped over: a
/// call into it runs until it returns.
extension Debugger {
    /// The most instructions one source-level step runs before it stops with
    /// `.interrupted` (a line that loops for ever must not hang the debugger).
    public static let sourceStepLimit: UInt64 = 50_000_000

    /// Steps to the next source line, into calls of functions that have line information.
    @discardableResult
    public func stepLine(_ info: SourceDebugInfo) -> DebugEvent {
        perform { sourceStep(info, overCalls: false) }
    }

    /// Steps to the next source line of this function (or of its caller when it returns),
    /// running over calls.
    @discardableResult
    public func nextLine(_ info: SourceDebugInfo) -> DebugEvent {
        perform { sourceStep(info, overCalls: true) }
    }

    /// Whether pc is at the start of a statement of a line (where a source-level step stops).
    public func isAtLineStart(_ info: SourceDebugInfo) -> Bool {
        info.lines?.isStatementStart(machine.hart.pc) ?? false
    }

    private func sourceStep(_ info: SourceDebugInfo, overCalls: Bool) -> DebugEvent {
        let hart = machine.hart
        guard let lines = info.lines, let start = lines.span(containing: hart.pc) else {
            // No line information here: one instruction, as stepi.
            return forwardOne(overBreakpoint: true) ?? .stepped
        }
        let startFunction = info.function(containing: hart.pc)
        let startSP = hart[2]
        var executed: UInt64 = 0
        var first = true
        while true {
            let pc = hart.pc
            let instruction = machine.instruction(at: pc)
            let isCall = instruction.map(Debugger.isCall) ?? false
            if let event = forwardOne(overBreakpoint: first) { return event }
            first = false
            executed += 1
            if isCall, let instruction {
                let target = hart.pc
                let hasLines = lines.span(containing: target) != nil && info.function(containing: target) != nil
                if overCalls || !hasLines {
                    // Run the call to its return to the next instruction, in this frame
                    // (a recursive call's return to the same address is deeper: sp lower).
                    let returnAddress = pc &+ UInt32(instruction.length)
                    if let event = runToReturn(returnAddress, callerSP: hart[2], executed: &executed) { return event }
                } else {
                    // Into a function with line information: past its prologue (to the
                    // first statement of its body, where gdb stops), then stop.
                    if let callee = info.function(containing: hart.pc), let body = info.bodyStart(of: callee),
                        hart.pc == callee.lowPC
                    {
                        let calleeSP = hart[2]
                        while hart.pc != body && hart[2] <= calleeSP {
                            if let event = forwardOne(overBreakpoint: false) { return event }
                            executed += 1
                            if let stop = pollInterrupt(executed) { return stop }
                        }
                    }
                    return .stepped
                }
            }
            if let stop = pollInterrupt(executed) { return stop }
            let now = hart.pc
            // Returned (or jumped) into code without line information, such as the
            // runtime's _start after main: stop there, as gdb does.
            if lines.span(containing: now) == nil { return .stepped }
            guard lines.isStatementStart(now), let span = lines.span(containing: now) else { continue }
            let function = info.function(containing: now)
            if span.line != start.line || span.file != start.file || function != startFunction { return .stepped }
            // The same line again, but in a deeper or shallower frame (recursion, a return
            // to a caller on the same line number): a new line for the user.
            if hart[2] != startSP && (function == startFunction) && now == function?.lowPC { return .stepped }
        }
    }

    /// Runs until pc is `returnAddress` with sp at or above `callerSP` (the call being
    /// stepped over has returned). At the threaded loop's speed: a temporary breakpoint at
    /// the return address and `continue`, instead of one instruction at a time (a call
    /// may run for millions of instructions). A breakpoint of the user's there is kept.
    private func runToReturn(_ returnAddress: UInt32, callerSP: UInt32, executed: inout UInt64) -> DebugEvent? {
        let hart = machine.hart
        let temporary = breakpoint(at: returnAddress) == nil ? addBreakpoint(at: returnAddress) : nil
        defer { if let temporary { delete(id: temporary.id) } }
        guard temporary != nil || breakpoint(at: returnAddress) != nil else {
            // Not patchable (not in the program's code): one instruction at a time.
            while !(hart.pc == returnAddress && hart[2] >= callerSP) {
                if let event = forwardOne(overBreakpoint: false) { return event }
                executed += 1
                if let stop = pollInterrupt(executed) { return stop }
            }
            return nil
        }
        while !(hart.pc == returnAddress && hart[2] >= callerSP) {
            let before = hart.instret
            // continue runs over a breakpoint at pc first (its own or the user's).
            let event = continueExecution()
            executed &+= hart.instret &- before
            switch event {
            case .breakpoint(_, let address) where address == returnAddress:
                continue  // deeper (recursion) when sp is below the caller's: go on
            default:
                return event
            }
        }
        return nil
    }

    private func pollInterrupt(_ executed: UInt64) -> DebugEvent? {
        if executed >= (commandInstructionLimit ?? Debugger.sourceStepLimit) { return .interrupted }
        if executed & 0x3FFF == 0, interruptRequested?() == true { return .interrupted }
        return nil
    }
}
