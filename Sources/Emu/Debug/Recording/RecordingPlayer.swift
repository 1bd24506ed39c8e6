import Glibc

/// Answers a process's stops from a recording instead of the host: the replay half of
/// `emu run --record`. The process is built from the same program and header (arguments,
/// environment, memory limit, ISA); the player puts the recorded initial stack in place,
/// then at each stop checks that the run is where the recording says (instruction count,
/// pc, kind of stop) and applies the recorded effect. Nothing reaches the host but the
/// recorded stdout/stderr bytes.
///
/// `emu run --replay` drives it with `run()`; `emu debug --replay` hands `handle` to the
/// `Debugger` as its stop handler, so the debugger's own checkpoints and log record the
/// replayed run as they record a live one, and reverse execution works over it.
public final class RecordingPlayer {
    public let recording: Recording
    public let process: LinuxProcess
    private var machine: Machine { process.machine }
    /// Index of the next stop record to meet.
    private var next = 0
    /// Where the recorded output goes (stream 1 or 2). Default: the process's standard
    /// streams' host descriptors.
    public var outputSink: (_ stream: UInt8, _ bytes: [UInt8]) -> Void
    /// Set when the replay left the recording: the message says where and how.
    public private(set) var divergence: String?
    /// Whether the replay reached the recording's end and the final state matched.
    public private(set) var reachedEnd = false

    /// A replay that left the recording.
    public struct Divergence: Error, CustomStringConvertible {
        public let instret: UInt64
        public let detail: String
        public var description: String { "replay diverged at instruction \(instret): \(detail)" }
    }

    /// Prepares `process` (built from the recording's program and header, not yet run):
    /// checks the program, sets the time rate, the stack and registers, and checks the
    /// initial digest.
    public init(recording: Recording, process: LinuxProcess) throws(RecordingError) {
        self.recording = recording
        self.process = process
        let streams = process.configuration.standardStreams
        outputSink = { stream, bytes in
            let fd = Int(stream) < streams.count ? streams[Int(stream)] : Int32(stream)
            var done = 0
            while done < bytes.count {
                let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                done += count
            }
        }
        let header = recording.header
        guard ELFDigest.of(process.elf) == header.elfDigest else {
            throw RecordingError("the recording was made with another program (its ELF digest differs; the recording names \(header.programPath))")
        }
        let machine = process.machine
        machine.csrs.timeSource = .instructionCount(nanosecondsPerInstruction: header.nanosecondsPerInstruction)
        guard header.stackBytes.count <= Int(UInt32.max), machine.memory.contains(header.stackStart, count: UInt32(header.stackBytes.count)),
            machine.memory.check(header.stackStart, count: UInt32(header.stackBytes.count), has: .write)
        else {
            throw RecordingError("the recording's initial stack lies outside this process's stack")
        }
        machine.memory.write(header.stackBytes, at: header.stackStart)
        for index in 1..<32 { machine.hart[index] = header.registers[index] }
        machine.hart.pc = header.pc
        guard MachineDigest.of(machine) == header.initialDigest else {
            throw RecordingError("the initial state differs from the recording's (another memory limit, ISA or emu version?)")
        }
    }

    /// The next stop the recording expects, if any.
    private var expected: RecordedStop? { next < recording.stops.count ? recording.stops[next] : nil }

    /// The instruction count at which the loop must stop by budget for the next recorded
    /// stop (one of kind `.other`: a signal delivered or a limit reached between
    /// instructions), if the next is one.
    public var nextBudgetStop: UInt64? {
        guard let stop = expected, stop.kind == .other else { return nil }
        return stop.instret
    }

    /// How many instructions to run before the next stop: to an `.other` stop's count
    /// exactly, or one past a system call's or fault's count (the loop stops at it first).
    public func budget() -> UInt64 {
        let now = machine.hart.instret
        if let stop = expected {
            if stop.kind == .other { return stop.instret > now ? stop.instret - now : 0 }
            return stop.instret >= now ? stop.instret - now + 1 : 1
        }
        if case .stopped = recording.end.reason { return recording.end.instret >= now ? recording.end.instret - now + 1 : 1 }
        return 1
    }

    /// Runs the whole replay (`emu run --replay`): returns the outcome, or nil when the
    /// recording ended before the process did (at a clone or execve) and the state there
    /// matched. Throws on a divergence.
    public func run() throws(Divergence) -> ProcessOutcome? {
        while process.outcome == nil, !reachedEnd {
            let budget = budget()
            let stop = budget == 0 ? StopReason.budgetExhausted : Interpreter.run(machine, budget: budget, exact: true)
            machine.pendingStop = nil
            try answer(stop)
        }
        return process.outcome
    }

    /// The debugger's stop handler: `answer`, with a divergence (or running past a
    /// recording that stopped early) ending the process with SIGKILL and `divergence` set.
    public func handle(_ stop: StopReason) {
        do throws(Divergence) {
            try answer(stop)
            if reachedEnd, process.outcome == nil { throw Divergence(instret: machine.hart.instret, detail: endedEarlyMessage) }
        } catch {
            divergence = error.description
            process.outcome = .signaled(signal: LinuxSignal.SIGKILL, trap: nil)
        }
    }

    public var endedEarlyMessage: String {
        if case .stopped(let number) = recording.end.reason {
            return "the recording ends here, at system call \(LinuxSyscall(rawValue: number).map { "\($0)" } ?? "\(number)") (the rest of the run was not recorded)"
        }
        return "past the end of the recording"
    }

    /// Checks that `stop` is the next recorded one and applies its effect.
    public func answer(_ stop: StopReason) throws(Divergence) {
        let hart = machine.hart
        let now = hart.instret
        let kind: RecordedStop.Kind
        var cause: UInt32 = 0
        switch stop {
        case .trap(let trap) where trap.cause == .environmentCallFromU: kind = .systemCall
        case .trap(let trap):
            kind = .trap
            cause = trap.cause.rawValue
        default: kind = .other
        }
        guard let expected else {
            guard case .stopped = recording.end.reason, !reachedEnd else {
                throw Divergence(instret: now, detail: "the run went on past the recording's end")
            }
            guard kind == .systemCall, now == recording.end.instret, hart.pc == recording.end.pc else {
                throw Divergence(instret: min(now, recording.end.instret), detail: "expected the recording's last ecall at pc \(hex(recording.end.pc)), got \(describe(kind, cause)) at pc \(hex(hart.pc))")
            }
            guard MachineDigest.of(machine) == recording.end.digest else {
                throw Divergence(instret: now, detail: "the state at the recording's end differs from the recorded one")
            }
            reachedEnd = true
            return
        }
        if kind == .other, now < expected.instret { return }  // an early budget stop of the caller's: nothing recorded here
        guard now == expected.instret, hart.pc == expected.pc, kind == expected.kind, cause == expected.cause else {
            throw Divergence(
                instret: min(now, expected.instret),
                detail: "expected \(describe(expected.kind, expected.cause)) at pc \(hex(expected.pc)) (instruction \(expected.instret)), got \(describe(kind, cause)) at pc \(hex(hart.pc)) (instruction \(now))")
        }
        try apply(expected)
        next += 1
        if expected.endsProcess {
            guard next == recording.stops.count, case .ended(let outcome) = recording.end.reason else {
                throw Divergence(instret: now, detail: "the recording's end record does not match its last stop")
            }
            guard MachineDigest.of(machine) == recording.end.digest else {
                throw Divergence(instret: hart.instret, detail: "the final registers and memory differ from the recorded ones")
            }
            process.outcome = outcome
            reachedEnd = true
        }
    }

    /// Applies one stop's memory, permissions, output and registers. Every address and
    /// length came from the file: each is checked against the arena before use.
    private func apply(_ stop: RecordedStop) throws(Divergence) {
        let memory = machine.memory
        let code = machine.code
        var codeTouched = false
        func bad(_ what: String) -> Divergence { Divergence(instret: stop.instret, detail: "the recording \(what) (corrupt file?)") }
        for piece in stop.pieces {
            let address: UInt32, count: UInt32
            switch piece {
            case .bytes(let start, let bytes):
                guard bytes.count <= Int(UInt32.max), memory.contains(start, count: UInt32(bytes.count)) else {
                    throw bad("writes outside guest memory")
                }
                // Told as the shim's writes are: the debugger logs what a stop wrote.
                process.guestWriteObserver?(start, UInt32(bytes.count))
                memory.write(bytes, at: start)
                (address, count) = (start, UInt32(bytes.count))
            case .zeros(let start, let length):
                guard let pointer = memory.hostPointer(start, count: length) else { throw bad("clears memory outside the guest's") }
                process.guestWriteObserver?(start, length)
                pointer.initializeMemory(as: UInt8.self, repeating: 0, count: Int(length))
                (address, count) = (start, length)
            }
            if UInt64(address) < UInt64(code.end), UInt64(address) + UInt64(count) > UInt64(code.start) { codeTouched = true }
        }
        for run in stop.permissions {
            guard run.pages.count <= memory.arenaPages,
                memory.contains(run.address, count: UInt32(run.pages.count) * Memory.pageSize)
            else {
                throw bad("sets permissions outside guest memory")
            }
            for (index, permissions) in run.pages.enumerated() {
                memory.setPermissions(PagePermissions(rawValue: permissions), address: run.address + UInt32(index) * Memory.pageSize, count: Memory.pageSize)
            }
        }
        for write in stop.output { outputSink(write.stream, write.bytes) }
        stop.after.apply(to: machine)
        if codeTouched { machine.codeChanged() }
    }

    private func describe(_ kind: RecordedStop.Kind, _ cause: UInt32) -> String {
        switch kind {
        case .systemCall: return "a system call"
        case .trap: return "a trap (cause \(cause))"
        case .other: return "a stop between instructions"
        }
    }

    private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
}
