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
/// `[base, base + size)`, plus a flags byte per page.
///
/// The arena is reserved with `MAP_NORESERVE`, so the host only pays for pages the guest
/// touches, and nothing at start-up is proportional to the guest's address space.
///
/// One memory policy, Linux's: an access to a page without the permission it needs (an
/// unmapped page included) faults, on every executor. The fast paths (the dispatch loop)
/// check it with a lookup in `pageFlags`, one byte per page of the whole 32-bit guest
/// address space, indexed by the guest address itself (`addr >> 12`), so that neither a
/// bounds compare nor a subtraction of `base` comes first:
/// - an aligned load of `w` bytes at `addr` (aligned: it cannot cross a page) is valid
///   when the `readable` bit of its page is set; the host address is then
///   `hostBias + addr`, one add (`hostBias` is `arena` minus `base`);
/// - an aligned store takes the fast path when the `fastStore` bit of its page is set:
///   plain writable memory, not a device register (HTIF `tohost`), not the page of an LR
///   reservation, and not while a debugger watches stores. Any other store goes through
///   `storeSlow`, which consults the permissions and the store hook;
/// - a misaligned access leaves the fast path (it may cross into a page without the
///   permission), and the generic executor checks both of its pages.
/// Pages outside the arena have no flags, so every access there faults.
public final class Memory {
    /// The page size, 4 KiB as on RISC-V Linux.
    public static let pageSize: UInt32 = 4096
    /// log2 of the page size, for the fast paths' page index.
    static let pageShift: UInt32 = 12
    /// Bytes of slack after the arena, so that no host access can reach past the host
    /// allocation even if a check were wrong by one access width.
    static let guardBytes = 4096
    /// Entries of `pageFlags`: one per page of the 32-bit address space.
    static let flagPages = 1 << 20

    /// Bits of a `pageFlags` byte besides the `PagePermissions` bits.
    static let readableFlag: UInt8 = PagePermissions.read.rawValue
    /// The page takes fast stores (see the type's documentation).
    static let fastStoreFlag: UInt8 = 0x40

    /// The lowest guest address backed by the arena (page aligned).
    public let base: UInt32
    /// The number of bytes in the arena (a multiple of the page size).
    public let size: UInt32
    /// Host address of guest address `base`.
    public let arena: UnsafeMutableRawPointer
    /// `arena` minus `base`: the host address of guest address 0, so that the fast paths
    /// turn a checked guest address into a host one with a single add. (It may point
    /// outside any allocation; only `hostBias + addr` for an address inside the arena is
    /// ever dereferenced.)
    let hostBias: UnsafeMutableRawPointer
    /// One byte per page of guest addresses `[0, 2^32)`, indexed by `addr >> 12`: the
    /// page's `PagePermissions` bits plus `fastStoreFlag`. Pages outside the arena stay
    /// zero (never written, so they cost the host nothing: an anonymous mapping reads as
    /// zeros).
    let pageFlags: UnsafeMutablePointer<UInt8>
    /// The entry of `pageFlags` for the arena's first page (`base >> 12`).
    private let basePage: Int
    private let pageCount: Int

    /// Called by `storeSlow` before a store to `address` of `width` bytes lands. Returns
    /// false to suppress the store (a device register consumed it). Used for HTIF and
    /// watchpoints.
    public var storeHook: ((_ address: UInt32, _ width: UInt32, _ value: UInt32) -> Bool)?
    /// Guest ranges that the store hook wants to see, checked by `storeSlow`.
    public private(set) var hookedRanges: [ClosedRange<UInt32>] = []

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
        hostBias = mapped - Int(base)
        basePage = Int(base / Memory.pageSize)
        pageCount = Int(size / Memory.pageSize)
        // The flag bytes come from an anonymous mapping too: zero (unmapped) without being
        // written, so creating memory costs nothing per page.
        guard let table = mmap(nil, Memory.flagPages, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
            table != MAP_FAILED
        else {
            munmap(mapped, bytes)
            throw .hostRefused(errno: errno)
        }
        pageFlags = table.bindMemory(to: UInt8.self, capacity: Memory.flagPages)
    }

    deinit {
        munmap(arena, Int(size) + Memory.guardBytes)
        munmap(pageFlags, Memory.flagPages)
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

    /// The flags of arena page `page` (an index from the arena's first page).
    private func flags(_ page: Int) -> UInt8 { pageFlags[basePage + page] }

    private func setFlags(_ page: Int, _ value: UInt8) { pageFlags[basePage + page] = value }

    /// The arena pages overlapping `[address, address + count)`, clipped to the arena.
    private func pages(_ address: UInt32, count: UInt32) -> ClosedRange<Int>? {
        guard count > 0 else { return nil }
        let first = UInt64(address &- base) / UInt64(Memory.pageSize)
        let last = (UInt64(address &- base) + UInt64(count) - 1) / UInt64(Memory.pageSize)
        guard first < UInt64(pageCount) else { return nil }
        return Int(first)...Int(min(last, UInt64(pageCount - 1)))
    }

    /// Sets the permissions of every page overlapping `[address, address + count)`
    /// (clipped to the arena).
    public func setPermissions(_ perms: PagePermissions, address: UInt32, count: UInt32) {
        guard let pages = pages(address, count: count) else { return }
        permissionObserver?(address, count)
        for page in pages { setFlags(page, perms.rawValue) }
        for page in pages { refreshFastStore(page) }
    }

    /// Recomputes the `fastStoreFlag` of `page` from its permissions, the hooks, the
    /// reservation and `slowStores`.
    private func refreshFastStore(_ page: Int) {
        let permissions = flags(page) & ~Memory.fastStoreFlag
        var fast = permissions & PagePermissions.write.rawValue != 0 && !slowStores
        if fast, let word = reservedWord, let reserved = self.pages(word, count: 4), reserved.contains(page) {
            fast = false
        }
        if fast && !hookedRanges.isEmpty {
            let pageStart = UInt64(base) + UInt64(page) * UInt64(Memory.pageSize)
            let pageEnd = pageStart + UInt64(Memory.pageSize) - 1
            fast = !hookedRanges.contains { UInt64($0.lowerBound) <= pageEnd && UInt64($0.upperBound) >= pageStart }
        }
        setFlags(page, permissions | (fast ? Memory.fastStoreFlag : 0))
    }

    /// Recomputes the fast-store bit of every page (hooks or `slowStores` changed; cold).
    private func refreshAllFastStores() {
        for page in 0..<pageCount where flags(page) & PagePermissions.write.rawValue != 0 {
            refreshFastStore(page)
        }
    }

    /// Pages in the arena.
    public var arenaPages: Int { pageCount }

    /// Whether arena page `page` (counted from the arena's start) has any permission.
    func isMapped(arenaPage page: Int) -> Bool { flags(page) & ~Memory.fastStoreFlag != 0 }

    /// The permission bits of every arena page, without the fast-store bit (the debugger's
    /// checkpoints keep it; one byte per page, so cheap to copy and compare).
    func permissionTable() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: pageCount) { buffer, initialized in
            for page in 0..<pageCount { buffer[page] = flags(page) & ~Memory.fastStoreFlag }
            initialized = pageCount
        }
    }

    /// Sets every arena page's permissions from `table` (as `permissionTable` returned it),
    /// recomputing the fast-store bits.
    func restorePermissionTable(_ table: [UInt8]) {
        for page in 0..<min(pageCount, table.count) where flags(page) & ~Memory.fastStoreFlag != table[page] {
            setFlags(page, table[page])
            refreshFastStore(page)
        }
    }

    /// The permissions of the page holding `address` (empty outside the arena).
    public func permissions(at address: UInt32) -> PagePermissions {
        let offset = address &- base
        guard offset < size else { return [] }
        return PagePermissions(rawValue: flags(Int(offset / Memory.pageSize)) & ~Memory.fastStoreFlag)
    }

    /// Whether every page of `[address, address + count)` has all of `needed`.
    public func check(_ address: UInt32, count: UInt32, has needed: PagePermissions) -> Bool {
        guard contains(address, count: count) else { return false }
        guard let pages = pages(address, count: count) else { return true }
        for page in pages where flags(page) & needed.rawValue != needed.rawValue {
            return false
        }
        return true
    }

    /// Asks `storeSlow` to see stores into `range` (its pages leave the fast path).
    public func hookStores(in range: ClosedRange<UInt32>) {
        hookedRanges.append(range)
        refreshAllFastStores()
    }

    /// Forgets all hooked ranges.
    public func removeStoreHooks() {
        hookedRanges.removeAll()
        refreshAllFastStores()
    }

    // `@exclusivity(unchecked)`: every generic store reads it (see `Hart.pc` for the cost
    // of the dynamic check); a plain optional word.
    /// The word an LR.W reserved, if the reservation holds. Its page is kept off the fast
    /// store path, so that a store to it reaches the slow path, which clears the
    /// reservation (A extension: a store to the reserved word makes a later SC.W fail).
    @exclusivity(unchecked) public var reservedWord: UInt32? {
        didSet {
            guard reservedWord != oldValue else { return }
            for word in [oldValue, reservedWord].compactMap({ $0 }) {
                if let pages = pages(word, count: 4) { for page in pages { refreshFastStore(page) } }
            }
        }
    }

    /// Set once a second guest thread runs over this memory (never cleared): from then on
    /// LR/SC are per-hart compare-and-swaps and AMOs host atomics (`Interpreter+Atomics`),
    /// and `reservedWord` is no longer used.
    public internal(set) var isSharedByThreads = false

    /// While true, every store takes the slow path (a debugger watching stores sets it).
    /// Told each range whose permissions `setPermissions` is about to set (`RunRecorder`
    /// records the pages' permissions after the stop; nil costs one test per call).
    var permissionObserver: ((_ address: UInt32, _ count: UInt32) -> Void)?

    public var slowStores = false {
        didSet { if slowStores != oldValue { refreshAllFastStores() } }
    }

    // MARK: - Guest-visible access (cold paths, syscalls, loader, debugger)

    /// Host pointer for guest `address`, valid for `count` bytes, or nil when the range
    /// leaves the arena. Does not check permissions.
    @inline(__always)
    public func hostPointer(_ address: UInt32, count: UInt32) -> UnsafeMutableRawPointer? {
        contains(address, count: count) ? arena + Int(address &- base) : nil
    }

    /// Host pointer for a guest load of `count` bytes at `address`, or nil when a page of
    /// it is not readable (the one policy: unmapped pages fault).
    @inline(__always)
    public func loadPointer(_ address: UInt32, count: UInt32) -> UnsafeMutableRawPointer? {
        check(address, count: count, has: .read) ? arena + Int(address &- base) : nil
    }

    /// A store that missed the fast path: checks page permissions and the store hook.
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
