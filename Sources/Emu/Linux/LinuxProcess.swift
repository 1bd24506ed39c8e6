import Glibc

/// A Linux guest process: a machine loaded from an ELF file, its stack, heap, mappings,
/// files and limits, and the system-call shim that answers its `ecall`s.
public final class LinuxProcess {
    /// The machine the guest runs on (a new one after each execve).
    public internal(set) var machine: Machine
    /// The program's ELF file (symbols for diagnostics; the new program's after execve).
    public internal(set) var elf: ELFFile
    /// The auxiliary vector emu built on the initial stack (of the latest execve), as
    /// gdb's `qXfer:auxv:read` serves it (see `LinuxStack.auxiliaryVector`).
    public internal(set) var auxiliaryVector: [UInt8] = []
    /// The configuration it was started with.
    public let configuration: LinuxConfiguration
    /// Receives each `--strace` line (without newline). Defaults to standard error.
    public var straceSink: (String) -> Void = { line in
        var text = line + "\n"
        text.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
    /// `--strace`'s pending entry line and the once-only notices (LinuxProcess+Strace.swift).
    let straceState = StraceState()
    /// Set when the guest has exited or been killed.
    public internal(set) var outcome: ProcessOutcome?
    /// Told each guest range a system call is about to write, before it writes, so that
    /// the debugger can record the old bytes (its undo log replays syscalls, never reruns them).
    var guestWriteObserver: ((_ address: UInt32, _ count: UInt32) -> Void)?
    /// Told the bytes each guest write or writev put on a host descriptor (`RunRecorder`
    /// keeps those sent to the standard streams, which replay writes again).
    var hostOutputObserver: ((_ hostFD: Int32, _ bytes: UnsafeRawBufferPointer) -> Void)?

    let files: FileDescriptorTable
    let fileSystem: GuestFileSystem
    /// The host directories behind `--tmpfs` mounts, deleted when the process is released.
    let temporaryDirectories: [TemporaryDirectory]
    var hostname: String
    var randomState: SplitMix64
    /// Bytes charged to `--max-write` so far (see LinuxProcess+Quota).
    /// (Until the tree's table exists; then the table's shared count: see `bytesWritten`.)
    var ownBytesWritten: UInt64 = 0
    /// Directory entries the guest created and has not removed, against `--max-files`.
    var entriesCreated = 0
    /// The guest's own inode and device numbers (see LinuxProcess+HostFacts).
    let hostFacts = HostFactTable()
    /// The guest's umask, resource limits and groups (see LinuxProcess+Resources).
    let resources: GuestResources
    let startNanoseconds = HostClock.monotonicNanoseconds()
    /// Dispositions, masks, pending signals and timers (see Signals/).
    let signals = SignalState()
    /// This process's place in the guest's process tree (its pid, the shared table).
    let tree = ProcessTreeMembership()
    /// Its threads, once it has more than one (see Threads/).
    let threads = ProcessThreads()

    // MARK: Address-space layout
    /// Start of the heap (page after the image); `brk` never goes below it.
    var heapStart: UInt32
    /// The current program break.
    var programBreak: UInt32
    /// Lowest address of the stack reservation.
    var stackBottom: UInt32
    /// mmap'd ranges, sorted by start address.
    var mappings: [GuestRange] = []

    /// Errors starting a process.
    public enum StartError: Error, CustomStringConvertible {
        case load(LoadError)
        case fileSystem(GuestFileSystem.SetupError)
        case temporaryDirectory(TemporaryDirectory.CreationError)
        public var description: String {
            switch self {
            case .load(let error): return error.description
            case .fileSystem(let error): return error.description
            case .temporaryDirectory(let error): return error.description
            }
        }
    }

    /// Loads `elf` and builds the initial process state for `configuration`.
    public init(elf: ELFFile, configuration: LinuxConfiguration) throws(StartError) {
        self.elf = elf
        self.configuration = configuration
        let image: ImageLoader.Image
        do {
            image = try ImageLoader.load(elf, arenaSize: configuration.memoryLimit, isa: configuration.isa)
        } catch { throw .load(error) }
        machine = image.machine
        machine.csrs.timeSource = configuration.deterministic ? .instructionCount(nanosecondsPerInstruction: 1) : .host
        var temporaries: [TemporaryDirectory] = []
        var mounts = configuration.mounts
        for guestPath in configuration.temporaryMounts {
            do {
                let directory = try TemporaryDirectory()
                temporaries.append(directory)
                mounts.append(Mount(hostPath: directory.path, guestPath: GuestPath.normalize(guestPath), readOnly: false))
            } catch { throw .temporaryDirectory(error) }
        }
        temporaryDirectories = temporaries
        do {
            fileSystem = try GuestFileSystem(mounts: mounts, workingDirectory: configuration.workingDirectory)
        } catch { throw .fileSystem(error) }
        files = FileDescriptorTable(limit: configuration.maxFileDescriptors, standardStreams: configuration.standardStreams)
        resources = GuestResources(configuration)
        hostname = configuration.hostname
        randomState = SplitMix64(seed: configuration.seed ^ 0x9E37_79B9_7F4A_7C15)

        let memory = machine.memory
        let bottom: UInt32, top: UInt32
        switch LinuxProcess.stackRange(memory, elf: elf, image: image, configuration) {
        case .failure(let error): throw .load(error)
        case .success(let range): (bottom, top) = range
        }
        stackBottom = bottom
        heapStart = image.imageEnd
        programBreak = heapStart

        var random = [UInt8](repeating: 0, count: 16)
        fillRandom(&random)
        let sp: UInt32
        do {
            sp = try LinuxProcess.buildStack(
                memory, top: top, elf: elf, configuration: configuration, arguments: configuration.arguments,
                environment: configuration.environment, random: random)
        } catch { throw .load(error) }
        machine.hart[2] = sp
        machine.hart.privilege = .user
        auxiliaryVector = LinuxStack.auxiliaryVector(memory: memory, sp: sp) ?? []
        // Unowned: the process owns its file system, which never outlives it.
        fileSystem.isPastDeadline = { [unowned self] in self.isPastDeadline }
        fileSystem.isGuestWrittenLink = { [unowned self] in self.isGuestLink($0, $1) }
        fileSystem.syntheticNode = { [unowned self] in self.syntheticNode(at: $0) }
        fileSystem.syntheticEntries = { [unowned self] in self.syntheticEntries(of: $0) }
        // Before the guest runs: other processes' kills and the timers arrive as host
        // signals, and a closed pipe must give EPIPE (then the guest's SIGPIPE), not kill emu.
        HostSignals.installProcessHandlers()
    }

    /// Runs the guest until it exits, is killed, or reaches a limit.
    public func run() -> ProcessOutcome {
        threads.runLoopDrives = true
        while outcome == nil {
            // After the first clone of a thread every thread runs its own loop (Threads/).
            if threads.group != nil { runThreadLeader(); break }
            let (budget, exact) = nextBudget()
            handle(Interpreter.run(machine, budget: budget, exact: exact))
        }
        processEnded(outcome!)
        return outcome!
    }

    /// Instructions retired by all of the guest's threads (the one machine's count for a
    /// process without threads).
    public var instructionsRetired: UInt64 {
        guard let group = threads.group else { return machine.hart.instret }
        return group.threads.reduce(threads.exitedInstructions) { $0 &+ $1.machine.hart.instret }
    }

    /// Instructions to run before the next limit check: the rest of `--max-insns` (which
    /// must be met exactly), or slices short enough that `--timeout` is noticed within a few
    /// milliseconds (which need not be). A caller that steps the guest itself (`--trace`)
    /// hands `.budgetExhausted` to `handle` when the budget is used up, as `run` does.
    public func nextBudget() -> (budget: UInt64, exact: Bool) {
        var slice: UInt64 = configuration.timeout == nil ? UInt64.max : 1 << 22
        // --deterministic: a timer fires at an instruction count (see LinuxProcess+Timers).
        if let timer = instructionsToNextTimer { slice = min(slice, timer) }
        if let maximum = configuration.maxInstructions {
            let left = maximum > machine.hart.instret ? maximum - machine.hart.instret : 0
            if left <= slice { return (left, true) }
        }
        return (slice, false)
    }

    /// Acts on one stop of the interpreter: answers a system call, turns a trap into a
    /// fatal signal, or checks the limits. Sets `outcome` when the process ends.
    public func handle(_ stop: StopReason) {
        switch stop {
        case .trap(let trap) where trap.cause == .environmentCallFromU:
            // A trap clears any LR reservation (Linux's trap return does the same with a
            // dummy SC), so an SC after a system call fails.
            machine.reservation = nil
            handleSystemCall()
        case .trap(let trap) where isSignalReturn(trap):
            if configuration.strace { straceSink("\(straceThreadID) rt_sigreturn() = \(Int32(bitPattern: machine.hart[10]))") }
            if !signalReturn() { outcome = .signaled(signal: LinuxSignal.SIGSEGV, trap: nil) }
        case .trap(let trap):
            // A handler installed for the fault's signal runs first; without one the
            // process ends with the fault's diagnostic.
            if !deliverFault(trap) { outcome = .signaled(signal: LinuxSignal.forTrap(trap.cause), trap: trap) }
        case .budgetExhausted, .halted, .breakpoint, .watchpoint:
            if let maximum = configuration.maxInstructions, machine.hart.instret >= maximum {
                outcome = .instructionLimit
            }
        }
        if outcome == nil, isPastDeadline { outcome = .timeLimit }
        // The safe point: signals that are pending and not blocked are delivered now.
        if outcome == nil { deliverPendingSignals() }
    }

    /// Whether `trap` is a signal handler returning to the trampoline page (see
    /// `trampolineAddress`): the fetch from it faults, and that fault is rt_sigreturn.
    func isSignalReturn(_ trap: Trap) -> Bool {
        trap.cause == .instructionAccessFault && trap.pc == signals.trampoline
    }

    /// Whether `--timeout` has passed. Long host-side work (path lookups) asks this and
    /// gives up early; the interpreter's own timer may use it too.
    public var isPastDeadline: Bool {
        guard let timeout = configuration.timeout else { return false }
        return Double(HostClock.monotonicNanoseconds() &- startNanoseconds) / 1e9 >= timeout
    }

    /// Fills `bytes` from the host's randomness, or from the seed in deterministic mode.
    func fillRandom(_ bytes: inout [UInt8]) {
        if configuration.deterministic {
            for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: randomState.next()) }
        } else {
            bytes.withUnsafeMutableBytes { buffer in
                _ = hostGetrandom(buffer.baseAddress!, buffer.count, 0)
            }
        }
    }
}
