/// Runs a bare-metal test binary (riscv-tests, riscv-arch-test) in machine mode until it
/// reports its result through HTIF `tohost` or its instruction budget runs out.
///
/// The hart starts in machine mode at the ELF entry point with every page readable,
/// writable and executable (test environments put data beside code). Every exception the
/// interpreter raises is taken into `mtvec` as the privileged spec describes
/// (`Machine.enterTrap`); the test's own trap handler decides what happens next.
public final class BareMetalRunner {
    /// The program.
    public let elf: ELFFile
    /// The machine it runs on.
    public let machine: Machine
    /// The configuration it runs under.
    public let configuration: BareMetalConfiguration
    /// The address of `tohost`.
    public let tohost: UInt32
    /// The first value written to `tohost`, once the test has written one.
    public private(set) var tohostValue: UInt32?
    /// Instructions retired so far, counted independently of `minstret`, which the guest
    /// may rewrite.
    public private(set) var retired: UInt64 = 0

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
    }

    /// Runs until the test reports or the budget is used up.
    public func run() -> BareMetalOutcome {
        let hart = machine.hart
        while tohostValue == nil {
            guard retired < configuration.maxInstructions else { return .budgetExhausted }
            let before = hart.instret
            let remaining = configuration.maxInstructions - retired
            let stop: StopReason
            if before > UInt64.max - remaining {
                // The guest set minstret near 2^64 (riscv-tests' instret_overflow): the loop's
                // limit (instret + budget) would saturate and run nothing, so step one at a
                // time through the generic executor until the counter wraps.
                stop = Interpreter.stepGeneric(machine) ?? .budgetExhausted
            } else {
                stop = Interpreter.run(machine, budget: remaining)
            }
            retired &+= machine.csrs.retiredSince(before, now: hart.instret)
            switch stop {
            case .trap(let trap):
                machine.enterTrap(trap)
            case .budgetExhausted, .halted, .breakpoint, .watchpoint:
                break
            }
        }
        return Self.outcome(tohost: tohostValue ?? 0)
    }

    /// Interprets a `tohost` value by the riscv-tests convention.
    public static func outcome(tohost value: UInt32) -> BareMetalOutcome {
        if value == 1 { return .passed }
        if value & 1 == 1 { return .failed(testNumber: value >> 1) }
        return .unsupportedCommand(value: value)
    }
}
