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
    func findGap(_ length: UInt32) -> UInt32? {
        var ceiling = stackBottom
        let floor = LinuxProcess.pageRound(programBreak) ?? programBreak
        for mapping in mappings.reversed() {
            if ceiling >= mapping.end, ceiling - mapping.end >= length { return ceiling - length }
            ceiling = min(ceiling, mapping.start)
        }
        return ceiling >= floor && ceiling - floor >= length ? ceiling - length : nil
    }

    /// Records `[start, end)` as mapped, replacing any overlap.
    func addMapping(_ start: UInt32, _ end: UInt32) {
        removeMapping(start, end)
        mappings.append((start, end))
        mappings.sort { $0.start < $1.start }
    }

    /// Removes `[start, end)` from the mapping list, splitting mappings as needed.
    func removeMapping(_ start: UInt32, _ end: UInt32) {
        var result: [(start: UInt32, end: UInt32)] = []
        for mapping in mappings {
            if mapping.end <= start || mapping.start >= end { result.append(mapping); continue }
            if mapping.start < start { result.append((mapping.start, start)) }
            if mapping.end > end { result.append((end, mapping.end)) }
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
        let start: UInt32
        if flags & (mapFixed | fixedNoReplace) != 0 {
            guard address & LinuxProcess.pageMask == 0 else { return .error(.EINVAL) }
            guard address >= (LinuxProcess.pageRound(programBreak) ?? programBreak),
                UInt64(address) + UInt64(length) <= UInt64(stackBottom)
            else { return .error(.ENOMEM) }
            if flags & fixedNoReplace != 0,
                mappings.contains(where: { $0.start < address + length && address < $0.end })
            {
                return .error(.EEXIST)
            }
            start = address
        } else {
            guard let gap = findGap(length) else { return .error(.ENOMEM) }
            start = gap
        }
        guestWriteObserver?(start, length)
        machine.memory.discard(start, count: length)
        if flags & mapAnonymous == 0 {
            guard case .host(let hostFD, _, _, _)? = files[UInt32(bitPattern: fd)] else { return .error(.EBADF) }
            guard let buffer = machine.memory.hostPointer(start, count: length) else { return .error(.ENOMEM) }
            let offset = Int64(pageOffset) * Int64(Memory.pageSize)
            var done = 0
            while done < Int(a[1]) {
                let count = Glibc.pread(hostFD, buffer + done, Int(a[1]) - done, off_t(offset + Int64(done)))
                if count < 0 { return .error(.host) }
                if count == 0 { break }
                done += count
            }
        }
        machine.memory.setPermissions(LinuxProcess.permissions(fromProt: prot), address: start, count: length)
        addMapping(start, start + length)
        return .value(Int32(bitPattern: start))
    }

    /// munmap(2): only mappings made by mmap (never the image, heap or stack).
    func munmap(_ a: SyscallArguments) -> SyscallResult {
        let address = a[0]
        guard address & LinuxProcess.pageMask == 0, a[1] > 0, let length = LinuxProcess.pageRound(a[1]),
            UInt64(address) + UInt64(length) <= 1 << 32
        else { return .error(.EINVAL) }
        for mapping in mappings where mapping.start < address + length && address < mapping.end {
            let start = max(mapping.start, address), end = min(mapping.end, address + length)
            guestWriteObserver?(start, end - start)
            machine.memory.discard(start, count: end - start)
            machine.memory.setPermissions([], address: start, count: end - start)
        }
        removeMapping(address, address + length)
        return .success
    }

    /// mprotect(2) on mapped guest pages.
    func mprotect(_ a: SyscallArguments) -> SyscallResult {
        let address = a[0]
        guard address & LinuxProcess.pageMask == 0, let length = LinuxProcess.pageRound(a[1]) else {
            return .error(.EINVAL)
        }
        guard length > 0 else { return .success }
        guard machine.memory.check(address, count: length, has: []),
            machine.memory.permissions(at: address) != []
        else { return .error(.ENOMEM) }
        machine.memory.setPermissions(LinuxProcess.permissions(fromProt: a[2]), address: address, count: length)
        return .success
    }
}
