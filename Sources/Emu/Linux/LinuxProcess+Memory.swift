import Glibc

/// brk, mmap, munmap and mprotect over the guest arena. Every size is the guest's choice, so
/// each is checked against the arena before anything is touched: the arena is the memory
/// limit, so nothing here can make the guest use more than `--memory`.
extension LinuxProcess {
    static let pageMask = Memory.pageSize - 1

    /// Rounds up to a page, or nil when that overflows.
    static func pageRound(_ value: UInt32) -> UInt32? {
        let (sum, overflow) = value.addingReportingOverflow(pageMask)
        return overflow ? nil : sum & ~pageMask
    }

    /// The lowest address the heap may not grow into: the lowest mapping, or the stack.
    var heapCeiling: UInt32 { mappings.first?.start ?? stackBottom }

    /// brk(2): returns the new break, or the old one when the request cannot be met
    /// (Linux's convention; the C library turns it into ENOMEM).
    func brk(_ a: SyscallArguments) -> SyscallResult {
        let requested = a[0]
        guard requested >= heapStart, let newEnd = LinuxProcess.pageRound(requested), newEnd <= heapCeiling else {
            return .value(Int32(bitPattern: programBreak))
        }
        let oldEnd = LinuxProcess.pageRound(programBreak) ?? programBreak
        if newEnd > oldEnd {
            machine.memory.setPermissions([.read, .write], address: oldEnd, count: newEnd - oldEnd)
        } else if newEnd < oldEnd {
            guestWriteObserver?(newEnd, oldEnd - newEnd)
            machine.memory.discard(newEnd, count: oldEnd - newEnd)
            machine.memory.setPermissions([], address: newEnd, count: oldEnd - newEnd)
        }
        programBreak = requested
        return .value(Int32(bitPattern: programBreak))
    }

    /// Finds the highest free gap of `length` bytes between the heap and the stack.
    func findGap(_ length: UInt32) -> GuestRange? {
        var ceiling = UInt64(stackBottom)
        let floor = UInt64(LinuxProcess.pageRound(programBreak) ?? programBreak)
        let size = UInt64(length)
        for mapping in mappings.reversed() {
            if ceiling >= mapping.end, ceiling - mapping.end >= size {
                return GuestRange(start: UInt32(ceiling - size), length: length)
            }
            ceiling = min(ceiling, UInt64(mapping.start))
        }
        guard ceiling >= floor, ceiling - floor >= size else { return nil }
        return GuestRange(start: UInt32(ceiling - size), length: length)
    }

    /// Records `range` as mapped, replacing any overlap.
    func addMapping(_ range: GuestRange) {
        removeMapping(range)
        mappings.append(range)
        mappings.sort { $0.start < $1.start }
    }

    /// Removes `range` from the mapping list, splitting mappings as needed.
    func removeMapping(_ range: GuestRange) {
        var result: [GuestRange] = []
        for mapping in mappings {
            guard mapping.overlaps(range) else { result.append(mapping); continue }
            if mapping.start < range.start, let below = GuestRange(start: mapping.start, end: UInt64(range.start)) {
                result.append(below)
            }
            if mapping.end > range.end, let above = GuestRange(start: UInt32(range.end), end: mapping.end) {
                result.append(above)
            }
        }
        mappings = result
    }

    /// PROT_* bits to page permissions (PROT_EXEC is recorded, but only the ELF's code
    /// segments can be fetched from).
    static func permissions(fromProt prot: UInt32) -> PagePermissions {
        var permissions: PagePermissions = []
        if prot & 1 != 0 { permissions.insert(.read) }
        if prot & 2 != 0 { permissions.insert([.read, .write]) }
        if prot & 4 != 0 { permissions.insert(.execute) }
        return permissions
    }

    /// mmap2(addr, length, prot, flags, fd, pgoffset): anonymous or private file mappings.
    func mmap(_ a: SyscallArguments) -> SyscallResult {
        let address = a[0], prot = a[2], flags = a[3], fd = a.signed(4), pageOffset = a[5]
        let mapFixed: UInt32 = 0x10, mapAnonymous: UInt32 = 0x20, mapShared: UInt32 = 0x01, mapPrivate: UInt32 = 0x02
        let fixedNoReplace: UInt32 = 0x100000
        guard a[1] > 0, let length = LinuxProcess.pageRound(a[1]) else { return .error(.EINVAL) }
        guard flags & (mapShared | mapPrivate) != 0 else { return .error(.EINVAL) }
        if flags & mapAnonymous == 0 && flags & mapShared != 0 && prot & 2 != 0 {
            return .error(.EACCES)  // shared writable file mappings would write the host file
        }
        let range: GuestRange
        if flags & (mapFixed | fixedNoReplace) != 0 {
            let wanted = GuestRange(start: address, length: length)
            guard wanted.isPageAligned(pageSize: Memory.pageSize) else { return .error(.EINVAL) }
            guard address >= (LinuxProcess.pageRound(programBreak) ?? programBreak),
                wanted.end <= UInt64(stackBottom)
            else { return .error(.ENOMEM) }
            if flags & fixedNoReplace != 0, mappings.contains(where: { $0.overlaps(wanted) }) {
                return .error(.EEXIST)
            }
            range = wanted
        } else {
            guard let gap = findGap(length) else { return .error(.ENOMEM) }
            range = gap
        }
        guestWriteObserver?(range.start, range.length)
        machine.memory.discard(range.start, count: range.length)
        if flags & mapAnonymous == 0 {
            guard case .host(let hostFD, _, _, _)? = files[UInt32(bitPattern: fd)] else { return .error(.EBADF) }
            guard let buffer = machine.memory.hostPointer(range) else { return .error(.ENOMEM) }
            // pgoffset counts 4 KiB pages, so the byte offset reaches 2^44: 64-bit throughout.
            let offset = Int64(pageOffset) * Int64(Memory.pageSize)
            let wanted = Int(a[1])
            var done = 0
            while done < wanted {
                let count = Glibc.pread(hostFD, buffer + done, wanted - done, off_t(offset + Int64(done)))
                if count < 0 { return .error(.host) }
                if count == 0 { break }
                done += count
            }
        }
        machine.memory.setPermissions(LinuxProcess.permissions(fromProt: prot), address: range.start, count: range.length)
        addMapping(range)
        return .value(Int32(bitPattern: range.start))
    }

    /// munmap(2): only mappings made by mmap (never the image, heap or stack). A range
    /// past the top of the address space is EINVAL, as on Linux; unmapping nothing succeeds.
    func munmap(_ a: SyscallArguments) -> SyscallResult {
        let asked = GuestRange(start: a[0], length: a[1])
        guard asked.isPageAligned(pageSize: Memory.pageSize), !asked.isEmpty,
            let range = asked.pageRounded(pageSize: Memory.pageSize)
        else { return .error(.EINVAL) }
        for mapping in mappings {
            guard let part = mapping.intersection(range) else { continue }
            guestWriteObserver?(part.start, part.length)
            machine.memory.discard(part.start, count: part.length)
            machine.memory.setPermissions([], address: part.start, count: part.length)
        }
        removeMapping(range)
        return .success
    }

    /// mprotect(2) on mapped guest pages.
    func mprotect(_ a: SyscallArguments) -> SyscallResult {
        let asked = GuestRange(start: a[0], length: a[1])
        guard asked.isPageAligned(pageSize: Memory.pageSize) else { return .error(.EINVAL) }
        // Linux: a range that wraps past the top of the address space is ENOMEM.
        guard let range = asked.pageRounded(pageSize: Memory.pageSize) else { return .error(.ENOMEM) }
        guard !range.isEmpty else { return .success }
        guard machine.memory.check(range, has: []), machine.memory.permissions(at: range.start) != []
        else { return .error(.ENOMEM) }
        machine.memory.setPermissions(LinuxProcess.permissions(fromProt: a[2]), address: range.start, count: range.length)
        return .success
    }
}
