import Decoder

/// A CLINT-style timer and software-interrupt device for bare-metal binaries, at the
/// address QEMU's virt board and Spike use: `msip` at base + 0, `mtimecmp` at + 0x4000,
/// `mtime` at + 0xBFF8. `mtime` is the `time` CSR's count (10 MHz from the time source).
///
/// It lives outside guest memory, so an access to it faults in the interpreter; the
/// runner then emulates that one load or store here (`emulate`) and carries on. The
/// loop stays free of device checks, and a Linux guest never sees the device.
public struct CLINT: Sendable, Equatable {
    /// The device's first address.
    public static let base: UInt32 = 0x0200_0000
    /// Its size: 64 KiB.
    public static let size: UInt32 = 0x1_0000

    /// `msip`: bit 0 raises the machine software interrupt (mip.MSIP).
    public var msip: UInt32 = 0
    /// `mtimecmp`: the machine timer interrupt (mip.MTIP) is pending while mtime >= it.
    /// Reset makes it the largest value, so no timer fires until software sets it.
    public var mtimecmp: UInt64 = .max
    /// Added to the time source's count: a write to `mtime` changes it.
    public var mtimeOffset: UInt64 = 0

    /// Creates the device in its reset state.
    public init() {}

    /// `mtime` now.
    func mtime(_ csrs: CSRFile, instret: UInt64) -> UInt64 {
        csrs.elapsedNanoseconds(instret: instret) / (1_000_000_000 / CSRFile.timeFrequency) &+ mtimeOffset
    }

    /// The word at `offset` (4-aligned); nil outside the registers.
    func readWord(_ offset: UInt32, mtime: UInt64) -> UInt32? {
        switch offset {
        case 0: return msip
        case 0x4000: return UInt32(truncatingIfNeeded: mtimecmp)
        case 0x4004: return UInt32(truncatingIfNeeded: mtimecmp >> 32)
        case 0xBFF8: return UInt32(truncatingIfNeeded: mtime)
        case 0xBFFC: return UInt32(truncatingIfNeeded: mtime >> 32)
        default: return nil
        }
    }

    /// Writes the word at `offset`; false outside the registers.
    mutating func writeWord(_ offset: UInt32, _ value: UInt32, mtime: UInt64) -> Bool {
        switch offset {
        case 0: msip = value & 1
        case 0x4000: mtimecmp = mtimecmp & 0xFFFF_FFFF_0000_0000 | UInt64(value)
        case 0x4004: mtimecmp = mtimecmp & 0xFFFF_FFFF | UInt64(value) << 32
        case 0xBFF8, 0xBFFC:
            let shift: UInt64 = offset == 0xBFF8 ? 0 : 32
            let wanted = mtime & ~(0xFFFF_FFFF << shift) | UInt64(value) << shift
            mtimeOffset = mtimeOffset &+ (wanted &- mtime)
        default: return false
        }
        return true
    }
}

extension Machine {
    /// Sets mip.MTIP and mip.MSIP from `clint` (they are the device's, not software's).
    func updateDeviceInterrupts(_ clint: CLINT) {
        let timer = clint.mtime(csrs, instret: hart.instret) >= clint.mtimecmp
        var mip = csrs.mip & ~(1 << CSRFile.Interrupt.machineTimer | 1 << CSRFile.Interrupt.machineSoftware)
        if timer { mip |= 1 << CSRFile.Interrupt.machineTimer }
        if clint.msip & 1 != 0 { mip |= 1 << CSRFile.Interrupt.machineSoftware }
        csrs.mip = mip
    }

    /// Emulates the load or store that raised `trap` when it touched `clint` (untranslated
    /// accesses only): does the access, advances pc and counts the instruction. False when
    /// the trap is not such an access (the guest then takes it).
    func emulateDeviceAccess(_ trap: Trap, _ clint: inout CLINT) -> Bool {
        guard trap.cause == .loadAccessFault || trap.cause == .storeAccessFault, !needsTranslation,
            trap.value &- CLINT.base < CLINT.size, let inst = instruction(at: trap.pc)
        else { return false }
        let width: UInt32
        switch inst.opcode {
        case .lw, .sw: width = 4
        case .lh, .lhu, .sh: width = 2
        case .lb, .lbu, .sb: width = 1
        default: return false
        }
        let offset = trap.value &- CLINT.base
        // Accesses inside one aligned word only (misaligned device accesses fault).
        guard offset & (width - 1) == 0 else { return false }
        let wordOffset = offset & ~3
        let shift = (offset & 3) * 8
        let mask: UInt32 = width == 4 ? .max : (1 << (width * 8)) - 1
        let now = clint.mtime(csrs, instret: hart.instret)
        guard let word = clint.readWord(wordOffset, mtime: now) else { return false }
        if trap.cause == .loadAccessFault {
            let raw = (word >> shift) & mask
            let value: UInt32
            switch inst.opcode {
            case .lh: value = UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: raw)))
            case .lb: value = UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: raw)))
            default: value = raw
            }
            hart[Int(inst.rd)] = value
        } else {
            let merged = word & ~(mask << shift) | (hart[Int(inst.rs2)] & mask) << shift
            guard clint.writeWord(wordOffset, merged, mtime: now) else { return false }
        }
        hart.pc = trap.pc &+ UInt32(inst.length)
        Interpreter.retire(self)
        return true
    }
}
