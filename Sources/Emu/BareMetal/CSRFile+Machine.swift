/// Machine-mode CSRs, present when a bare-metal test binary runs (privileged spec §3).
extension CSRFile {
    func readMachine(_ csr: UInt16, hart: Hart) -> UInt32? {
        switch csr {
        // SD (bit 31) summarises FS == Dirty (§3.1.6.6).
        case 0x300: return mstatus | ((mstatus >> CSRFile.floatStatusShift) & 3 == CSRFile.floatStatusDirty ? 1 << 31 : 0)
        // MXL = 1 (RV32); S (bit 18) joins the ISA's letters: bare metal has S-mode.
        case 0x301: return 1 << 30 | isa.misaExtensions | 1 << 18
        case 0x302: return medeleg
        case 0x303: return mideleg
        case 0x304: return mie
        case 0x305: return mtvec
        case 0x306: return mcounteren
        case 0x340: return mscratch
        case 0x341: return mepc
        case 0x342: return mcause
        case 0x343: return mtval
        case 0x344: return mip
        case 0x3A0...0x3A3: return pmpcfg[Int(csr - 0x3A0)]
        case 0x3B0...0x3BF: return pmpaddr[Int(csr - 0x3B0)]
        case 0xB00: return UInt32(truncatingIfNeeded: hart.instret &+ cycleOffset)
        case 0xB02: return UInt32(truncatingIfNeeded: hart.instret)
        case 0xB80: return UInt32(truncatingIfNeeded: (hart.instret &+ cycleOffset) >> 32)
        case 0xB82: return UInt32(truncatingIfNeeded: hart.instret >> 32)
        case 0xF11, 0xF12, 0xF13, 0xF14, 0xF15: return 0
        // mhpmcounter3-31 (and high halves), mhpmevent3-31, the user hpmcounters and the
        // debug trigger registers exist but are hardwired to zero (§3.1.10: "may be
        // hardwired to zero"; tselect/tdata1 = 0 means no triggers are implemented).
        case 0xB03...0xB1F, 0xB83...0xB9F, 0x323...0x33F, 0xC03...0xC1F, 0xC83...0xC9F: return 0
        case 0x320: return 0  // mcountinhibit: counting is never inhibited.
        case 0x310: return 0  // mstatush: little-endian M and S (MBE = SBE = 0), fixed.
        case 0x7A0...0x7A3: return 0
        default: return nil
        }
    }

    func writeMachine(_ csr: UInt16, _ value: UInt32, hart: Hart) -> Bool {
        switch csr {
        // mstatus: the fields in CSRFile+Supervisor.swift (`legalStatus`), FS among them
        // when F is present.
        case 0x300:
            mstatus = legalStatus(value)
            interruptsChanged?()
        case 0x301: break  // misa is WARL; emu keeps its extensions fixed.
        case 0x302: medeleg = value & CSRFile.delegableExceptions
        case 0x303:
            mideleg = value & Interrupt.supervisor
            interruptsChanged?()
        case 0x304:
            mie = value & Interrupt.all
            interruptsChanged?()
        // mtvec: direct or vectored mode (TrapVector).
        case 0x305: mtvec = TrapVector.legalize(value)
        case 0x306: mcounteren = value
        case 0x340: mscratch = value
        // mepc: bit 0 is always zero; bit 1 too when C is absent (§3.1.14).
        case 0x341: mepc = value & (isa.c ? ~1 : ~3)
        case 0x342: mcause = value
        case 0x343: mtval = value
        case 0x344:
            mip = mip & ~Interrupt.supervisor | value & Interrupt.supervisor
            interruptsChanged?()
        case 0x3A0...0x3A3:
            // pmpcfg (§3.7.1): a locked entry ignores writes; W without R is reserved, so
            // W is cleared (as Spike does); bits 5 and 6 read zero.
            let register = Int(csr - 0x3A0)
            var fields = pmpcfg[register]
            for byte in 0..<4 {
                let shift = UInt32(byte * 8)
                guard (fields >> shift) & 0x80 == 0 else { continue }
                var entry = (value >> shift) & 0x9F
                if entry & 1 == 0 { entry &= ~2 }
                fields = fields & ~(0xFF << shift) | entry << shift
            }
            pmpcfg[register] = fields
            // The runner picks the checked step for PMP before each slice of the threaded
            // loop, so a change must end the slice (the same stop interrupts use).
            interruptsChanged?()
        case 0x3B0...0x3BF:
            // pmpaddr holds address bits 33:2. Locked: its own entry's lock, or the next
            // entry's when that one is TOR (this register is its bottom).
            let index = Int(csr - 0x3B0)
            let locked = pmpEntryConfig(index) & 0x80 != 0 || (index < 15 && pmpEntryConfig(index + 1) & 0x98 == 0x88)
            if !locked { pmpaddr[index] = value }
            interruptsChanged?()
        case 0xB00:
            let cycles = (hart.instret &+ cycleOffset) & 0xFFFF_FFFF_0000_0000 | UInt64(value)
            cycleOffset = cycles &- hart.instret &- 1
        case 0xB80:
            let cycles = (hart.instret &+ cycleOffset) & 0xFFFF_FFFF | UInt64(value) << 32
            cycleOffset = cycles &- hart.instret &- 1
        case 0xB02:
            if instretBeforeWrite == nil { instretBeforeWrite = hart.instret }
            hart.instret = hart.instret & 0xFFFF_FFFF_0000_0000 | UInt64(value)
            suppressInstretIncrement = true
            counterWritten?()
        case 0xB82:
            if instretBeforeWrite == nil { instretBeforeWrite = hart.instret }
            hart.instret = hart.instret & 0xFFFF_FFFF | UInt64(value) << 32
            suppressInstretIncrement = true
            counterWritten?()
        // Read-only-zero counters and triggers above: writes are accepted and ignored (WARL).
        case 0xB03...0xB1F, 0xB83...0xB9F, 0x323...0x33F, 0x320, 0x310, 0x7A0...0x7A3: break
        default: return false
        }
        return true
    }
}
