import Glibc

/// Page permission bits, as in an ELF `p_flags` or a `PROT_*` mask.
public struct PagePermissions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let read = PagePermissions(rawValue: 1)
    public static let write = PagePermissions(rawValue: 2)
    public static let execute = PagePermissions(rawValue: 4)
    /// Readable, writable and executable.
    public static let all: PagePermissions = [.read, .write, .execute]
}

/// The guest address space: one host allocation covering guest addresses
/// `[base, base + size)`, plus a permission byte per page.
///
/// The arena is reserved with `MAP_NORESERVE`, so the host only pays for pages the guest
/// touches, and nothing at start-up is proportional to the guest's address space.
///
/// Fast paths (the dispatch loop) check an address with one unsigned compare:
/// - a load is valid when `addr &- base < size`;
/// - a store takes the fast path when `addr &- storeWindowStart < storeWindowSize`: a window
///   of plain writable memory that excludes read-only pages, device registers (HTIF `tohost`)
///   and, while a debugger watches stores, everything. Any other store goes through
///   `storeSlow`, which consults the page permissions and the store hook.
/// Loads do not consult page permissions: a read of an unmapped page *inside* the arena
/// returns zeros where Linux would fault (the same trade-off as libriscv's flat arena);
/// addresses outside the arena, such as the null page below the image, do fault.
public final class Memory {
    /// The page size, 4 KiB as on RISC-V Linux.
    public static let pageSize: UInt32 = 4096
    /// Bytes of slack after the arena so that a multi-byte access at the last valid address
    /// never reaches past the host allocation.
    static let guardBytes = 4096

    /// The lowest guest address backed by the arena (page aligned).
    public let base: UInt32
    /// The number of bytes in the arena (a multiple of the page size).
    public let size: UInt32
    /// Host address of guest address `base`.
    public let arena: UnsafeMutableRawPointer
    /// Start of the fast-store window (guest address).
    public var storeWindowStart: UInt32 {
        refreshStoreWindow()
        return cachedWindow.start
    }
    /// Size of the fast-store window in bytes: a store of up to four bytes starting inside
    /// the window lies wholly in writable (or unmapped), unhooked memory.
    public var storeWindowSize: UInt32 {
        refreshStoreWindow()
        return cachedWindow.size
    }
    /// Host address of guest `storeWindowStart`.
    public var storeWindowHost: UnsafeMutableRawPointer {
        arena + Int(Int64(storeWindowStart) - Int64(base))
    }
    /// The window as last computed, and whether a permission or hook change has made it
    /// stale: it is recomputed on demand, once per run of the interpreter at most, not on
    /// every `mmap` or `brk`.
    private var cachedWindow: (start: UInt32, size: UInt32) = (0, 0)
    private var windowIsStale = true
    /// Sorted, disjoint page ranges that are mapped but not writable: the fast-store window
    /// never spans one. Kept by `setPermissions`, so computing the window costs a pass over
    /// a few ranges, not over every page of the address space.
    private var blockers: [Range<Int>] = []
    /// One `PagePermissions` byte per arena page.
    private let permissions: UnsafeMutablePointer<UInt8>
    private let pageCount: Int

    /// Called by `storeSlow` before a store to `address` of `width` bytes lands. Returns
    /// false to suppress the store (a device register consumed it). Used for HTIF and
    /// watchpoints.
    public var storeHook: ((_ address: UInt32, _ width: UInt32, _ value: UInt32) -> Bool)?
    /// Guest ranges that the store hook wants to see, checked by `storeSlow`.
    public private(set) var hookedRanges: [ClosedRange<UInt32>] = []
    /// Guest ranges removed from the fast-store window for the hook's sake.
    private var windowPinnedOff = false

    /// Errors creating the arena.
    public enum CreationError: Error, Equatable {
        /// The host refused the reservation (`mmap` failed with this errno).
        case hostRefused(errno: Int32)
        /// `base`/`size` are not page aligned or wrap past 2^32.
        case badRange
    }

    /// Reserves `size` bytes of guest memory starting at guest address `base`; every page
    /// starts unmapped (no permissions) and zero.
    public init(base: UInt32, size: UInt32) throws(CreationError) {
        guard base % Memory.pageSize == 0, size % Memory.pageSize == 0, size > 0,
            UInt64(base) + UInt64(size) <= 1 << 32
        else { throw .badRange }
        let bytes = Int(size) + Memory.guardBytes
        let mapped = mmap(
            nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let mapped, mapped != MAP_FAILED else { throw .hostRefused(errno: errno) }
        self.base = base
        self.size = size
        self.arena = mapped
        pageCount = Int(size / Memory.pageSize)
        // The permission bytes come from an anonymous mapping too: zero (unmapped) without
        // being written, so creating memory costs nothing per page.
        guard let table = mmap(nil, pageCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            table != MAP_FAILED
        else {
            munmap(mapped, bytes)
            throw .hostRefused(errno: errno)
        }
        permissions = table.bindMemory(to: UInt8.self, capacity: pageCount)
    }

    deinit {
        munmap(arena, Int(size) + Memory.guardBytes)
        munmap(permissions, pageCount)
    }

    /// The guest address one past the arena (as a 64-bit value: it may be 2^32).
    public var end: UInt64 { UInt64(base) + UInt64(size) }

    // MARK: - Permissions

    /// Whether `[address, address + count)` lies inside the arena.
    @inline(__always)
    public func contains(_ address: UInt32, count: UInt32) -> Bool {
        let offset = address &- base
        return offset < size && count <= size - offset
    }

    /// Sets the permissions of every page overlapping `[address, address + count)`
    /// (clipped to the arena), and recomputes the fast-store window.
    public func setPermissions(_ perms: PagePermissions, address: UInt32, count: UInt32) {
        guard count > 0 else { return }
        let first = Int(UInt64(address &- base) / UInt64(Memory.pageSize))
        let last = Int((UInt64(address &- base) + UInt64(count) - 1) / UInt64(Memory.pageSize))
        for page in max(first, 0)...min(last, pageCount - 1) where page >= 0 {
            permissions[page] = perms.rawValue
        }
        // Keep the list of pages that break the fast-store window up to date.
        let changed = max(first, 0)..<(min(last, pageCount - 1) + 1)
        blockers = blockers.flatMap { blocker -> [Range<Int>] in
            guard blocker.overlaps(changed) else { return [blocker] }
            // Clamped: `changed` may start before or end after `blocker`, and a Range with
            // lowerBound > upperBound is a trap (a guest mprotect reached one).
            return [blocker.lowerBound..<max(blocker.lowerBound, changed.lowerBound),
                    min(blocker.upperBound, changed.upperBound)..<blocker.upperBound].filter { !$0.isEmpty }
        }
        if !perms.isEmpty && !perms.contains(.write) {
            blockers.append(changed)
            blockers.sort { $0.lowerBound < $1.lowerBound }
        }
        windowIsStale = true
    }

    /// The permissions of the page holding `address` (empty outside the arena).
    public func permissions(at address: UInt32) -> PagePermissions {
        let offset = address &- base
        guard offset < size else { return [] }
        return PagePermissions(rawValue: permissions[Int(offset / Memory.pageSize)])
    }

    /// Whether every page of `[address, address + count)` has all of `needed`.
    public func check(_ address: UInt32, count: UInt32, has needed: PagePermissions) -> Bool {
        guard contains(address, count: count) else { return false }
        if count == 0 { return true }
        let first = Int((address &- base) / Memory.pageSize)
        let last = Int((UInt64(address &- base) + UInt64(count) - 1) / UInt64(Memory.pageSize))
        for page in first...last
        where !PagePermissions(rawValue: permissions[page]).isSuperset(of: needed) {
            return false
        }
        return true
    }

    /// Asks `storeSlow` to see stores into `range` (the fast window is shrunk to avoid it).
    public func hookStores(in range: ClosedRange<UInt32>) {
        hookedRanges.append(range)
        windowIsStale = true
    }

    /// Forgets all hooked ranges.
    public func removeStoreHooks() {
        hookedRanges.removeAll()
        windowIsStale = true
    }

    /// The word an LR.W reserved, if the reservation holds. Its page is kept out of the
    /// fast-store window, so that a store to it reaches the slow path, which clears the
    /// reservation (A extension: a store to the reserved word makes a later SC.W fail).
    public var reservedWord: UInt32? {
        didSet { if reservedWord != oldValue { windowIsStale = true } }
    }

    /// While true, every store takes the slow path (a debugger watching stores sets it).
    public var slowStores = false {
        didSet { windowIsStale = true }
    }

    /// The fast-store window is the longest run of pages that holds no mapped page the
    /// guest may not write (text, read-only data, PROT_READ mappings) and no hooked range.
    /// Unmapped pages may lie inside it (the gap between heap and stack): a store there
    /// lands in zero-filled arena memory where Linux would fault, the same trade-off as for
    /// loads, and what lets one compare cover data, heap, mappings and stack together.
    private func refreshStoreWindow() {
        guard windowIsStale else { return }
        windowIsStale = false
        // Hooked ranges as page ranges (usually none, or HTIF's one).
        let reserved = reservedWord.map { [$0...($0 &+ 3)] } ?? []
        let hookedPages = (hookedRanges + reserved).compactMap { range -> ClosedRange<Int>? in
            guard range.upperBound >= base else { return nil }
            let first = Int((UInt64(max(range.lowerBound, base)) - UInt64(base)) / UInt64(Memory.pageSize))
            let last = Int((UInt64(range.upperBound) - UInt64(base)) / UInt64(Memory.pageSize))
            return first...last
        }
        var bestStart = 0, bestLength = 0
        if !slowStores {
            // The window is the widest gap between blockers and hooked pages.
            let cuts = (blockers + hookedPages.map { $0.lowerBound..<($0.upperBound + 1) })
                .sorted { $0.lowerBound < $1.lowerBound }
            var gapStart = 0
            for cut in cuts + [pageCount..<pageCount] {
                if cut.lowerBound - gapStart > bestLength { (bestStart, bestLength) = (gapStart, cut.lowerBound - gapStart) }
                gapStart = max(gapStart, cut.upperBound)
            }
        }
        // Three bytes short of the run's end, so that a word store starting anywhere inside
        // the window also ends inside it (a misaligned one at the very end takes the slow
        // path, which checks the page after).
        let bytes = UInt32(bestLength) &* Memory.pageSize
        cachedWindow = (base &+ UInt32(bestStart) &* Memory.pageSize, bytes > 3 ? bytes - 3 : 0)
    }

    // MARK: - Guest-visible access (cold paths, syscalls, loader, debugger)

    /// Host pointer for guest `address`, valid for `count` bytes, or nil when the range
    /// leaves the arena. Does not check permissions.
    @inline(__always)
    public func hostPointer(_ address: UInt32, count: UInt32) -> UnsafeMutableRawPointer? {
        contains(address, count: count) ? arena + Int(address &- base) : nil
    }

    /// A store that missed the fast window: checks page permissions and the store hook.
    /// Returns the trap to raise, or nil when the store completed (or was consumed).
    public func storeSlow(_ address: UInt32, width: UInt32, value: UInt32, pc: UInt32) -> Trap? {
        guard check(address, count: width, has: .write) else {
            return Trap(.storeAccessFault, value: address, pc: pc)
        }
        let hooked = slowStores || hookedRanges.contains { $0.overlaps(address...(address &+ (width - 1))) }
        if hooked, let storeHook, !storeHook(address, width, value) { return nil }
        let pointer = arena + Int(address &- base)
        switch width {
        case 1: pointer.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
        case 2: pointer.storeBytes(of: UInt16(truncatingIfNeeded: value), toByteOffset: 0, as: UInt16.self)
        default: pointer.storeBytes(of: value, toByteOffset: 0, as: UInt32.self)
        }
        return nil
    }

    /// Reads `count` bytes at `address`, or nil when the range leaves the arena.
    public func read(_ address: UInt32, count: Int) -> [UInt8]? {
        guard count >= 0, count <= Int(UInt32.max),
            let pointer = hostPointer(address, count: UInt32(count))
        else { return nil }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Writes `bytes` at `address` ignoring permissions (loader, debugger); false when
    /// the range leaves the arena.
    @discardableResult
    public func write(_ bytes: [UInt8], at address: UInt32) -> Bool {
        guard bytes.count <= Int(UInt32.max),
            let pointer = hostPointer(address, count: UInt32(bytes.count))
        else { return false }
        bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return true
    }

    /// Reads a little-endian word; nil outside the arena.
    public func load32(_ address: UInt32) -> UInt32? {
        hostPointer(address, count: 4)?.loadUnaligned(as: UInt32.self)
    }

    /// Writes a little-endian word ignoring permissions; false outside the arena.
    @discardableResult
    public func store32(_ address: UInt32, _ value: UInt32) -> Bool {
        guard let pointer = hostPointer(address, count: 4) else { return false }
        pointer.storeBytes(of: value, as: UInt32.self)
        return true
    }

    /// Reads a NUL-terminated string of at most `limit` bytes; nil when it leaves the arena
    /// or has no terminator within the limit.
    public func readCString(_ address: UInt32, limit: Int = 4096) -> [UInt8]? {
        var bytes: [UInt8] = []
        var cursor = address
        while bytes.count < limit {
            guard let pointer = hostPointer(cursor, count: 1) else { return nil }
            let byte = pointer.load(as: UInt8.self)
            if byte == 0 { return bytes }
            bytes.append(byte)
            cursor &+= 1
        }
        return nil
    }

    /// Zeroes `[address, address + count)` and lets the host drop the pages it can
    /// (`MADV_DONTNEED` on whole pages), so that freed guest memory stops counting in RSS.
    public func discard(_ address: UInt32, count: UInt32) {
        guard let pointer = hostPointer(address, count: count) else { return }
        let pageMask = Int(Memory.pageSize) - 1
        let start = (Int(bitPattern: pointer) + pageMask) & ~pageMask
        let stop = (Int(bitPattern: pointer) + Int(count)) & ~pageMask
        if stop > start {
            memset(pointer, 0, start - Int(bitPattern: pointer))
            madvise(UnsafeMutableRawPointer(bitPattern: start), stop - start, MADV_DONTNEED)
            memset(UnsafeMutableRawPointer(bitPattern: stop)!, 0, Int(bitPattern: pointer) + Int(count) - stop)
        } else {
            memset(pointer, 0, Int(count))
        }
    }
}
