import Decoder

/// Where the `time` CSR and the Linux clocks take their time from.
public enum TimeSource: Sendable, Equatable {
    /// The host's monotonic clock.
    case host
    /// Derived from the instruction count (`--deterministic`): `nanosecondsPerInstruction`
    /// nanoseconds per retired instruction, so two runs see the same times.
    case instructionCount(nanosecondsPerInstruction: UInt64)
}

/// The control and status registers of the hart.
///
/// User mode (Linux programs) sees the read-only counters `cycle`, `time`, `instret` and
/// their high halves. Machine mode (bare-metal test binaries) sees the machine-level CSRs.
/// A CSR that does not exist, or that the current privilege may not access, makes the
/// instruction illegal (privileged spec §2.1).
public final class CSRFile {
    /// The ISA, for `misa`.
    public let isa: ISASet
    /// Where time comes from. (timeSource, suppressInstretIncrement and instretBeforeWrite
    /// are read at every bare-metal step: `@exclusivity(unchecked)`, see `Hart.pc`.)
    @exclusivity(unchecked) public var timeSource: TimeSource = .host
    /// Nanoseconds of the monotonic clock when the machine was created.
    let startNanoseconds: UInt64 = HostClock.monotonicNanoseconds()
    /// The `time` CSR ticks at 10 MHz, as on QEMU's virt board.
    public static let timeFrequency: UInt64 = 10_000_000

    // MARK: Machine-mode state (bare-metal only).
    // `@exclusivity(unchecked)` on the scalars the bare-metal step path reads at every
    // instruction (mstatus, mie, mip, the delegations, the supervisor registers, machineMode):
    // see `Hart.pc` for why the dynamic check costs so much there and can be dropped.
    @exclusivity(unchecked) public var mstatus: UInt32 = 0
    public var mtvec: UInt32 = 0
    public var mepc: UInt32 = 0
    public var mcause: UInt32 = 0
    public var mtval: UInt32 = 0
    public var mscratch: UInt32 = 0
    @exclusivity(unchecked) public var mie: UInt32 = 0
    @exclusivity(unchecked) public var mip: UInt32 = 0
    @exclusivity(unchecked) public var medeleg: UInt32 = 0
    @exclusivity(unchecked) public var mideleg: UInt32 = 0
    public var mcounteren: UInt32 = 0
    public var pmpcfg: [UInt32] = [0, 0, 0, 0]
    public var pmpaddr: [UInt32] = Array(repeating: 0, count: 16)

    /// PMP entry `index`'s configuration byte (L, A, X, W, R), from the pmpcfg register
    /// that packs it with three others.
    func pmpEntryConfig(_ index: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: pmpcfg[index / 4] >> (8 * UInt32(index % 4)))
    }

    // MARK: Supervisor-mode state (bare-metal only; see CSRFile+Supervisor.swift).
    /// stvec, sepc, satp, ...: the supervisor CSRs with storage of their own.
    @exclusivity(unchecked) public var supervisor = SupervisorCSRs()
    /// Called after a CSR write that may make an interrupt takeable (mstatus, mie, mip and
    /// their supervisor views), or that changes PMP: the bare-metal runner stops the loop
    /// there to check (and to choose the checked step while PMP applies).
    public var interruptsChanged: (() -> Void)?

    /// Offset added to instret to give `mcycle` (writes to mcycle adjust it).
    public var cycleOffset: UInt64 = 0
    /// Set by a write to `minstret`: the writing instruction itself is not counted.
    @exclusivity(unchecked) public var suppressInstretIncrement = false
    /// Whether machine-mode CSRs exist at all (false for a Linux user-mode guest).
    @exclusivity(unchecked) public var machineMode = false
    /// Called after the guest writes `minstret` or `minstreth` (bare-metal budget accounting:
    /// the runner stops the loop there, since the write rewinds the counter it measures with).
    public var counterWritten: (() -> Void)?
    /// `instret` just before the last guest write to `minstret`/`minstreth`, until
    /// `retiredSince(_:now:)` consumes it.
    @exclusivity(unchecked) var instretBeforeWrite: UInt64?

    /// Creates a CSR file for a hart implementing `isa`. With F, `mstatus.FS` starts
    /// Initial, as a Linux process starts (the bare-metal runner turns it Off).
    public init(isa: ISASet) {
        self.isa = isa
        if isa.f { mstatus = CSRFile.floatStatusInitial << CSRFile.floatStatusShift }
    }

    // MARK: Floating-point state (mstatus.FS, privileged spec §3.1.6.6)

    /// Bit position of `mstatus.FS` (2 bits: Off 0, Initial 1, Clean 2, Dirty 3).
    static let floatStatusShift: UInt32 = 13
    static let floatStatusInitial: UInt32 = 1
    static let floatStatusDirty: UInt32 = 3

    /// Whether the floating-point unit is usable: F is present and `mstatus.FS` is not Off.
    /// An FP instruction or an `fcsr` access while it is not raises illegal instruction.
    public var floatEnabled: Bool { isa.f && (mstatus >> CSRFile.floatStatusShift) & 3 != 0 }

    /// Marks the FP state Dirty (any write to an f register or to `fcsr`).
    @inline(__always)
    public func markFloatDirty() { mstatus |= CSRFile.floatStatusDirty << CSRFile.floatStatusShift }

    /// `fflags` (0x001), `frm` (0x002), `fcsr` (0x003); nil when the CSR is not one of them.
    private func readFloat(_ csr: UInt16, hart: Hart) -> UInt32? {
        switch csr {
        case 0x001: return hart.fcsr & 0x1F
        case 0x002: return hart.fcsr >> 5 & 7
        case 0x003: return hart.fcsr & 0xFF
        default: return nil
        }
    }

    /// Writes `fflags`, `frm` or `fcsr` (the reserved bits 31:8 are dropped).
    private func writeFloat(_ csr: UInt16, _ value: UInt32, hart: Hart) {
        switch csr {
        case 0x001: hart.fcsr = hart.fcsr & ~0x1F | value & 0x1F
        case 0x002: hart.fcsr = hart.fcsr & 0x1F | (value & 7) << 5
        default: hart.fcsr = value & 0xFF
        }
        markFloatDirty()
    }

    /// Nanoseconds the guest has been running, by the time source.
    public func elapsedNanoseconds(instret: UInt64) -> UInt64 {
        switch timeSource {
        case .host: return HostClock.monotonicNanoseconds() &- startNanoseconds
        case .instructionCount(let perInstruction): return instret &* perInstruction &+ virtualTimeOffset
        }
    }

    /// Virtual nanoseconds that passed without this hart retiring instructions (under
    /// `--deterministic`: the other threads' turns, sleeps that the scheduler skipped).
    /// Only the instruction-count time source adds it.
    var virtualTimeOffset: UInt64 = 0

    /// Makes the instruction-count clock read `nanoseconds` at `instret` (a thread taking
    /// the turn joins the process's virtual clock). Never moves it backwards.
    func setVirtualTime(_ nanoseconds: UInt64, instret: UInt64) {
        guard case .instructionCount(let perInstruction) = timeSource else { return }
        let own = instret &* perInstruction
        if nanoseconds > own &+ virtualTimeOffset { virtualTimeOffset = nanoseconds &- own }
    }

    /// Instructions retired between two readings of `instret` (`start`, then `now`), also
    /// when the guest rewrote `minstret` in between (the loop stops right after such a write,
    /// so there is at most one): the instructions up to the write, plus the write itself.
    public func retiredSince(_ start: UInt64, now: UInt64) -> UInt64 {
        guard let before = instretBeforeWrite else { return now &- start }
        instretBeforeWrite = nil
        return before &- start &+ 1
    }

    /// Reads `csr` for `hart`; nil when the read is illegal.
    public func read(_ csr: UInt16, hart: Hart) -> UInt32? {
        guard privilegeAllows(csr, hart.privilege) else { return nil }
        if (0x001...0x003).contains(csr) { return floatEnabled ? readFloat(csr, hart: hart) : nil }
        // Bare metal: access below M to the counters (0xC00-0xC1F and their high halves
        // 0xC80-0xC9F; the mask ignores bit 7) needs its counter-enable bits (§3.1.11).
        if machineMode, csr & 0xF60 == 0xC00, !counterEnabled(csr & 0x1F, hart.privilege) {
            return nil
        }
        let cycles = hart.instret &+ cycleOffset
        let ticks = elapsedNanoseconds(instret: hart.instret) / (1_000_000_000 / CSRFile.timeFrequency)
        switch csr {
        case 0xC00: return UInt32(truncatingIfNeeded: cycles)
        case 0xC01: return UInt32(truncatingIfNeeded: ticks)
        case 0xC02: return UInt32(truncatingIfNeeded: hart.instret)
        case 0xC80: return UInt32(truncatingIfNeeded: cycles >> 32)
        case 0xC81: return UInt32(truncatingIfNeeded: ticks >> 32)
        case 0xC82: return UInt32(truncatingIfNeeded: hart.instret >> 32)
        default: break
        }
        guard machineMode else { return nil }
        // Address bits 9:8 = 01: a supervisor CSR.
        if csr >> 8 & 3 == 1 { return readSupervisor(csr, hart: hart) }
        return readMachine(csr, hart: hart)
    }

    /// Writes `csr`; false when the write is illegal (read-only or absent CSR).
    public func write(_ csr: UInt16, _ value: UInt32, hart: Hart) -> Bool {
        if (0x001...0x003).contains(csr) {
            guard floatEnabled else { return false }
            writeFloat(csr, value, hart: hart)
            return true
        }
        guard privilegeAllows(csr, hart.privilege), csr >> 10 != 3, machineMode else { return false }
        if csr >> 8 & 3 == 1 { return writeSupervisor(csr, value, hart: hart) }
        return writeMachine(csr, value, hart: hart)
    }

    /// CSR address bits 9:8 give the lowest privilege that may access it.
    private func privilegeAllows(_ csr: UInt16, _ mode: PrivilegeMode) -> Bool {
        UInt16(mode.rawValue) >= (csr >> 8) & 3
    }
}
