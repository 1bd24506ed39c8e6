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

    /// The lowest address the heap may not grow into: the lowest mapping above the break
    /// (a MAP_FIXED mapping may lie anywhere), or the stack.
    var heapCeiling: UInt32 {
        let floor = UInt64(LinuxProcess.pageRound(programBreak) ?? programBreak)
        return mappings.first { $0.end > floor }.map { max($0.start, UInt32(floor)) } ?? stackBottom
    }

    /// The top of the stack reservation (the arena's end, one page lower at 2^32).
    var stackTop: UInt64 { machine.memory.end >= 1 << 32 ? UInt64(~(Memory.pageSize - 1)) : machine.memory.end }

    /// The ranges the guest has mapped, as Linux's VMAs would list them: the image's
    /// segments, the heap, every mapping and the stack (whatever their permissions).
    var mappedRanges: [GuestRange] {
        let page = UInt64(Memory.pageSize)
        var ranges = elf.segments.compactMap { segment in
            GuestRange(start: segment.vaddr & ~LinuxProcess.pageMask, end: min((segment.end + page - 1) / page * page, 1 << 32))
        }
        if let heap = GuestRange(start: heapStart, end: UInt64(LinuxProcess.pageRound(programBreak) ?? programBreak)),
            !heap.isEmpty
        {
            ranges.append(heap)
        }
        ranges += mappings
        if let stack = GuestRange(start: stackBottom, end: stackTop) { ranges.append(stack) }
        return ranges.sorted { $0.start < $1.start }
    }

    /// Whether every page of `range` is mapped (mprotect and mremap need that: ENOMEM or
    /// EFAULT otherwise).
    func isMapped(_ range: GuestRange, in ranges: [GuestRange]? = nil) -> Bool {
        var cursor = UInt64(range.start)
        for mapped in ranges ?? mappedRanges where mapped.end > cursor {
            guard UInt64(mapped.start) <= cursor else { return false }
            cursor = mapped.end
            if cursor >= range.end { return true }
        }
        return cursor >= range.end
    }

    /// brk(2): returns the new break, or the old one when the request cannot be met
    /// (Linux's convention; the C library turns it into ENOMEM).
    func brk(_ a: SyscallArguments) -> SyscallResult {
        let requested = a[0]
        guard requested >= heapStart, let newEnd = LinuxProcess.pageRound(requested), newEnd <= heapCeiling else {
            return .value(Int32(bitPattern: programBreak))
        }
        let oldEnd = LinuxProcess.pageRound(programBreak) ?? programBreak
        if newEnd > oldEnd, !mayGrowAddressSpace(by: UInt64(newEnd - oldEnd), heap: true) {
            return .value(Int32(bitPattern: programBreak))
        }
        if newEnd < oldEnd {
            // What a MAP_FIXED mapping put inside the heap goes with it, as on Linux.
            removeMapping(GuestRange(start: newEnd, length: oldEnd - newEnd))
        }
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
            // Anywhere in the guest's arena, over the heap, the stack or the image too: what
            // was there is replaced, as Linux replaces it (musl puts guard pages and thread
            // stacks this way). Outside the arena there is no memory to give (ENOMEM).
            guard address >= machine.memory.base, wanted.end <= stackTop else { return .error(.ENOMEM) }
            if flags & fixedNoReplace != 0, mappedRanges.contains(where: { $0.overlaps(wanted) }) {
                return .error(.EEXIST)
            }
            range = wanted
        } else {
            guard let gap = findGap(length) else { return .error(.ENOMEM) }
            range = gap
        }
        let replaced = mappedRanges.reduce(UInt64(0)) { $0 + UInt64($1.intersection(range)?.length ?? 0) }
        // (The sum may count a page twice where ranges overlap, as the stack and a mapping
        // over it do: hence the floor at zero.)
        guard mayGrowAddressSpace(by: UInt64(range.length) > replaced ? UInt64(range.length) - replaced : 0)
        else { return .error(.ENOMEM) }
        if imageRange.overlaps(range) { codeChangedForAllThreads() }
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
        // Every page must be mapped, whatever its permissions now (PROT_NONE included).
        guard machine.memory.check(range, has: []), isMapped(range) else { return .error(.ENOMEM) }
        if imageRange.overlaps(range) { codeChangedForAllThreads() }
        machine.memory.setPermissions(LinuxProcess.permissions(fromProt: a[2]), address: range.start, count: range.length)
        return .success
    }
}

// MARK: - mremap

extension LinuxProcess {
    /// The pages of the program image (its segments), where decoded code may live.
    var imageRange: GuestRange {
        let start = (elf.segments.map(\.vaddr).min() ?? heapStart) & ~LinuxProcess.pageMask
        return GuestRange(start: start, end: UInt64(max(heapStart, start))) ?? GuestRange(start: start, length: 0)
    }

    /// mremap(old, old_size, new_size, flags, new_address): grows, shrinks or moves an
    /// anonymous or private mapping made by mmap. MREMAP_MAYMOVE (1) lets it move when it
    /// cannot grow in place; MREMAP_FIXED (2) moves it to `new_address`. The bytes and
    /// each page's permissions move with it; the old pages are unmapped.
    func mremap(_ a: SyscallArguments) -> SyscallResult {
        let flags = a[3], mayMove: UInt32 = 1, fixed: UInt32 = 2
        guard flags & ~(mayMove | fixed) == 0, flags & fixed == 0 || flags & mayMove != 0 else { return .error(.EINVAL) }
        let old = GuestRange(start: a[0], length: a[1])
        guard old.isPageAligned(pageSize: Memory.pageSize), a[2] > 0,
            let oldRange = old.pageRounded(pageSize: Memory.pageSize),
            let newLength = LinuxProcess.pageRound(a[2])
        else { return .error(.EINVAL) }
        // A zero old size duplicates a shared mapping; emu has none.
        guard !oldRange.isEmpty else { return .error(.EINVAL) }
        guard isMapped(oldRange, in: mappings.sorted { $0.start < $1.start }) else { return .error(.EFAULT) }
        let memory = machine.memory
        if newLength <= oldRange.length {
            if newLength < oldRange.length {
                let tail = GuestRange(start: oldRange.start + newLength, length: oldRange.length - newLength)
                unmapPages(tail)
            }
            if flags & fixed == 0 { return .value(Int32(bitPattern: oldRange.start)) }
        }
        let growth = UInt64(newLength) - UInt64(min(newLength, oldRange.length))
        guard mayGrowAddressSpace(by: growth) else { return .error(.ENOMEM) }
        // In place, when the pages after it are free and inside the space below the stack.
        if flags & fixed == 0, let extension_ = GuestRange(start: UInt32(truncatingIfNeeded: oldRange.end),
                                                           end: UInt64(oldRange.start) + UInt64(newLength)),
            oldRange.end <= UInt64(UInt32.max), extension_.end <= UInt64(stackBottom),
            !mappedRanges.contains(where: { $0.overlaps(extension_) })
        {
            let permissions = memory.permissions(at: UInt32(oldRange.end - UInt64(Memory.pageSize)))
            guestWriteObserver?(extension_.start, extension_.length)
            memory.discard(extension_.start, count: extension_.length)
            memory.setPermissions(permissions, address: extension_.start, count: extension_.length)
            addMapping(extension_)
            return .value(Int32(bitPattern: oldRange.start))
        }
        guard flags & mayMove != 0 else { return .error(.ENOMEM) }
        let target: GuestRange
        if flags & fixed != 0 {
            let wanted = GuestRange(start: a[4], length: newLength)
            guard wanted.isPageAligned(pageSize: Memory.pageSize), !wanted.overlaps(oldRange) else { return .error(.EINVAL) }
            guard wanted.start >= memory.base, wanted.end <= stackTop else { return .error(.ENOMEM) }
            target = wanted
        } else {
            guard let gap = findGap(newLength) else { return .error(.ENOMEM) }
            target = gap
        }
        guard let from = memory.hostPointer(oldRange), let to = memory.hostPointer(target) else { return .error(.ENOMEM) }
        guestWriteObserver?(target.start, target.length)
        let kept = min(oldRange.length, newLength)
        // Page by page: the permissions travel with the bytes.
        var offset: UInt32 = 0
        while offset < target.length {
            let permissions = offset < kept ? memory.permissions(at: oldRange.start + offset) : memory.permissions(at: oldRange.start + kept - Memory.pageSize)
            memory.setPermissions(permissions, address: target.start + offset, count: Memory.pageSize)
            offset += Memory.pageSize
        }
        removeMapping(target)
        memmove(to, from, Int(kept))
        if newLength > kept { memory.discard(target.start + kept, count: newLength - kept) }
        unmapPages(GuestRange(start: oldRange.start, length: kept))
        addMapping(target)
        if imageRange.overlaps(target) { codeChangedForAllThreads() }
        return .value(Int32(bitPattern: target.start))
    }

    /// Unmaps `range` (pages of mappings): zeroed, no permissions, out of the list.
    func unmapPages(_ range: GuestRange) {
        guestWriteObserver?(range.start, range.length)
        machine.memory.discard(range.start, count: range.length)
        machine.memory.setPermissions([], address: range.start, count: range.length)
        removeMapping(range)
    }
}
