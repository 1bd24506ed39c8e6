import Glibc

/// `emu run --record FILE`: runs a process as `LinuxProcess.run` does and streams what the
/// host did to it at each stop of the run loop to a recording (`RecordingFormat`).
///
/// Between stops the guest is deterministic: the threaded loop reads no host state, and
/// the `time` CSR counts instructions while recording (the header states the rate). So a
/// stop's effect (registers, the guest bytes the shim wrote, page permissions it set, and
/// the bytes it wrote to stdout/stderr) is all a replay needs. The hooks that collect them
/// (`guestWriteObserver`, `Memory.permissionObserver`, `hostOutputObserver`) cost the loop
/// nothing: they fire only inside the shim.
///
/// One process only: a clone, clone3, execve or execveat that the policy lets through
/// ends the recording cleanly before it runs (the end record says so) and the run goes on
/// unrecorded; one the policy denies is an ordinary recorded call.
public final class RunRecorder {
    public let process: LinuxProcess
    private let fd: Int32
    private var machine: Machine { process.machine }
    private var checksum = RecordingFormat.fnvOffset
    private var buffer: [UInt8] = []
    private var writes: [(address: UInt32, count: UInt32)] = []
    private var permissionRanges: [(address: UInt32, count: UInt32)] = []
    private var output: [(stream: UInt8, bytes: [UInt8])] = []
    private var collecting = false
    /// Whether the recording has ended (the process ended, or a call it cannot follow).
    public private(set) var isFinished = false
    /// The first write error, if writing the file failed (the run goes on).
    public private(set) var writeError: Int32?
    /// Stop records written.
    public private(set) var stopCount = 0
    /// Bytes written to the file.
    public private(set) var fileBytes = 0

    /// Starts a recording of `process` (which has not run yet) into descriptor `fd`: sets
    /// the deterministic time source and writes the header.
    public init(process: LinuxProcess, fd: Int32, programPath: String) {
        self.process = process
        self.fd = fd
        let machine = process.machine
        if machine.csrs.timeSource == .host { machine.csrs.timeSource = .instructionCount(nanosecondsPerInstruction: 1) }
        var rate: UInt64 = 1
        if case .instructionCount(let perInstruction) = machine.csrs.timeSource { rate = perInstruction }
        let configuration = process.configuration
        let (stackStart, stackBytes) = RunRecorder.initialStack(machine)
        let header = RecordingHeader(
            elfDigest: ELFDigest.of(process.elf), programPath: programPath, arguments: configuration.arguments,
            environment: configuration.environment, memoryLimit: UInt64(configuration.memoryLimit), isa: configuration.isa,
            nanosecondsPerInstruction: rate, stackStart: stackStart, stackBytes: stackBytes,
            registers: machine.hart.registerFile, pc: machine.hart.pc, initialDigest: MachineDigest.of(machine))
        emit(Recording.prefix())
        emit(RecordingWriter.record(.header, header.encode()))
        process.guestWriteObserver = { [unowned self] address, count in
            if collecting, count > 0 { writes.append((address, count)) }
        }
        machine.memory.permissionObserver = { [unowned self] address, count in
            if collecting, count > 0 { permissionRanges.append((address, count)) }
        }
        process.hostOutputObserver = { [unowned self] hostFD, bytes in
            guard collecting else { return }
            let streams = process.configuration.standardStreams
            let stream: UInt8? = streams.count > 1 && hostFD == streams[1] ? 1 : streams.count > 2 && hostFD == streams[2] ? 2 : nil
            if let stream { output.append((stream, Array(bytes))) }
        }
    }

    /// The initial stack: from sp to the end of the mapping that holds it.
    static func initialStack(_ machine: Machine) -> (start: UInt32, bytes: [UInt8]) {
        let memory = machine.memory
        let sp = machine.hart[2]
        guard memory.contains(sp, count: 1) else { return (sp, []) }
        var end = UInt64(sp) / UInt64(Memory.pageSize) * UInt64(Memory.pageSize)
        let arenaEnd = UInt64(memory.base) + UInt64(memory.size)
        while end < arenaEnd, !memory.permissions(at: UInt32(end)).isEmpty { end += UInt64(Memory.pageSize) }
        return (sp, memory.read(sp, count: Int(end - UInt64(sp))) ?? [])
    }

    /// Runs the process to its end, recording (`LinuxProcess.run` with `handle` in between).
    public func run() -> ProcessOutcome {
        while process.outcome == nil {
            let (budget, exact) = process.nextBudget()
            handle(Interpreter.run(machine, budget: budget, exact: exact))
        }
        process.processEnded(process.outcome!)
        return process.outcome!
    }

    /// Acts on one stop as `LinuxProcess.handle` does, recording its effect.
    public func handle(_ stop: StopReason) {
        guard !isFinished else { return process.handle(stop) }
        let before = MachineState(machine)
        let kind: RecordedStop.Kind
        var cause: UInt32 = 0
        switch stop {
        case .trap(let trap) where trap.cause == .environmentCallFromU:
            kind = .systemCall
            if let call = LinuxSyscall(rawValue: machine.hart[17]), [.clone, .clone3, .execve, .execveat].contains(call),
                process.configuration.policy.permits(call)
            {
                finish(.init(reason: .stopped(systemCall: call.rawValue), instret: before.instret, pc: before.pc,
                             digest: MachineDigest.of(machine)))
                process.noticeSink(
                    "emu: --record: the recording ends at \(call) (instruction \(before.instret)): a recording follows one process; the run goes on unrecorded\n")
                return process.handle(stop)
            }
        case .trap(let trap):
            kind = .trap
            cause = trap.cause.rawValue
        default:
            kind = .other
        }
        writes.removeAll(keepingCapacity: true)
        permissionRanges.removeAll(keepingCapacity: true)
        output.removeAll(keepingCapacity: true)
        collecting = true
        process.handle(stop)
        collecting = false
        let change = before.change(to: machine)
        let ended = process.outcome != nil
        if kind == .other, !ended, change.isEmpty, change.pc == before.pc, change.instret == before.instret, writes.isEmpty,
            permissionRanges.isEmpty, output.isEmpty
        {
            return  // the shim did nothing here: replay need not stop
        }
        let record = RecordedStop(
            instret: before.instret, pc: before.pc, kind: kind, cause: cause, endsProcess: ended, after: change,
            pieces: pieces(), permissions: permissionRuns(), output: output)
        emit(RecordingWriter.record(.stop, record.encode()))
        stopCount += 1
        if let outcome = process.outcome {
            finish(.init(reason: .ended(outcome), instret: machine.hart.instret, pc: machine.hart.pc, digest: MachineDigest.of(machine)))
        }
    }

    /// The bytes the shim wrote, read after the stop, page by page: an all-zero page
    /// (an anonymous mmap, a cleared range) is stored as a count, not as bytes.
    private func pieces() -> [RecordedStop.Piece] {
        var pieces: [RecordedStop.Piece] = []
        let memory = machine.memory
        for write in writes where memory.contains(write.address, count: write.count) {
            var address = UInt64(write.address)
            let end = address + UInt64(write.count)
            while address < end {
                let pageEnd = min(end, (address / UInt64(Memory.pageSize) + 1) * UInt64(Memory.pageSize))
                let count = Int(pageEnd - address)
                let pointer = memory.hostPointer(UInt32(address), count: UInt32(count))!
                let zero = count == Int(Memory.pageSize)
                    ? History.isZero(UnsafeRawPointer(pointer))
                    : (0..<count).allSatisfy { pointer.load(fromByteOffset: $0, as: UInt8.self) == 0 }
                if zero {
                    if case .zeros(let start, let length)? = pieces.last, UInt64(start) + UInt64(length) == address {
                        pieces[pieces.count - 1] = .zeros(address: start, count: length + UInt32(count))
                    } else {
                        pieces.append(.zeros(address: UInt32(address), count: UInt32(count)))
                    }
                } else {
                    let bytes = [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
                    if case .bytes(let start, let previous)? = pieces.last, UInt64(start) + UInt64(previous.count) == address {
                        pieces[pieces.count - 1] = .bytes(address: start, previous + bytes)
                    } else {
                        pieces.append(.bytes(address: UInt32(address), bytes))
                    }
                }
                address = pageEnd
            }
        }
        return pieces
    }

    /// The permissions, after the stop, of every page a `setPermissions` call touched.
    private func permissionRuns() -> [(address: UInt32, pages: [UInt8])] {
        let memory = machine.memory
        var runs: [(address: UInt32, pages: [UInt8])] = []
        let arenaEnd = UInt64(memory.base) + UInt64(memory.size)
        for range in permissionRanges {
            var page = max(UInt64(range.address), UInt64(memory.base)) / UInt64(Memory.pageSize) * UInt64(Memory.pageSize)
            let end = min(UInt64(range.address) + UInt64(range.count), arenaEnd)
            var run: [UInt8] = []
            let first = page
            while page < end {
                run.append(memory.permissions(at: UInt32(page)).rawValue)
                page += UInt64(Memory.pageSize)
            }
            if !run.isEmpty { runs.append((UInt32(first), run)) }
        }
        return runs
    }

    /// Writes the end record and the trailer, flushes, and detaches the hooks.
    private func finish(_ end: RecordingEnd) {
        emit(RecordingWriter.record(.end, end.encode()))
        let trailer = Recording.trailer(checksum: checksum)
        buffer += trailer
        fileBytes += trailer.count
        flush()
        isFinished = true
        process.guestWriteObserver = nil
        process.hostOutputObserver = nil
        machine.memory.permissionObserver = nil
    }

    private func emit(_ bytes: [UInt8]) {
        checksum = RecordingFormat.fnv1a64(bytes, seed: checksum)
        buffer += bytes
        fileBytes += bytes.count
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        var done = 0
        while done < buffer.count, writeError == nil {
            let count = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if count < 0 {
                if errno == EINTR { continue }
                writeError = errno
            } else {
                done += count
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
