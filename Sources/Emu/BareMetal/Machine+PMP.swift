/// Physical memory protection for bare-metal binaries (privileged spec §3.7): 16 entries,
/// each a pmpcfg byte (R, W, X, the address-matching mode A, the lock L) and a pmpaddr
/// register (bits 33:2 of an address), matched OFF, TOR (from the previous entry's
/// address to this one's), NA4 (4 bytes) or NAPOT (a power-of-two region encoded by the
/// trailing ones). The lowest-numbered entry that matches any byte of an access decides:
/// it fails unless the entry matches every byte and grants the access; M-mode is bound
/// only by locked entries. An S- or U-mode access that no entry matches fails.
///
/// Chosen: PMP takes effect from the first entry a program turns on (A not OFF). The
/// spec has an S/U access with no matching entry fail whenever PMP is implemented, which
/// would fault every bare-metal program that drops to S or U mode without configuring PMP
/// first; riscv-tests and riscv-arch-test configure it, as firmware does, and are held to
/// the spec's rule from then on. While any check applies, the runner steps instructions
/// through `Interpreter.stepTranslated` (as under Sv32), whose fetches and data accesses
/// are checked here after translation. Not checked: the page-table walk's own reads.
extension Machine {
    /// Whether accesses at `privilege` are checked: some entry is on, and for M-mode one
    /// that is on is also locked.
    func pmpChecks(at privilege: PrivilegeMode) -> Bool {
        var anyOn = false
        for index in 0..<16 {
            let config = csrs.pmpEntryConfig(index)
            guard config & 0x18 != 0 else { continue }
            if privilege != .machine || config & 0x80 != 0 { return true }
            anyOn = true
        }
        return anyOn && privilege != .machine
    }

    /// Whether PMP lets `privilege` make `access` to the `width` bytes at physical
    /// `address`: always while no check applies at that privilege (`pmpChecks`).
    func pmpPermits(_ address: UInt32, width: UInt32, _ access: Access, _ privilege: PrivilegeMode) -> Bool {
        !pmpChecks(at: privilege) || pmpAllows(address, width: width, access, privilege)
    }

    /// `pmpPermits` once checks apply: the matching entry's answer.
    private func pmpAllows(_ address: UInt32, width: UInt32, _ access: Access, _ privilege: PrivilegeMode) -> Bool {
        // A misaligned access (which emu performs, as Spike built with misaligned support
        // does) is checked byte by byte, as Spike splits it: each byte may match another
        // entry. An aligned one is checked whole.
        if width > 1, address % width != 0 {
            return (0..<width).allSatisfy { pmpAllows(address &+ $0, width: 1, access, privilege) }
        }
        let low = UInt64(address), high = UInt64(address) + UInt64(max(width, 1)) - 1
        var previousTop: UInt64 = 0
        for index in 0..<16 {
            let config = csrs.pmpEntryConfig(index)
            let register = UInt64(csrs.pmpaddr[index])
            // TOR's bottom is the previous pmpaddr, whatever that entry's own mode.
            defer { previousTop = register << 2 }
            let start: UInt64, end: UInt64  // [start, end)
            switch (config >> 3) & 3 {
            case 1: (start, end) = (previousTop, register << 2)
            case 2: (start, end) = (register << 2, (register << 2) + 4)
            case 3:
                // NAPOT: t trailing ones give a region of 2^(t+3) bytes.
                let size = UInt64(1) << UInt64((~register & 0xFFFF_FFFF).trailingZeroBitCount + 3)
                start = (register << 2) & ~(size - 1)
                end = start + size
            default: continue
            }
            guard start < end, high >= start, low < end else { continue }
            guard low >= start, high < end else { return false }  // only some bytes match
            if privilege == .machine && config & 0x80 == 0 { return true }
            switch access {
            case .fetch: return config & 4 != 0
            case .load: return config & 1 != 0
            case .store: return config & 2 != 0
            }
        }
        return privilege == .machine
    }
}
