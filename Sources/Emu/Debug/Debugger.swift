import Decoder

/// The debugger core over one Linux guest process: breakpoints (patched into the decoded
/// cache), write watchpoints, step, next, finish, continue, run-until, and exact reverse
/// execution by checkpoint and replay (`History`). It knows nothing of terminals or of GDB:
/// front ends call its commands and show the `DebugEvent` each returns.
///
/// Long commands (`continue`, and every replay) run the threaded loop with a budget, as
/// `emu run` does; breakpoints stop it through their patched entries. Only while a
/// watchpoint is set do stores take the memory's slow path (`slowStores`), where the store
/// hook raises the watchpoint stop. System calls run once, live; their effects are logged,
/// so that going backwards and forwards again replays them instead of calling the host a
/// second time.
///
/// Time is the instruction count (`instret`). "Live" is the newest count executed; before
/// it, the debugger is replaying. A few events change the state without retiring an
/// instruction (the end of the process, a signal delivered at a fault): the state before
/// and after such an event share a count, and reverse-step goes from the one to the other.
public final class Debugger {
    /// A breakpoint: execution stops before the instruction at `address` runs.
    public struct Breakpoint: Sendable, Equatable {
        public let id: Int
        public let address: UInt32
    }

    /// What a watchpoint watches: writes (gdb's `watch`), reads (`rwatch`) or both (`awatch`).
    public enum WatchKind: Sendable, Equatable {
        case write, read, access
    }

    /// A watchpoint over `[address, address + length)`.
    public struct Watchpoint: Sendable, Equatable {
        public let id: Int
        public let address: UInt32
        public let length: UInt32
        public var kind: WatchKind = .write

        func overlaps(_ start: UInt32, _ count: Int) -> Bool {
            guard count > 0 else { return false }
            let end = UInt64(start) + UInt64(count), watchEnd = UInt64(address) + UInt64(length)
            return UInt64(start) < watchEnd && UInt64(address) < end
        }
    }

    /// The process (or bare-metal machine) being debugged.
    public let process: any DebugTarget
    /// The same object, as the debugger drives it.
    private let control: any DebugTargetControl
    /// Its machine.
    public var machine: Machine { process.machine }
    /// Breakpoints, in the order they were set.
    public private(set) var breakpoints: [Breakpoint] = []
    /// Watchpoints, in the order they were set.
    public private(set) var watchpoints: [Watchpoint] = []
    /// The event the last command stopped with.
    public private(set) var lastEvent: DebugEvent?
    /// Registers (1...31, and 32 for pc) the last command changed.
    public private(set) var changedRegisters: Set<Int> = []
    /// Called every few thousand instructions of a long command; returning true stops it
    /// with `.interrupted` (GDB's Ctrl-C).
    public var interruptRequested: (() -> Bool)?
    /// The most instructions one command may run before it stops with `.interrupted`
    /// (nil: no limit).
    public var commandInstructionLimit: UInt64?
    /// For `emu debug --replay`: the recording that answers the live end's stops instead of
    /// the host (see `answer`). The history records the replayed run as it records a live one.
    public var recording: RecordingPlayer?
    /// The guest's standard input when a front end types it (see `GuestInput`): a read of
    /// it while it is empty asks `waitForInput` first.
    public var guestInput: GuestInput?
    /// Called (live, not replaying) when the guest is about to read `guestInput` and
    /// nothing is there: the front end collects input and returns true to let the read go
    /// on, or false to stop the command before the `ecall` (`waitsForInput` is then true).
    /// Nil: such a read stops the command at once.
    public var waitForInput: (() -> Bool)?
    /// Whether the last command stopped because the guest waits for input (at the `ecall`
    /// of its read, which has not run).
    public private(set) var waitsForInput = false

    var history: History
    private var nextID = 1
    /// Captured guest output: everything the guest wrote to its standard streams, of which
    /// the first `outputCount` bytes had been written at the current time.
    public private(set) var capturedOutput: [UInt8] = []
    /// How many bytes of `capturedOutput` the guest had written at the current time.
    public private(set) var outputCount = 0
    let capture: OutputCapture?

    // Recording state.
    private var replaying = false
    /// The id of the checkpoint the machine's state is exactly (just restored or taken, and
    /// nothing ran since), if any.
    private var atCheckpoint: Int?
    /// The id of the checkpoint the current replay started from: mandatory checkpoints
    /// after it are still ahead.
    private var replayBase = 0
    private var nextCheckpointAt: UInt64 = 0
    /// Guest ranges the system call being recorded wrote (from `guestWriteObserver`).
    private var systemCallWrites: [(address: UInt32, count: UInt32)] = []
    private var watchHit: (id: Int, address: UInt32)?
    /// Whether a read or access watchpoint is set (see `watchesChanged`).
    private var readWatching = false
    /// The fault last reported, and the instruction count it was reported at: running the
    /// same faulting instruction again delivers the signal (as a real process would die).
    private var reportedFault: (trap: Trap, instret: UInt64)?

    /// Attaches to `process` (which must not have run yet, or be stopped between
    /// instructions). `historyLimit` bounds the bytes the reverse-execution log may hold;
    /// `capture`, when given, is where the process's standard streams were pointed.
    public convenience init(process: LinuxProcess, historyLimit: Int = 256 << 20, capture: OutputCapture? = nil) {
        self.init(target: process, control: process, historyLimit: historyLimit, capture: capture)
    }

    /// Attaches to a bare-metal binary that has not run yet (machine mode, `tohost`); no
    /// reverse execution (see `BareMetalDebugTarget`).
    public convenience init(bareMetal target: BareMetalDebugTarget, historyLimit: Int = 256 << 20) {
        self.init(target: target, control: target, historyLimit: historyLimit, capture: nil)
    }

    private init(target: any DebugTarget, control: any DebugTargetControl, historyLimit: Int, capture: OutputCapture?) {
        let process = target
        self.process = target
        self.control = control
        self.capture = capture
        history = History(limit: historyLimit)
        let machine = process.machine
        // Replay must see the times recording saw: the `time` CSR (read by the threaded
        // loop without a stop) counts instructions under the debugger, as --deterministic
        // makes it. System calls that tell the time are logged like every other call.
        if machine.csrs.timeSource == .host { machine.csrs.timeSource = .instructionCount(nanosecondsPerInstruction: 1) }
        let memory = machine.memory
        let previousHook = memory.storeHook
        // Weak: the memory is owned (through the machine and process) by this debugger. The
        // hook sees stores only while `slowStores` is on (while a watchpoint is set).
        memory.storeHook = { [weak self] address, width, value in
            self?.storeWillHappen(address, width: width)
            return previousHook?(address, width, value) ?? true
        }
        control.guestWriteObserver = { [weak self] address, count in
            self?.systemCallWillWrite(address, count: count)
        }
        liveInstret = machine.hart.instret
        takeCheckpoint(mandatory: false)
    }

    // MARK: - Inspection

    /// The captured output written up to the current time.
    public var output: ArraySlice<UInt8> { capturedOutput[..<outputCount] }
    /// Whether the machine is at an earlier time than the newest one executed (commands
    /// replay the log until they reach it).
    public var isReplaying: Bool { replaying }
    /// Steps reverse execution can still go back from the current time: the instructions
    /// since the oldest checkpoint, plus one when the state is after an event that retired
    /// nothing (an exit: stepping back over it is a step).
    public var reversibleInstructions: Int {
        guard control.supportsReverse else { return 0 }
        let instructions = machine.hart.instret &- (history.checkpoints.first?.instret ?? machine.hart.instret)
        let event = atCheckpoint.flatMap { history.checkpointIndex(id: $0) }.map { history.checkpoints[$0].sameCount } ?? false
        return Int(clamping: instructions) + (event ? 1 : 0)
    }
    /// Instructions between the oldest recorded time and the newest (what reverse
    /// execution can reach from the live end).
    public var historySpan: UInt64 { liveInstret &- (history.checkpoints.first?.instret ?? liveInstret) }
    /// Checkpoints the history holds.
    public var historyCheckpoints: Int { history.checkpoints.count }
    /// System calls the history's log holds.
    public var historyEvents: Int { history.events.count }
    /// Page copies the checkpoints hold.
    public var historyPageVersions: Int { history.pageVersions }
    /// Bytes the history holds (the reverse-execution memory cost).
    public var historyBytes: Int { history.bytes }
    /// The newest instruction count executed (the live end of the history).
    public private(set) var liveInstret: UInt64 = 0
    /// Instructions between periodic checkpoints while recording (at least; a guest with
    /// much mapped memory gets a longer interval, see `scheduleCheckpoint`).
    public var checkpointInterval: UInt64 = 1 << 20
    /// The periodic interval grows by this many instructions per mapped guest page (a
    /// checkpoint compares every mapped page; this keeps that a small part of the run).
    /// Measured: at 512, comparing pages doubled or tripled the time of memory-heavy
    /// workloads (stream 4.0x, sieve 2.9x `emu run`'s user time); at 2048, 2.0x and 1.1-1.4x,
    /// while a reverse step still replays at most a few million instructions for them.
    public var checkpointInstructionsPerMappedPage: UInt64 = 2048
    /// Changes the history's byte limit.
    public var historyLimit: Int {
        get { history.limit }
        set { history.limit = newValue }
    }
    /// Whether the process has ended (at the current time).
    public var hasExited: Bool { process.outcome != nil }

    /// The breakpoint at `address`, if any.
    public func breakpoint(at address: UInt32) -> Breakpoint? { breakpoints.first { $0.address == address } }

    // MARK: - Breakpoints and watchpoints

    /// Sets a breakpoint at `address` (or returns the one already there); nil when the
    /// address is not in the program's code or not 2-byte aligned.
    @discardableResult
    public func addBreakpoint(at address: UInt32) -> Breakpoint? {
        if let existing = breakpoint(at: address) { return existing }
        guard machine.code.patchBreakpoint(at: address) else { return nil }
        let breakpoint = Breakpoint(id: nextID, address: address)
        nextID += 1
        breakpoints.append(breakpoint)
        return breakpoint
    }

    /// Sets a watchpoint over `[address, address + length)` (a write watchpoint unless
    /// `kind` says otherwise); nil when the range is empty or leaves guest memory.
    ///
    /// A write stops after the writing instruction (or system call); a read stops before
    /// the reading instruction. While a read or access watchpoint is set, forward commands
    /// run one instruction at a time (each load's address is checked before it runs), as
    /// the threaded loop's loads have no hook; so does the replay in which reverse-continue
    /// looks for the last read.
    @discardableResult
    public func addWatchpoint(at address: UInt32, length: UInt32 = 4, kind: WatchKind = .write) -> Watchpoint? {
        guard length > 0, machine.memory.contains(address, count: length) else { return nil }
        if let existing = watchpoints.first(where: { $0.address == address && $0.length == length && $0.kind == kind }) {
            return existing
        }
        let watchpoint = Watchpoint(id: nextID, address: address, length: length, kind: kind)
        nextID += 1
        watchpoints.append(watchpoint)
        watchesChanged()
        return watchpoint
    }

    /// Deletes breakpoint or watchpoint `id`; false when there is none.
    @discardableResult
    public func delete(id: Int) -> Bool {
        if let index = breakpoints.firstIndex(where: { $0.id == id }) {
            machine.code.unpatchBreakpoint(at: breakpoints.remove(at: index).address)
            return true
        }
        if let index = watchpoints.firstIndex(where: { $0.id == id }) {
            watchpoints.remove(at: index)
            watchesChanged()
            return true
        }
        return false
    }

    /// Deletes the breakpoint at `address`; false when there is none.
    @discardableResult
    public func deleteBreakpoint(at address: UInt32) -> Bool {
        guard let breakpoint = breakpoint(at: address) else { return false }
        return delete(id: breakpoint.id)
    }

    /// Deletes the watchpoint of `kind` over exactly `[address, address + length)`.
    @discardableResult
    public func deleteWatchpoint(at address: UInt32, length: UInt32, kind: WatchKind = .write) -> Bool {
        guard let watchpoint = watchpoints.first(where: { $0.address == address && $0.length == length && $0.kind == kind })
        else {
            return false
        }
        return delete(id: watchpoint.id)
    }

    /// Stores take the slow path (where the store hook sees them) only while a write or
    /// access watchpoint is set; loads are checked one instruction at a time only while a
    /// read or access watchpoint is.
    private func watchesChanged() {
        machine.memory.slowStores = watchpoints.contains { $0.kind != .read }
        readWatching = watchpoints.contains { $0.kind != .write }
    }

    // MARK: - Changing state

    /// Sets register `index` (1...31, or 32 for pc). Changing the past discards the
    /// recorded future: execution continues live from here.
    public func setRegister(_ index: Int, _ value: UInt32) {
        guard (1...32).contains(index) else { return }
        // Writing the value a register holds changes nothing: no divergence, no checkpoint
        // (gdb's `G` packet writes every register at once).
        guard (index == 32 ? machine.hart.pc : machine.hart[index]) != value else { return }
        divergeFromHistory()
        if index == 32 { machine.hart.pc = value } else { machine.hart[index] = value }
        reportedFault = nil
        changedByDebugger()
    }

    /// Writes guest memory (ignoring page permissions, as a debugger may); false when the
    /// range leaves guest memory. Changing the past discards the recorded future.
    @discardableResult
    public func writeMemory(_ bytes: [UInt8], at address: UInt32) -> Bool {
        guard machine.memory.contains(address, count: UInt32(clamping: bytes.count)) else { return false }
        divergeFromHistory()
        machine.memory.write(bytes, at: address)
        codeMayHaveChanged(address, bytes.count)
        changedByDebugger()
        return true
    }

    /// Forgets the whole reverse-execution history (gdb's `record stop`): the current
    /// time becomes the live end and the oldest reachable one; recording goes on from here
    /// (every forward command still logs, as the debugger always does). Returns the
    /// instructions the history spanned.
    @discardableResult
    public func discardHistory() -> UInt64 {
        let span = historySpan
        divergeFromHistory()
        history = History(limit: history.limit)
        atCheckpoint = nil
        takeCheckpoint(mandatory: false)
        return span
    }

    /// Makes the current time the live end: the recorded future after it is forgotten.
    private func divergeFromHistory() {
        guard replaying else { return }
        history.truncate(after: machine.hart.instret)
        capturedOutput.removeSubrange(outputCount...)
        liveInstret = machine.hart.instret
        replaying = false
        scheduleCheckpoint()
    }

    /// A debugger's write is an input the log does not hold: a mandatory checkpoint keeps it.
    private func changedByDebugger() {
        takeCheckpoint(mandatory: true)
    }

    // MARK: - Commands

    /// Runs one instruction (over a breakpoint at pc).
    @discardableResult
    public func step() -> DebugEvent {
        perform { forwardOne(overBreakpoint: true) ?? .stepped }
    }

    /// Runs `count` instructions, stopping early at any event but a completed step.
    @discardableResult
    public func step(count: Int) -> DebugEvent {
        perform {
            for _ in 0..<max(count, 0) {
                if let event = forwardOne(overBreakpoint: true) { return event }
            }
            return .stepped
        }
    }

    /// Runs one instruction, or a whole call: when pc is at a call, runs until it returns
    /// to the next instruction (in the same frame: a recursive call's return does not
    /// count), stopping early at a breakpoint, watchpoint, fault or exit.
    @discardableResult
    public func next() -> DebugEvent {
        perform {
            let pc = machine.hart.pc
            guard let instruction = machine.instruction(at: pc), Debugger.isCall(instruction) else {
                return forwardOne(overBreakpoint: true) ?? .stepped
            }
            let returnAddress = pc &+ UInt32(instruction.length)
            let stackPointer = machine.hart[2]
            return runForward { [machine] in machine.hart.pc == returnAddress && machine.hart[2] >= stackPointer }
        }
    }

    /// Runs until the current function returns (stops after its return instruction).
    @discardableResult
    public func finish() -> DebugEvent {
        perform {
            var depth = 0
            var returned = false
            return runForward(before: { [machine] in
                guard let instruction = machine.instruction(at: machine.hart.pc) else { return }
                if Debugger.isCall(instruction) {
                    depth += 1
                } else if Debugger.isReturn(instruction) {
                    if depth == 0 { returned = true } else { depth -= 1 }
                }
            }, until: { returned })
        }
    }

    /// Runs until a breakpoint, watchpoint, fault or exit, at the threaded loop's speed.
    @discardableResult
    public func continueExecution() -> DebugEvent {
        perform {
            let hart = machine.hart
            let limit = commandInstructionLimit ?? .max
            var executed: UInt64 = 0
            var first = true
            while true {
                // Slices of 4 M instructions: between them the front end is asked whether to
                // stop (GDB's Ctrl-C costs a system call to notice).
                let slice = min(limit &- executed, 1 << 22)
                if slice == 0 { return .interrupted }
                let before = hart.instret
                if let event = advance(budget: slice, overBreakpoint: first, exact: commandInstructionLimit != nil) { return event }
                first = false
                executed &+= hart.instret > before ? hart.instret - before : 0
                if interruptRequested?() == true { return .interrupted }
            }
        }
    }

    /// Runs until pc reaches `address` (or another event stops it first).
    @discardableResult
    public func runUntil(_ address: UInt32) -> DebugEvent {
        perform { runForward { [machine] in machine.hart.pc == address } }
    }

    /// Goes back one instruction (for a system call, to before it: everything it did to the
    /// guest is undone).
    @discardableResult
    public func reverseStep() -> DebugEvent {
        reverseStep(count: 1)
    }

    /// Goes back `count` instructions (stops at the start of the history).
    @discardableResult
    public func reverseStep(count: Int) -> DebugEvent {
        perform {
            guard count > 0 else { return .stepped }
            // No history to go back into (a bare-metal target): the start is here.
            guard control.supportsReverse else { return .historyStart }
            leaveLive()
            var left = UInt64(count)
            // An event that retired nothing (an exit, a signal delivered at a fault) counts
            // as one step back: to the state before it, at the same count.
            if let id = atCheckpoint, let index = history.checkpointIndex(id: id),
                history.checkpoints[index].sameCount, index > 0
            {
                let count = history.checkpoints[index].instret
                restore(index - 1)
                _ = replay(to: count, stops: false)
                left -= 1
                if left == 0 { return .stepped }
            }
            let hart = machine.hart
            guard let first = history.checkpoints.first else { return .historyStart }
            if hart.instret <= first.instret {
                restore(0)
                return .historyStart
            }
            let reachable = hart.instret - first.instret
            seek(to: hart.instret - min(left, reachable))
            return left <= reachable ? .stepped : .historyStart
        }
    }

    /// Goes back until the last breakpoint before the current time (at the instruction it
    /// stops before), the last watched write (at the instruction that wrote), or the start
    /// of the history. Each stretch between two checkpoints is replayed once to find its
    /// last hit, newest stretch first, then replayed again to that hit.
    @discardableResult
    public func reverseContinue() -> DebugEvent {
        perform {
            guard control.supportsReverse else { return .historyStart }
            leaveLive()
            var end = machine.hart.instret
            guard var index = history.checkpointIndex(atOrBefore: end) else { return .historyStart }
            while index >= 0 {
                let start = history.checkpoints[index].instret
                if start < end {
                    restore(index)
                    if let hit = lastHit(before: end) {
                        restore(index)
                        _ = replay(to: hit.position, stops: false)
                        return hit.event
                    }
                    end = start
                    if interruptRequested?() == true { return .interrupted }
                }
                index -= 1
            }
            restore(0)
            return .historyStart
        }
    }

    // MARK: - Command plumbing

    /// Runs a command, then notes which registers it changed and the event it stopped with.
    func perform(_ command: () -> DebugEvent) -> DebugEvent {
        let hart = machine.hart
        let before = hart.registerFile + [hart.pc]
        waitsForInput = false
        let event = command()
        let after = hart.registerFile + [hart.pc]
        changedRegisters = Set((1...32).filter { before[$0] != after[$0] })
        lastEvent = event
        return event
    }

    /// Runs forward (over a breakpoint at the starting pc) until `until` holds after an
    /// instruction, or an event. `before` sees each instruction before it runs.
    private func runForward(before: () -> Void = {}, until: () -> Bool) -> DebugEvent {
        var count: UInt64 = 0
        var first = true
        while true {
            before()
            if let event = forwardOne(overBreakpoint: first) { return event }
            first = false
            if until() { return .stepped }
            count += 1
            if let stop = checkInterrupt(count) { return stop }
        }
    }

    private func checkInterrupt(_ count: UInt64) -> DebugEvent? {
        if let limit = commandInstructionLimit, count >= limit { return .interrupted }
        // Polling the front end costs a system call: do it every 16384 instructions.
        if count & 0x3FFF == 0, interruptRequested?() == true { return .interrupted }
        return nil
    }

    /// Whether `instruction` is a call (a jump that links into ra or t0, the ABI's link
    /// registers).
    static func isCall(_ instruction: Instruction) -> Bool {
        (instruction.opcode == .jal || instruction.opcode == .jalr) && (instruction.rd == 1 || instruction.rd == 5)
    }

    /// Whether `instruction` is a return (`jalr x0, 0(ra)` or through t0).
    static func isReturn(_ instruction: Instruction) -> Bool {
        instruction.opcode == .jalr && instruction.rd == 0 && (instruction.rs1 == 1 || instruction.rs1 == 5)
            && instruction.imm == 0
    }

    // MARK: - Forwards

    /// Runs (live) or replays one instruction. Returns the event it caused, or nil when it
    /// simply retired. With `overBreakpoint` false, a breakpoint at pc stops before it.
    func forwardOne(overBreakpoint: Bool) -> DebugEvent? {
        advance(budget: 1, overBreakpoint: overBreakpoint)
    }

    /// Runs `budget` instructions forwards, replaying up to the live end and running live
    /// past it; nil when the budget ran out without an event. Without `exact`, the live part
    /// may run past the budget (by at most the threaded loop's straight-line headroom):
    /// an exact budget ends in the generic executor, which costs more than it is worth
    /// when only the next check for an interrupt depends on it.
    private func advance(budget: UInt64, overBreakpoint: Bool, exact: Bool = true) -> DebugEvent? {
        let hart = machine.hart
        let start = hart.instret
        let target = start.addingReportingOverflow(budget).overflow ? UInt64.max : start + budget
        var over = overBreakpoint
        while hart.instret < target {
            // With read watchpoints, one instruction at a time, each load checked first
            // (not the first one of a command: it was reported already, or is stepped over).
            var target = target
            if readWatching {
                if !(over && hart.instret == start), let hit = loadHit() { return .readWatchpoint(id: hit.id, address: hit.address) }
                target = hart.instret + 1
            }
            if replaying {
                if hart.instret >= liveInstret {
                    // At the live end's count. When the live end is the state after an event
                    // that retired nothing (the exit), this is the state before it, and
                    // going on is that event.
                    let preEvent = isBeforeLiveEvent
                    goLive()
                    if preEvent, let outcome = process.outcome { return .exited(outcome) }
                    continue
                }
                switch replay(to: min(target, liveInstret), stops: true, overBreakpoint: over) {
                case .reached: break
                case .event(let event, _): return event
                }
                if hart.instret >= liveInstret, !isBeforeLiveEvent { goLive() }
            } else {
                if let outcome = process.outcome { return .exited(outcome) }
                if let event = liveSlice(to: target, overBreakpoint: over, exact: exact || readWatching) { return event }
            }
            over = over && hart.instret == start
        }
        return nil
    }

    /// Runs the threaded loop live up to `target` or the next periodic checkpoint, and acts
    /// on its stop: a system call runs and is logged, a fault is reported (then delivered).
    private func liveSlice(to target: UInt64, overBreakpoint: Bool, exact: Bool) -> DebugEvent? {
        let hart = machine.hart
        watchHit = nil
        let before = hart.instret
        // A recorded stop between instructions (a signal delivered, a limit) falls on an
        // exact count: the slice ends there, and the stop is answered like a delivered fault.
        let recordedStop = recording?.nextBudgetStop
        if recordedStop == hart.instret {
            answer(.budgetExhausted)
            drainOutput()
            // Not `sameCount`: a replay that reaches this count restores the state after
            // the stop (no trap would lead it there, as one does for a delivered fault).
            takeCheckpoint(mandatory: true, sameCount: false)
            liveInstret = hart.instret
            return process.outcome.map { .exited($0) }
        }
        let stop: StopReason
        if let own = control.runLive(budget: min(target, max(nextCheckpointAt, hart.instret + 1)) - hart.instret, overBreakpoint: overBreakpoint) {
            // A bare-metal target's loop takes its traps and interrupts itself.
            stop = own
        } else if overBreakpoint {
            stop = Interpreter.step(machine) ?? .budgetExhausted
        } else {
            var limit = min(target, max(nextCheckpointAt, hart.instret + 1))
            if let recordedStop, recordedStop > hart.instret { limit = min(limit, recordedStop) }
            // A periodic checkpoint need not fall on an exact count: only a requested count is exact.
            stop = Interpreter.run(machine, budget: limit - hart.instret, exact: exact || recordedStop != nil)
        }
        machine.pendingStop = nil
        if hart.instret != before { atCheckpoint = nil }
        var event: DebugEvent?
        switch stop {
        case .budgetExhausted, .halted, .watchpoint:
            break
        case .breakpoint:
            // Nothing ran: the loop stopped on the patched entry.
            let breakpoint = breakpoint(at: hart.pc)
            event = .breakpoint(id: breakpoint?.id ?? 0, address: hart.pc)
        case .trap(let trap) where trap.cause == .environmentCallFromU:
            // Asked again after each answer: the read must never block the front end.
            while readWouldBlock() {
                if waitForInput?() == true { continue }
                waitsForInput = true
                break
            }
            if waitsForInput {
                // Nothing ran: pc stays at the ecall, which reads when resumed.
                event = .interrupted
            } else {
                event = systemCallLive(trap)
            }
        case .trap(let trap) where control.isSignalReturn(trap):
            // Not a fault to report: the handler's return. The restored context comes from
            // the signal frame, which a checkpoint holds as it is now.
            answer(.trap(trap))
            takeCheckpoint(mandatory: true, sameCount: true)
            if let outcome = process.outcome { event = .exited(outcome) }
        case .trap(let trap):
            if let reported = reportedFault, reported.trap == trap, reported.instret == hart.instret {
                // Resumed at a fault already reported: deliver the signal, ending the process
                // or entering its handler, which no log entry describes: a checkpoint does.
                answer(.trap(trap))
                reportedFault = nil
                takeCheckpoint(mandatory: true, sameCount: true)
                if let outcome = process.outcome { event = .exited(outcome) }
            } else {
                reportedFault = (trap, hart.instret)
                event = .fault(trap, signal: LinuxSignal.forTrap(trap.cause))
            }
        }
        liveInstret = hart.instret
        if hart.instret >= nextCheckpointAt { takeCheckpoint(mandatory: false) }
        if event == nil, let hit = watchHit { event = .watchpoint(id: hit.id, address: hit.address) }
        return event
    }

    /// Whether the system call at pc reads `guestInput` while it is empty (live, with no
    /// recording answering it): the host read would block the front end's thread.
    private func readWouldBlock() -> Bool {
        guard let guestInput, recording == nil, let linux = process as? LinuxProcess,
            linux.systemCallReads(hostFD: guestInput.readFD)
        else { return false }
        return !guestInput.isReadable
    }

    /// Runs the system call at pc and logs its effect (or, when it did more than return,
    /// takes a checkpoint of the state after it).
    private func systemCallLive(_ trap: Trap) -> DebugEvent? {
        let hart = machine.hart
        let memory = machine.memory
        let pcBefore = hart.pc, instretBefore = hart.instret
        let permissionsBefore = memory.permissionTable()
        systemCallWrites.removeAll(keepingCapacity: true)
        answer(.trap(trap))
        drainOutput()
        if process.outcome == nil, hart.pc == pcBefore &+ 4, hart.instret == instretBefore &+ 1 {
            var writes: [(address: UInt32, bytes: [UInt8])] = []
            for range in systemCallWrites {
                if let bytes = memory.read(range.address, count: Int(range.count)) { writes.append((range.address, bytes)) }
            }
            let permissions = memory.permissionTable()
            let event = History.Event(
                pc: hart.pc, instret: hart.instret, registers: hart.registerFile, reservation: machine.reservation,
                outputCount: outputCount, memory: writes, permissions: permissions == permissionsBefore ? nil : permissions)
            history.log(event, at: instretBefore, memory: memory)
            atCheckpoint = nil
        } else {
            // The process ended, a signal was delivered, or the call restarts: the state
            // after it is kept whole.
            takeCheckpoint(mandatory: true, sameCount: hart.instret == instretBefore)
        }
        if let outcome = process.outcome { return .exited(outcome) }
        return nil
    }

    // MARK: - Replay

    /// How a replay ended.
    private enum ReplayEnd {
        /// The target count was reached.
        case reached
        /// An event stopped it; `position` is the count a reverse search reports it at
        /// (a watched write: the count before the writing instruction).
        case event(DebugEvent, position: UInt64)
    }

    /// Replays from the current state to count `target` (at most the live end). With
    /// `stops`, breakpoints and watchpoints end it; without, only the target does.
    private func replay(to target: UInt64, stops: Bool, overBreakpoint: Bool = false) -> ReplayEnd {
        let hart = machine.hart
        // Without `stops`, a breakpoint at the starting pc is run over too.
        var over = overBreakpoint || !stops
        while hart.instret < target {
            // A mandatory checkpoint ahead is restored, not run into: the state there holds
            // something the instructions and the log cannot reproduce.
            let mandatory = history.firstMandatory(afterID: replayBase, atOrAfter: hart.instret)
            if let index = mandatory, history.checkpoints[index].instret == hart.instret, !history.checkpoints[index].sameCount {
                restore(index)
                continue
            }
            var limit = target
            if let index = mandatory { limit = min(limit, max(history.checkpoints[index].instret, hart.instret + 1)) }
            if stops && readWatching {
                // As going forwards: one instruction at a time, each load checked before it
                // runs (not the first when it is being stepped over).
                if !over, let hit = loadHit() {
                    return .event(.readWatchpoint(id: hit.id, address: hit.address), position: hart.instret)
                }
                limit = hart.instret + 1
            }
            watchHit = nil
            let before = hart.instret
            let stop = over ? (Interpreter.step(machine) ?? .budgetExhausted) : Interpreter.run(machine, budget: limit - before)
            machine.pendingStop = nil
            if hart.instret != before { atCheckpoint = nil }
            over = false
            switch stop {
            case .budgetExhausted, .halted, .watchpoint:
                break
            case .breakpoint:
                if stops {
                    let breakpoint = breakpoint(at: hart.pc)
                    return .event(.breakpoint(id: breakpoint?.id ?? 0, address: hart.pc), position: hart.instret)
                }
                over = true
            case .trap(let trap) where trap.cause == .environmentCallFromU:
                if let index = mandatory,
                    history.checkpoints[index].sameCount
                        ? history.checkpoints[index].instret == hart.instret
                        : history.checkpoints[index].instret == hart.instret &+ 1
                {
                    // The call ended the process, restarted or delivered a signal: the
                    // checkpoint after it holds the result.
                    restore(index)
                    if let outcome = process.outcome { return .event(.exited(outcome), position: hart.instret) }
                } else if let event = history.events[hart.instret] {
                    let written = History.apply(event, to: machine)
                    outputCount = event.outputCount
                    atCheckpoint = nil
                    for range in written {
                        if watchHit == nil,
                            let watch = watchpoints.first(where: { $0.kind != .read && $0.overlaps(range.address, range.count) })
                        {
                            watchHit = (watch.id, max(range.address, watch.address))
                        }
                        codeMayHaveChanged(range.address, range.count)
                    }
                } else {
                    return .event(.fault(trap, signal: LinuxSignal.SIGSYS), position: hart.instret)  // not in the log
                }
            case .trap(let trap) where control.isSignalReturn(trap):
                // The handler's return, taken live with a checkpoint of the state after it.
                guard let index = mandatory, history.checkpoints[index].instret == hart.instret else {
                    return .event(.fault(trap, signal: LinuxSignal.SIGSEGV), position: hart.instret)
                }
                restore(index)
                if let outcome = process.outcome { return .event(.exited(outcome), position: hart.instret) }
            case .trap(let trap):
                let reported = reportedFault.map { $0.trap == trap && $0.instret == hart.instret } ?? false
                if !stops || reported, let index = mandatory, history.checkpoints[index].instret == hart.instret {
                    // Continuing from a reported fault: its delivery is the checkpoint's.
                    restore(index)
                    reportedFault = nil
                    if let outcome = process.outcome { return .event(.exited(outcome), position: hart.instret) }
                } else {
                    reportedFault = (trap, hart.instret)
                    return .event(.fault(trap, signal: LinuxSignal.forTrap(trap.cause)), position: hart.instret)
                }
            }
            if stops, let hit = watchHit {
                return .event(.watchpoint(id: hit.id, address: hit.address), position: hart.instret &- 1)
            }
        }
        return .reached
    }

    /// Replays from the current state up to `end`, noting the last breakpoint or watched
    /// write on the way.
    private func lastHit(before end: UInt64) -> (event: DebugEvent, position: UInt64)? {
        var last: (event: DebugEvent, position: UInt64)?
        var over = false
        while machine.hart.instret < end {
            switch replay(to: end, stops: true, overBreakpoint: over) {
            case .reached:
                return last
            case .event(let event, let position):
                switch event {
                case .breakpoint, .watchpoint, .readWatchpoint: last = (event, position)
                default: return last
                }
                // Past a breakpoint's or a read's stop (both before their instruction), that
                // instruction runs next.
                over = {
                    switch event {
                    case .breakpoint, .readWatchpoint: return true
                    default: return false
                    }
                }()
            }
        }
        return last
    }

    /// Goes to the newest state at count `target` (at or before the current time).
    private func seek(to target: UInt64) {
        guard let index = history.checkpointIndex(atOrBefore: target) else { return }
        restore(index)
        _ = replay(to: target, stops: false)
    }

    /// Leaves the live end for the past: the live state gets a checkpoint (so returning to
    /// it costs one restore), unless it is one already.
    private func leaveLive() {
        reportedFault = nil
        guard !replaying else { return }
        if atCheckpoint == nil || atCheckpoint != history.checkpoints.last?.id { takeCheckpoint(mandatory: false) }
        replaying = true
    }

    /// Whether the machine is at the live end's count but before the event that made the
    /// newest checkpoint (an exit or a delivered fault, which retire nothing).
    private var isBeforeLiveEvent: Bool {
        guard let last = history.checkpoints.last else { return false }
        return last.sameCount && atCheckpoint != last.id && machine.hart.instret == last.instret
    }

    /// Returns to the live end (the newest checkpoint, taken when the live end was left).
    private func goLive() {
        restore(history.checkpoints.count - 1)
        replaying = false
    }

    /// Restores checkpoint `index`, with the process's outcome and output count it holds.
    private func restore(_ index: Int) {
        let checkpoint = history.restore(index, into: machine)
        control.outcome = checkpoint.outcome
        outputCount = checkpoint.outputCount
        atCheckpoint = checkpoint.id
        replayBase = checkpoint.id
    }

    // MARK: - Recording

    /// Takes a checkpoint of the current (live) state and schedules the next periodic one.
    private func takeCheckpoint(mandatory: Bool, sameCount: Bool = false) {
        history.take(machine, outcome: process.outcome, outputCount: outputCount, mandatory: mandatory, sameCount: sameCount)
        atCheckpoint = history.checkpoints.last?.id
        replayBase = atCheckpoint ?? 0
        scheduleCheckpoint()
    }

    /// Sets the count of the next periodic checkpoint. A checkpoint compares every mapped
    /// page with its last copy, so the interval grows with mapped memory
    /// (`checkpointInstructionsPerMappedPage`) to keep that cost a small part of the run.
    private func scheduleCheckpoint() {
        let interval = max(checkpointInterval, UInt64(history.mappedPages) &* checkpointInstructionsPerMappedPage)
        nextCheckpointAt = machine.hart.instret &+ interval
    }

    /// The read or access watchpoint the instruction at pc would read, if any (checked
    /// before it runs; the address is the one the instruction computes now).
    private func loadHit() -> (id: Int, address: UInt32)? {
        guard let instruction = machine.instruction(at: machine.hart.pc) else { return nil }
        let width: Int
        switch instruction.opcode {
        case .lb, .lbu: width = 1
        case .lh, .lhu: width = 2
        case .lw, .lrW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW, .amominuW, .amomaxuW:
            width = 4
        default: return nil
        }
        let address = machine.hart[Int(instruction.rs1)] &+ UInt32(bitPattern: Int32(truncatingIfNeeded: instruction.imm))
        guard let watch = watchpoints.first(where: { $0.kind != .write && $0.overlaps(address, width) }) else { return nil }
        return (watch.id, max(address, watch.address))
    }

    /// The store hook (active while a write or access watchpoint is set): raises the
    /// watchpoint stop.
    private func storeWillHappen(_ address: UInt32, width: UInt32) {
        if watchHit == nil, let watch = watchpoints.first(where: { $0.kind != .read && $0.overlaps(address, Int(width)) }) {
            watchHit = (watch.id, max(address, watch.address))
            machine.pendingStop = .watchpoint(address: address)
        }
    }

    /// The system-call observer: notes the range a call is about to write (its bytes after
    /// the call go into the log).
    private func systemCallWillWrite(_ address: UInt32, count: UInt32) {
        guard count > 0, machine.memory.contains(address, count: count) else { return }
        systemCallWrites.append((address, count))
        if watchHit == nil, let watch = watchpoints.first(where: { $0.kind != .read && $0.overlaps(address, Int(count)) }) {
            watchHit = (watch.id, max(address, watch.address))
        }
    }

    /// Answers a live stop: the host's shim, or the recording being replayed.
    private func answer(_ stop: StopReason) {
        if let recording { recording.handle(stop) } else { control.handle(stop) }
    }

    private func drainOutput() {
        guard let capture else { return }
        let bytes = capture.drain()
        guard !bytes.isEmpty else { return }
        capturedOutput += bytes
        outputCount = capturedOutput.count
    }

    private func codeMayHaveChanged(_ address: UInt32, _ count: Int) {
        let code = machine.code
        if UInt64(address) < UInt64(code.end), UInt64(address) + UInt64(count) > UInt64(code.start) {
            machine.codeChanged()
        }
    }
}
