/// Sv32 address translation for bare-metal binaries (privileged spec §10.3).
///
/// Translation is active when `satp.MODE` is Sv32 and the access's effective privilege is
/// S or U (for loads and stores, mstatus.MPRV makes MPP the effective privilege). While it
/// is, the bare-metal runner steps instructions one at a time through
/// `Interpreter.stepTranslated`, which translates the fetch and sets `translatesData` so
/// that the generic executor translates every load, store and AMO. Nothing is cached, so
/// there is no TLB to flush: SFENCE.VMA only has to drop the decoded code cache, and it
/// does.
///
/// A and D bits are set by the walk (the "hardware update" scheme Spike and QEMU
/// implement), not reported as page faults: riscv-tests' rv32si "dirty" expects a store to
/// a clean page to succeed and leave D set.
extension Machine {
    /// The kinds of access a walk checks permissions for.
    public enum Access: Sendable {
        case fetch, load, store

        /// The page fault this access raises (§3.1.15).
        var pageFault: TrapCause {
            switch self {
            case .fetch: .instructionPageFault
            case .load: .loadPageFault
            case .store: .storePageFault
            }
        }

        /// The access fault it raises when the page table itself is outside memory.
        var accessFault: TrapCause {
            switch self {
            case .fetch: .instructionAccessFault
            case .load: .loadAccessFault
            case .store: .storeAccessFault
            }
        }
    }

    /// PTE bits (§10.3.1).
    enum PTE {
        static let valid: UInt32 = 1 << 0
        static let read: UInt32 = 1 << 1
        static let write: UInt32 = 1 << 2
        static let execute: UInt32 = 1 << 3
        static let user: UInt32 = 1 << 4
        static let accessed: UInt32 = 1 << 6
        static let dirty: UInt32 = 1 << 7
    }

    /// The privilege loads and stores run at: MPP when mstatus.MPRV is set (§3.1.6.3).
    var dataPrivilege: PrivilegeMode {
        let status = csrs.mstatus
        guard status & CSRFile.Status.mprv != 0 else { return hart.privilege }
        return PrivilegeMode(rawValue: UInt8((status & CSRFile.Status.mpp) >> CSRFile.Status.mppShift)) ?? .user
    }

    /// Whether an access at `privilege` is translated.
    func translates(at privilege: PrivilegeMode) -> Bool {
        csrs.supervisor.satp >> 31 == 1 && privilege != .machine
    }

    /// Whether the runner must step through `stepTranslated` (a fetch or a data access is
    /// translated) rather than run the threaded loop.
    public var needsTranslation: Bool {
        translates(at: hart.privilege) || translates(at: dataPrivilege) || pmpChecks(at: hart.privilege)
            || pmpChecks(at: dataPrivilege)
    }

    /// The physical address of the byte at virtual `address` for `access`, or the cause of
    /// the fault (its tval is `address`).
    public func translate(_ address: UInt32, _ access: Access) -> Result<UInt32, TrapCause> {
        let privilege = access == .fetch ? hart.privilege : dataPrivilege
        guard translates(at: privilege) else { return .success(address) }
        let satp = csrs.supervisor.satp
        var table = UInt64(satp & 0x3F_FFFF) << 12
        var level = 1
        while true {
            // One level: VPN[level] (10 bits) indexes the table; each PTE is 4 bytes.
            let vpn = UInt64(address >> (12 + 10 * UInt32(level)) & 0x3FF)
            let entryAddress = table + vpn * 4
            // Tables live in emu's 32-bit physical space; beyond it is an access fault.
            guard entryAddress <= UInt64(UInt32.max) - 3, let pte = memory.load32(UInt32(entryAddress)) else {
                return .failure(access.accessFault)
            }
            if pte & PTE.valid == 0 || (pte & PTE.read == 0 && pte & PTE.write != 0) {
                return .failure(access.pageFault)
            }
            let ppn = UInt64(pte >> 10)
            if pte & (PTE.read | PTE.execute) == 0 {
                // A pointer to the next level; none below level 0 (§10.3.2 step 4).
                guard level > 0 else { return .failure(access.pageFault) }
                level -= 1
                table = ppn << 12
                continue
            }
            guard permits(pte, access, privilege) else { return .failure(access.pageFault) }
            // A superpage whose PPN[0] is not zero is misaligned (§10.3.2 step 6).
            if level == 1, ppn & 0x3FF != 0 { return .failure(access.pageFault) }
            // Hardware A/D update: set A, and D for a store, before the access completes.
            var updated = pte | PTE.accessed
            if access == .store { updated |= PTE.dirty }
            if updated != pte, !memory.store32(UInt32(entryAddress), updated) {
                return .failure(access.accessFault)
            }
            let offsetBits = UInt64(12 + 10 * level)
            let offset = UInt64(address) & ((1 << offsetBits) - 1)
            let physical = (ppn >> (10 * UInt64(level))) << offsetBits | offset
            // Sv32 makes 34-bit physical addresses; emu's memory is 32-bit.
            guard physical <= UInt64(UInt32.max) else { return .failure(access.accessFault) }
            return .success(UInt32(physical))
        }
    }

    /// The leaf PTE's permission rules (§10.3.2 step 5): X for a fetch, R (or X with
    /// mstatus.MXR) for a load, W for a store; U pages for U-mode only, except that S may
    /// load and store them with mstatus.SUM (but never fetch from them).
    private func permits(_ pte: UInt32, _ access: Access, _ privilege: PrivilegeMode) -> Bool {
        let status = csrs.mstatus
        let userPage = pte & PTE.user != 0
        switch privilege {
        case .user: if !userPage { return false }
        case .supervisor:
            if userPage && (access == .fetch || status & CSRFile.Status.sum == 0) { return false }
        case .machine: break
        }
        switch access {
        case .fetch: return pte & PTE.execute != 0
        case .load: return pte & PTE.read != 0 || (status & CSRFile.Status.mxr != 0 && pte & PTE.execute != 0)
        case .store: return pte & PTE.write != 0
        }
    }

    /// The physical address of a data access of `width` bytes at virtual `address`: the
    /// address itself unless `translatesData` (bare metal under Sv32 or PMP; a Linux guest
    /// never sets it), else `translateData`'s answer. Every load, store and AMO of the
    /// generic executor, integer and FP, goes through here.
    func dataAddress(_ address: UInt32, width: UInt32, _ access: Access, pc: UInt32) -> Result<UInt32, Trap> {
        guard translatesData else { return .success(address) }
        return translateData(address, width: width, access, pc: pc)
    }

    /// The physical address for a data access of `width` bytes at `address`, or the trap.
    /// An access that crosses into a page mapped elsewhere is reported as misaligned (the
    /// spec lets an environment trap misaligned accesses; splitting it is not worth it).
    func translateData(_ address: UInt32, width: UInt32, _ access: Access, pc: UInt32) -> Result<UInt32, Trap> {
        let first: UInt32
        switch translate(address, access) {
        case .success(let physical): first = physical
        case .failure(let cause): return .failure(Trap(cause, value: address, pc: pc))
        }
        // PMP on the physical bytes (Machine+PMP): an access fault with the virtual tval.
        let privilege = dataPrivilege
        func checked(_ physical: UInt32) -> Result<UInt32, Trap> {
            pmpPermits(physical, width: width, access, privilege)
                ? .success(physical) : .failure(Trap(access.accessFault, value: address, pc: pc))
        }
        let last = address &+ (width - 1)
        guard width > 1, last >> 12 != address >> 12 else { return checked(first) }
        switch translate(last, access) {
        case .success(let physical):
            if physical == first &+ (width - 1) { return checked(first) }
            let misaligned: TrapCause = access == .load ? .loadAddressMisaligned : .storeAddressMisaligned
            return .failure(Trap(misaligned, value: address, pc: pc))
        // tval: the first byte of the access in the page that faulted.
        case .failure(let cause): return .failure(Trap(cause, value: last & ~0xFFF, pc: pc))
        }
    }
}

// Error conformance only so that `Result` can carry a fault out of a walk; nothing throws
// them.
extension TrapCause: Error {}
extension Trap: Error {}
