/// Runs a bare-metal test binary (riscv-tests, riscv-arch-test) in machine mode until it
/// reports its result through HTIF `tohost` or its instruction budget runs out.
///
/// The hart starts in machine mode at the ELF entry point with every page readable,
/// writable and executable (test environments put data beside code). Every exception the
/// interpreter raises is taken into `mtvec`, or `stvec` when delegated, as the privileged
/// spec describes (`Machine.enterTrap`); pending, enabled interrupts are taken between
/// runs of the loop (CSR writes that may enable one stop the loop); the test's own trap
/// handler decides what happens next.
public final class BareMetalRunner {
    /// The program.
    public let elf: ELFFile
    /// The machine it runs on.
    public let machine: Machine
    /// The configuration it runs under.
    public let configuration: BareMetalConfiguration
    /// The address of `tohost`.
    public let tohost: UInt32
    // tohostValue, retired and clint are read or written at every pass of the run loop,
    // one instruction per pass under Sv32: `@exclusivity(unchecked)`, see `Hart.pc`.
    /// The first value written to `tohost`, once the test has written one.
    @exclusivity(unchecked) public private(set) var tohostValue: UInt32?
    /// Instructions retired so far, counted independently of `minstret`, which the guest
    /// may rewrite.
    @exclusivity(unchecked) public private(set) var retired: UInt64 = 0
    /// The timer and software-interrupt device (`CLINT.swift`).
    @exclusivity(unchecked) public private(set) var clint = CLINT()
    /// While the machine timer interrupt is enabled, the loop runs at most this many
    /// instructions between looks at `mtime`, so a timer interrupt is taken that late at most.
    static let timerSlice: UInt64 = 10_000

    /// Whether `elf` looks like a bare-metal test binary (it defines `tohost`).
    public static func isBareMetal(_ elf: ELFFile) -> Bool { elf.symbol(named: "tohost") != nil }

    /// Loads `elf` into a fresh machine.
    public init(elf: ELFFile, configuration: BareMetalConfiguration = BareMetalConfiguration())
        throws(BareMetalError)
    {
        guard let symbol = elf.symbol(named: "tohost") else { throw .noTohost }
        let image: ImageLoader.Image
        do {
            image = try ImageLoader.load(elf, arenaSize: configuration.memorySize, isa: configuration.isa, allWritable: true)
        } catch {
            throw .load(error)
        }
        self.elf = elf
        self.machine = image.machine
        self.configuration = configuration
        self.tohost = symbol.value
        machine.hart.privilege = .machine
        machine.csrs.machineMode = true
        // Bare metal starts with the FPU Off (mstatus.FS = 0): the program enables it.
        machine.csrs.mstatus &= ~(3 << CSRFile.floatStatusShift)
        installHTIF()
    }

    /// HTIF: `tohost` is a 64-bit register; the riscv-tests write the low word with the
    /// result and then the high word with zero. The first non-zero low word ends the run.
    private func installHTIF() {
        let tohost = self.tohost
        machine.memory.hookStores(in: tohost...(tohost &+ 7))
        machine.memory.storeHook = { [unowned self] address, width, value in
            if address == tohost, value != 0, self.tohostValue == nil {
                // A store of fewer than 4 bytes still carries the low bits of the word.
                self.tohostValue = width >= 4 ? value : value & ((1 << (width * 8)) - 1)
                self.machine.pendingStop = .halted
            }
            return true
        }
        // A write to minstret rewinds the counter the budget is measured with; stopping the
        // loop right after it lets `run` account for the instructions before the write.
        machine.csrs.counterWritten = { [unowned self] in
            if self.machine.pendingStop == nil { self.machine.pendingStop = .halted }
        }
        // The loop does not look at interrupts; a write that may make one takeable stops it
        // after that instruction so that `run` takes the interrupt before the next one.
        machine.csrs.interruptsChanged = { [unowned self] in
            if self.machine.pendingStop == nil { self.machine.pendingStop = .halted }
        }
    }

    /// Runs until the test reports or the budget is used up; with an `observer`, one
    /// instruction at a time, each shown to it.
    public func run(observer: BareMetalStepObserver? = nil) -> BareMetalOutcome {
        let deadline = configuration.timeLimitNanoseconds.map { HostClock.monotonicNanoseconds() &+ $0 }
        // With a time limit the loop runs in slices, so the clock is read every slice.
        let slice: UInt64 = deadline == nil ? .max : 1 << 20
        var nextClockCheck = retired
        while tohostValue == nil {
            guard retired < configuration.maxInstructions else { return .budgetExhausted }
            if let deadline, retired >= nextClockCheck {
                if HostClock.monotonicNanoseconds() >= deadline { return .timedOut }
                nextClockCheck = retired &+ slice
            }
            _ = pass(budget: min(configuration.maxInstructions - retired, slice), observer: observer)
        }
        return Self.outcome(tohost: tohostValue ?? 0)
    }

    /// One pass of the run loop (`run`, and `emu debug` through `BareMetalDebugTarget`):
    /// takes the pending, enabled interrupt if any, runs at most `budget` instructions
    /// (one with an observer; one through the generic executor with `overBreakpoint`, so
    /// that a breakpoint patched at pc does not stop it) and takes the exception they
    /// raised. Returns why the interpreter stopped, an exception taken reading as `.halted`
    /// (the caller has nothing to do for it).
    @discardableResult
    public func pass(budget: UInt64, overBreakpoint: Bool = false, observer: BareMetalStepObserver? = nil) -> StopReason {
        let hart = machine.hart
        machine.updateDeviceInterrupts(clint)
        if let interrupt = machine.takeableInterrupt() {
            let pc = hart.pc
            machine.enterInterrupt(interrupt)
            observer?.interruptTaken(machine, code: interrupt, at: pc)
        }
        let before = hart.instret
        var remaining = budget
        if machine.csrs.mie >> CSRFile.Interrupt.machineTimer & 1 == 1, clint.mtimecmp != .max {
            remaining = min(remaining, Self.timerSlice)
        }
        if let observer {
            remaining = 1
            observer.willStep(machine)
        }
        let stop: StopReason
        if machine.needsTranslation {
            // Sv32 is on for this privilege: one instruction at a time through the
            // translating step (the threaded loop knows nothing of page tables).
            stop = Interpreter.stepTranslated(machine) ?? .budgetExhausted
        } else if overBreakpoint {
            stop = Interpreter.step(machine) ?? .budgetExhausted
        } else if before > UInt64.max - remaining {
            // The guest set minstret near 2^64 (riscv-tests' instret_overflow): the loop's
            // limit (instret + budget) would saturate and run nothing, so step one at a
            // time through the generic executor until the counter wraps.
            stop = Interpreter.stepGeneric(machine) ?? .budgetExhausted
        } else {
            stop = Interpreter.run(machine, budget: remaining)
        }
        retired &+= machine.csrs.retiredSince(before, now: hart.instret)
        var taken: Trap?
        switch stop {
        case .trap(let trap):
            // A load or store of the CLINT faults in the loop; emulate it and go on.
            if machine.emulateDeviceAccess(trap, &clint) {
                retired &+= 1
            } else {
                machine.enterTrap(trap)
                taken = trap
            }
        case .budgetExhausted, .halted, .breakpoint, .watchpoint:
            break
        }
        observer?.didStep(machine, trap: taken)
        if case .trap = stop { return .halted }
        return stop
    }

    /// Interprets a `tohost` value by the riscv-tests convention.
    public static func outcome(tohost value: UInt32) -> BareMetalOutcome {
        if value == 1 { return .passed }
        if value & 1 == 1 { return .failed(testNumber: value >> 1) }
        return .unsupportedCommand(value: value)
    }
}
