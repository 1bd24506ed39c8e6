import Decoder

/// The debugger core over one Linux guest process: breakpoints (patched into the decoded
/// cache), write watchpoints, step, next, finish, continue, run-until, and exact reverse
/// execution from an undo log (`History`). It knows nothing of terminals or of GDB: front
/// ends call its commands and show the `DebugEvent` each returns.
///
/// Every instruction runs one at a time through the interpreter (`run(budget: 1)`), with
/// every store sent through the memory's slow path (`slowStores`) so that the store hook
/// sees it: the hook saves the bytes about to be overwritten and raises the watchpoint
/// stop. System calls run once, live; their effects (registers, memory they wrote, the
/// output they produced, the end of the process) are recorded, so that going backwards
/// and forwards again replays them instead of calling the host a second time.
public final class Debugger {
    /// A breakpoint: execution stops before the instruction at `address` runs.
    public struct Breakpoint: Sendable, Equatable {
        public let id: Int
        public let address: UInt32
    }

    /// A write watchpoint over `[address, address + length)`.
    public struct Watchpoint: Sendable, Equatable {
        public let id: Int
        public let address: UInt32
        public let length: UInt32

        func overlaps(_ start: UInt32, _ count: Int) -> Bool {
            guard count > 0 else { return false }
            let end = UInt64(start) + UInt64(count), watchEnd = UInt64(address) + UInt64(length)
            return UInt64(start) < watchEnd && UInt64(address) < end
        }
    }

    /// The process being debugged.
    public let process: LinuxProcess
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

    var history: History
    private var nextID = 1
    /// Captured guest output: everything the guest wrote to its standard streams, of which
    /// the first `outputCount` bytes had been written at the current time.
    public private(set) var capturedOutput: [UInt8] = []
    /// How many bytes of `capturedOutput` the guest had written at the current time.
    public private(set) var outputCount = 0
    let capture: OutputCapture?

    // Scratch state of the instruction being recorded.
    private let savedRegisters = UnsafeMutablePointer<UInt32>.allocate(capacity: 32)
    private var pendingWrites: [(address: UInt32, bytes: [UInt8])] = []
    private var watchHit: (id: Int, address: UInt32)?
    /// The fault last reported, and the instruction count it was reported at: running the
    /// same faulting instruction again delivers the signal (as a real process would die).
    private var reportedFault: (trap: Trap, instret: UInt64)?

    /// Attaches to `process` (which must not have run yet, or be stopped between
    /// instructions). `historyLimit` bounds the bytes the reverse-execution log may hold;
    /// `capture`, when given, is where the process's standard streams were pointed.
    public init(process: LinuxProcess, historyLimit: Int = 256 << 20, capture: OutputCapture? = nil) {
        self.process = process
        self.capture = capture
        history = History(limit: historyLimit)
        savedRegisters.initialize(repeating: 0, count: 32)
        let memory = process.machine.memory
        let previousHook = memory.storeHook
        // Every store goes through `storeSlow`, so the hook below sees it before it lands.
        memory.slowStores = true
        // Weak: the memory is owned (through the machine and process) by this debugger.
        memory.storeHook = { [weak self] address, width, value in
            self?.storeWillHappen(address, width: width)
            return previousHook?(address, width, value) ?? true
        }
        process.guestWriteObserver = { [weak self] address, count in
            self?.systemCallWillWrite(address, count: count)
        }
    }

    deinit { savedRegisters.deallocate() }

    // MARK: - Inspection

    /// The captured output written up to the current time.
    public var output: ArraySlice<UInt8> { capturedOutput[..<outputCount] }
    /// Whether the machine is at an earlier time than the newest one executed (commands
    /// replay the log until they reach it).
    public var isReplaying: Bool { !history.isLive }
    /// Instructions that reverse execution can still undo from the current time.
    public var reversibleInstructions: Int { history.cursor }
    /// Records the history holds.
    public var historyRecords: Int { history.records.count }
    /// Bytes the history holds (the reverse-execution memory cost).
    public var historyBytes: Int { history.bytes }
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

    /// Sets a write watchpoint over `[address, address + length)`; nil when the range is
    /// empty or leaves guest memory.
    @discardableResult
    public func addWatchpoint(at address: UInt32, length: UInt32 = 4) -> Watchpoint? {
        guard length > 0, machine.memory.contains(address, count: length) else { return nil }
        if let existing = watchpoints.first(where: { $0.address == address && $0.length == length }) { return existing }
        let watchpoint = Watchpoint(id: nextID, address: address, length: length)
        nextID += 1
        watchpoints.append(watchpoint)
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

    /// Deletes the watchpoint over exactly `[address, address + length)`.
    @discardableResult
    public func deleteWatchpoint(at address: UInt32, length: UInt32) -> Bool {
        guard let watchpoint = watchpoints.first(where: { $0.address == address && $0.length == length }) else {
            return false
        }
        return delete(id: watchpoint.id)
    }

    // MARK: - Changing state

    /// Sets register `index` (1...31, or 32 for pc). Changing the past discards the
    /// recorded future: execution continues live from here.
    public func setRegister(_ index: Int, _ value: UInt32) {
        guard (1...32).contains(index) else { return }
        divergeFromHistory()
        if index == 32 { machine.hart.pc = value } else { machine.hart[index] = value }
        reportedFault = nil
    }

    /// Writes guest memory (ignoring page permissions, as a debugger may); false when the
    /// range leaves guest memory. Changing the past discards the recorded future.
    @discardableResult
    public func writeMemory(_ bytes: [UInt8], at address: UInt32) -> Bool {
        guard machine.memory.contains(address, count: UInt32(clamping: bytes.count)) else { return false }
        divergeFromHistory()
        machine.memory.write(bytes, at: address)
        codeMayHaveChanged(address, bytes.count)
        return true
    }

    private func divergeFromHistory() {
        guard !history.isLive else { return }
        history.truncate()
        capturedOutput.removeSubrange(outputCount...)
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

    /// Runs until a breakpoint, watchpoint, fault or exit.
    @discardableResult
    public func continueExecution() -> DebugEvent {
        perform { runForward { false } }
    }

    /// Runs until pc reaches `address` (or another event stops it first).
    @discardableResult
    public func runUntil(_ address: UInt32) -> DebugEvent {
        perform { runForward { [machine] in machine.hart.pc == address } }
    }

    /// Goes back one instruction, undoing its registers and memory (and, for a system call,
    /// everything it did to the guest).
    @discardableResult
    public func reverseStep() -> DebugEvent {
        perform { undoOne() == nil ? .historyStart : .stepped }
    }

    /// Goes back `count` instructions (stops at the start of the history).
    @discardableResult
    public func reverseStep(count: Int) -> DebugEvent {
        perform {
            for _ in 0..<max(count, 0) where undoOne() == nil { return .historyStart }
            return .stepped
        }
    }

    /// Goes back until a breakpoint (at the instruction it stops before), a watched write
    /// (at the instruction that wrote), or the start of the history.
    @discardableResult
    public func reverseContinue() -> DebugEvent {
        perform {
            var count: UInt64 = 0
            while true {
                guard let written = undoOne() else { return .historyStart }
                for range in written {
                    if let watch = watchpoints.first(where: { $0.overlaps(range.address, range.count) }) {
                        return .watchpoint(id: watch.id, address: max(range.address, watch.address))
                    }
                }
                if let breakpoint = breakpoint(at: machine.hart.pc) {
                    return .breakpoint(id: breakpoint.id, address: breakpoint.address)
                }
                count += 1
                if let stop = checkInterrupt(count) { return stop }
            }
        }
    }

    // MARK: - Command plumbing

    /// Runs a command, then notes which registers it changed and the event it stopped with.
    private func perform(_ command: () -> DebugEvent) -> DebugEvent {
        let hart = machine.hart
        let before = hart.registerFile + [hart.pc]
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

    // MARK: - One instruction forwards

    /// Runs (live) or replays (from the history) one instruction. Returns the event it
    /// caused, or nil when it simply retired. With `overBreakpoint` false, a breakpoint at
    /// pc stops before the instruction.
    func forwardOne(overBreakpoint: Bool) -> DebugEvent? {
        if !history.isLive { return replayOne(overBreakpoint: overBreakpoint) }
        if let outcome = process.outcome { return .exited(outcome) }
        return liveOne(overBreakpoint: overBreakpoint)
    }

    private func replayOne(overBreakpoint: Bool) -> DebugEvent? {
        if !overBreakpoint, let breakpoint = breakpoint(at: machine.hart.pc) {
            return .breakpoint(id: breakpoint.id, address: breakpoint.address)
        }
        let hadEnded = process.outcome != nil
        guard let written = redoOne() else { return nil }
        if !hadEnded, let outcome = process.outcome { return .exited(outcome) }
        for range in written {
            if let watch = watchpoints.first(where: { $0.overlaps(range.address, range.count) }) {
                return .watchpoint(id: watch.id, address: max(range.address, watch.address))
            }
        }
        return nil
    }

    private func liveOne(overBreakpoint: Bool) -> DebugEvent? {
        let hart = machine.hart
        savedRegisters.update(from: hart.registers, count: 32)
        let pcBefore = hart.pc, instretBefore = hart.instret
        let reservationBefore = machine.reservation, outputBefore = outputCount
        watchHit = nil
        pendingWrites.removeAll(keepingCapacity: true)

        let stop: StopReason?
        if overBreakpoint {
            stop = Interpreter.step(machine)
        } else {
            let reason = Interpreter.run(machine, budget: 1)
            stop = reason == .budgetExhausted ? nil : reason
        }
        var event: DebugEvent?
        switch stop {
        case nil, .halted?, .budgetExhausted?, .watchpoint?:
            break
        case .breakpoint?:
            // Nothing ran: the loop stopped on the patched entry.
            let breakpoint = breakpoint(at: pcBefore)
            return .breakpoint(id: breakpoint?.id ?? 0, address: pcBefore)
        case .trap(let trap)? where trap.cause == .environmentCallFromU:
            process.handle(.trap(trap))
            drainOutput()
            if let outcome = process.outcome { event = .exited(outcome) }
        case .trap(let trap)?:
            if let reported = reportedFault, reported.trap == trap, reported.instret == hart.instret {
                // Resumed at a fault already reported: deliver the signal, ending the process.
                process.handle(.trap(trap))
                reportedFault = nil
                if let outcome = process.outcome { event = .exited(outcome) }
            } else {
                reportedFault = (trap, hart.instret)
                event = .fault(trap, signal: LinuxSignal.forTrap(trap.cause))
            }
        }
        machine.pendingStop = nil
        recordLive(pc: pcBefore, instret: instretBefore, reservation: reservationBefore, outputCount: outputBefore)
        if event == nil, let hit = watchHit { event = .watchpoint(id: hit.id, address: hit.address) }
        return event
    }

    // MARK: - Recording

    /// The store hook: saves the bytes a guest store is about to overwrite, and raises the
    /// watchpoint stop when they are watched.
    private func storeWillHappen(_ address: UInt32, width: UInt32) {
        guard let bytes = machine.memory.read(address, count: Int(width)) else { return }
        pendingWrites.append((address, bytes))
        if watchHit == nil, let watch = watchpoints.first(where: { $0.overlaps(address, Int(width)) }) {
            watchHit = (watch.id, max(address, watch.address))
            machine.pendingStop = .watchpoint(address: address)
        }
    }

    /// The system-call observer: saves the bytes of mapped pages a call is about to write.
    /// Unmapped pages are skipped: they always read as zero (munmap and brk discard what
    /// they unmap), so a fresh mapping costs the log nothing.
    private func systemCallWillWrite(_ address: UInt32, count: UInt32) {
        let memory = machine.memory
        guard count > 0, memory.contains(address, count: count) else { return }
        var cursor = UInt64(address)
        let end = UInt64(address) + UInt64(count)
        while cursor < end {
            let pageEnd = min(end, (cursor / UInt64(Memory.pageSize) + 1) * UInt64(Memory.pageSize))
            let start = UInt32(cursor)
            if memory.permissions(at: start) != [], let bytes = memory.read(start, count: Int(pageEnd - cursor)) {
                if let last = pendingWrites.last, UInt64(last.address) + UInt64(last.bytes.count) == cursor {
                    pendingWrites[pendingWrites.count - 1].bytes += bytes
                } else {
                    pendingWrites.append((start, bytes))
                }
            }
            cursor = pageEnd
        }
        if watchHit == nil, let watch = watchpoints.first(where: { $0.overlaps(address, Int(count)) }) {
            watchHit = (watch.id, max(address, watch.address))
        }
    }

    private func drainOutput() {
        guard let capture else { return }
        let bytes = capture.drain()
        guard !bytes.isEmpty else { return }
        capturedOutput += bytes
        outputCount = capturedOutput.count
    }

    /// Builds the history record of the instruction that just ran live.
    private func recordLive(pc: UInt32, instret: UInt64, reservation: UInt32?, outputCount outputBefore: Int) {
        let hart = machine.hart
        var registers: [(index: UInt8, value: UInt32)] = []
        for index in 1..<32 where savedRegisters[index] != hart.registers[index] {
            registers.append((UInt8(index), savedRegisters[index]))
        }
        var memory: [(address: UInt32, bytes: [UInt8])] = []
        if pendingWrites.count == 1 {
            // One write: keep only the bytes it changed. (With several writes to
            // overlapping ranges, trimming against the final bytes could lose an
            // intermediate value, so they are kept whole.)
            let write = pendingWrites[0]
            if let now = machine.memory.read(write.address, count: write.bytes.count),
                let first = now.indices.first(where: { now[$0] != write.bytes[$0] }),
                let last = now.indices.last(where: { now[$0] != write.bytes[$0] })
            {
                memory.append((write.address &+ UInt32(first), Array(write.bytes[first...last])))
            }
        } else {
            memory = pendingWrites
        }
        pendingWrites.removeAll(keepingCapacity: true)
        let retired = hart.instret &- instret
        let outcomeChanged = process.outcome != nil
        let reservationChanged = reservation != machine.reservation
        let outputChanged = outputBefore != outputCount
        guard retired != 0 || pc != hart.pc || !registers.isEmpty || !memory.isEmpty || outcomeChanged
            || reservationChanged || outputChanged
        else { return }  // a fault: nothing happened

        var record = History.Record(
            pc: pc, value: 0, address: 0, register: 0, width: 0, retired: UInt8(truncatingIfNeeded: retired),
            hasExtra: false)
        let simple = !outcomeChanged && !reservationChanged && !outputChanged && retired <= 1
        if simple && memory.isEmpty && registers.count <= 1 {
            if let change = registers.first { (record.register, record.value) = (change.index, change.value) }
            history.append(record, extra: nil)
        } else if simple && registers.isEmpty && memory.count == 1 && memory[0].bytes.count <= 4 {
            record.address = memory[0].address
            record.width = UInt8(memory[0].bytes.count)
            for (offset, byte) in memory[0].bytes.enumerated() { record.value |= UInt32(byte) << (8 * offset) }
            history.append(record, extra: nil)
        } else {
            var extra = History.Extra()
            extra.registers = registers
            extra.memory = memory
            if reservationChanged { extra.reservation = .some(reservation) }
            if outcomeChanged { extra.outcome = .some(nil) }
            if outputChanged { extra.outputCount = outputBefore }
            history.append(record, extra: extra)
        }
    }

    // MARK: - Replaying the history

    /// Undoes the record before the cursor; returns the memory ranges it rewrote, or nil at
    /// the start of the history.
    private func undoOne() -> [(address: UInt32, count: Int)]? {
        guard let (index, record, extra) = history.takeUndo() else { return nil }
        reportedFault = nil
        return apply(record, extra, at: index, backwards: true)
    }

    /// Redoes the record at the cursor; nil when execution is live.
    private func redoOne() -> [(address: UInt32, count: Int)]? {
        guard let (index, record, extra) = history.takeRedo() else { return nil }
        return apply(record, extra, at: index, backwards: false)
    }

    /// Swaps the machine's state with a record's (see `History`), in either direction.
    private func apply(_ record: History.Record, _ extra: History.Extra?, at index: Int, backwards: Bool)
        -> [(address: UInt32, count: Int)]
    {
        let hart = machine.hart
        let memory = machine.memory
        var record = record
        var written: [(address: UInt32, count: Int)] = []
        swap(&record.pc, &hart.pc)
        hart.instret = backwards ? hart.instret &- UInt64(record.retired) : hart.instret &+ UInt64(record.retired)
        if record.register != 0 {
            swap(&record.value, &hart.registers[Int(record.register)])
        }
        if record.width != 0, let pointer = memory.hostPointer(record.address, count: UInt32(record.width)) {
            var other: UInt32 = 0
            for offset in 0..<Int(record.width) {
                other |= UInt32(pointer.load(fromByteOffset: offset, as: UInt8.self)) << (8 * offset)
                pointer.storeBytes(of: UInt8(truncatingIfNeeded: record.value >> (8 * offset)), toByteOffset: offset, as: UInt8.self)
            }
            record.value = other
            written.append((record.address, Int(record.width)))
            codeMayHaveChanged(record.address, Int(record.width))
        }
        guard var extra else {
            history.store(record, extra: nil, at: index)
            return written
        }
        for position in extra.registers.indices {
            let slot = Int(extra.registers[position].index)
            swap(&extra.registers[position].value, &hart.registers[slot])
        }
        // Writes undo newest first and redo oldest first, so overlapping writes compose.
        let order = backwards ? Array(extra.memory.indices.reversed()) : Array(extra.memory.indices)
        for position in order {
            let change = extra.memory[position]
            guard let current = memory.read(change.address, count: change.bytes.count) else { continue }
            memory.write(change.bytes, at: change.address)
            extra.memory[position].bytes = current
            written.append((change.address, change.bytes.count))
            codeMayHaveChanged(change.address, change.bytes.count)
        }
        if let reservation = extra.reservation {
            extra.reservation = .some(machine.reservation)
            machine.reservation = reservation
        }
        if let outcome = extra.outcome {
            extra.outcome = .some(process.outcome)
            process.outcome = outcome
        }
        if let count = extra.outputCount {
            extra.outputCount = outputCount
            outputCount = count
        }
        history.store(record, extra: extra, at: index)
        return written
    }

    private func codeMayHaveChanged(_ address: UInt32, _ count: Int) {
        let code = machine.code
        if UInt64(address) < UInt64(code.end), UInt64(address) + UInt64(count) > UInt64(code.start) {
            machine.codeChanged()
        }
    }
}
