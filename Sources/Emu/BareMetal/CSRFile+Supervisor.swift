/// Supervisor mode's CSRs (privileged spec §10.1), the `mstatus` fields S-mode adds, the
/// interrupt bits, and the delegation registers. Present when a bare-metal binary runs.
extension CSRFile {
    /// Bit positions of `mstatus` (§3.1.6).
    public enum Status {
        public static let sie: UInt32 = 1 << 1
        public static let mie: UInt32 = 1 << 3
        public static let spie: UInt32 = 1 << 5
        public static let mpie: UInt32 = 1 << 7
        public static let spp: UInt32 = 1 << 8
        public static let mppShift: UInt32 = 11
        public static let mpp: UInt32 = 3 << 11
        public static let fs: UInt32 = 3 << 13
        public static let xs: UInt32 = 3 << 15
        public static let mprv: UInt32 = 1 << 17
        public static let sum: UInt32 = 1 << 18
        public static let mxr: UInt32 = 1 << 19
        public static let tvm: UInt32 = 1 << 20
        public static let tw: UInt32 = 1 << 21
        public static let tsr: UInt32 = 1 << 22
        public static let sd: UInt32 = 1 << 31
        /// The single-bit fields a write to `mstatus` may set (FS is the F extension's).
        static let writable: UInt32 = sie | mie | spie | mpie | spp | mprv | sum | mxr | tvm | tw | tsr
        /// What `sstatus` shows of `mstatus` (§10.1.1).
        static let supervisorView: UInt32 = sie | spie | spp | fs | xs | sum | mxr | sd
        /// What a write to `sstatus` may change.
        static let supervisorWritable: UInt32 = sie | spie | spp | fs | sum | mxr
    }

    /// The interrupt bits of `mip`/`mie` (§3.1.9): software, timer and external, for S and M.
    public enum Interrupt {
        public static let supervisorSoftware: UInt32 = 1
        public static let machineSoftware: UInt32 = 3
        public static let supervisorTimer: UInt32 = 5
        public static let machineTimer: UInt32 = 7
        public static let supervisorExternal: UInt32 = 9
        public static let machineExternal: UInt32 = 11
        /// Bits that exist in `mie` (all six).
        static let all: UInt32 = 0xAAA
        /// The supervisor-level bits: the only ones `mideleg` can delegate, and the only
        /// pending bits M-mode software may write (the M-level ones come from devices).
        static let supervisor: UInt32 = 0x222
        /// The order in which simultaneous interrupts are taken (§3.1.9: MEI, MSI, MTI,
        /// SEI, SSI, STI).
        static let priority: [UInt32] = [11, 3, 7, 9, 1, 5]
    }

    /// `medeleg` bits that may be set: every exception but ecall from M (bit 11, read-only
    /// zero, §3.1.8) and the reserved causes 10 and 14.
    static let delegableExceptions: UInt32 = 0xB3FF

    /// The legal value of `mstatus` after writing `value`: MPP keeps M, S or U (the
    /// reserved 2 becomes U: WARL); fields emu lacks read as zero.
    func legalStatus(_ value: UInt32) -> UInt32 {
        var mpp = (value & Status.mpp) >> Status.mppShift
        if mpp == 2 { mpp = 0 }
        // FS (14:13) is writable when F is present, read-only zero without it.
        let fs = isa.f ? value & Status.fs : 0
        return value & Status.writable | mpp << Status.mppShift | fs
    }

    /// Whether the counter `index` (0 cycle, 1 time, 2 instret, 3-31 hpm) may be read at
    /// `privilege` (§3.1.11, §10.1.5): S needs its `mcounteren` bit, U that and its
    /// `scounteren` bit.
    func counterEnabled(_ index: UInt16, _ privilege: PrivilegeMode) -> Bool {
        switch privilege {
        case .machine: return true
        case .supervisor: return mcounteren >> index & 1 == 1
        case .user: return mcounteren >> index & 1 == 1 && supervisor.scounteren >> index & 1 == 1
        }
    }

    /// Whether `satp` (and SFENCE.VMA) is trapped for `privilege`: S with mstatus.TVM
    /// set (§3.1.6.6).
    func virtualMemoryTrapped(_ privilege: PrivilegeMode) -> Bool {
        privilege == .supervisor && mstatus & Status.tvm != 0
    }

    /// Reads a supervisor CSR (address bits 9:8 = 01); nil when absent or trapped.
    func readSupervisor(_ csr: UInt16, hart: Hart) -> UInt32? {
        switch csr {
        case 0x100: return mstatus & Status.supervisorView
        case 0x104: return mie & mideleg
        case 0x105: return supervisor.stvec
        case 0x106: return supervisor.scounteren
        case 0x10A: return supervisor.senvcfg
        case 0x140: return supervisor.sscratch
        case 0x141: return supervisor.sepc
        case 0x142: return supervisor.scause
        case 0x143: return supervisor.stval
        case 0x144: return mip & mideleg
        case 0x180: return virtualMemoryTrapped(hart.privilege) ? nil : supervisor.satp
        default: return nil
        }
    }

    /// Writes a supervisor CSR; false when absent or trapped.
    func writeSupervisor(_ csr: UInt16, _ value: UInt32, hart: Hart) -> Bool {
        switch csr {
        case 0x100:
            // A view: the write goes through mstatus's own legalisation.
            let merged = mstatus & ~Status.supervisorWritable | value & Status.supervisorWritable
            return writeMachine(0x300, merged, hart: hart)
        case 0x104:
            let mask = mideleg & Interrupt.supervisor
            mie = mie & ~mask | value & mask
            interruptsChanged?()
        case 0x105: supervisor.stvec = TrapVector.legalize(value)
        case 0x106: supervisor.scounteren = value
        case 0x10A: supervisor.senvcfg = value & 1
        case 0x140: supervisor.sscratch = value
        case 0x141: supervisor.sepc = value & (isa.c ? ~1 : ~3)
        case 0x142: supervisor.scause = value
        case 0x143: supervisor.stval = value
        case 0x144:
            // Only SSIP is writable through sip (§10.1.3), and only when delegated.
            let mask = mideleg & 1 << Interrupt.supervisorSoftware
            mip = mip & ~mask | value & mask
            interruptsChanged?()
        case 0x180:
            guard !virtualMemoryTrapped(hart.privilege) else { return false }
            // A MODE emu does not implement makes the whole write have no effect
            // (§10.1.11); the ASID field is hardwired to zero.
            if value >> 31 == 1, !sv32Implemented { break }
            supervisor.satp = value & 0x803F_FFFF
        default: return false
        }
        return true
    }

    /// Whether `satp` accepts MODE = Sv32 (`Machine+Sv32.swift`): always, in bare metal.
    var sv32Implemented: Bool { true }
}
