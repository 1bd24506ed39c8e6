import Decoder
import Glibc

/// The decoded-instruction cache: one `DecodedOp` per halfword of executable memory
/// `[start, end)`, built lazily one code page at a time and bounded in host memory.
///
/// The entries are one reservation (`MAP_NORESERVE`, never written up front) laid out
/// flat, so that the loop reaches a branch target by adding a distance and a `jalr` target
/// with one shift. A *cache page* is the 2048 entries of one 4 KiB page of code (64 KiB of
/// host memory); it is filled with `.notDecoded` the first time code in it can run, and
/// costs the host nothing before that. `ready` holds one byte per cache page.
///
/// Invariant that lets the threaded loop run without checking `ready`: a decoded entry only
/// ever transfers to entries of ready pages. `ColdPaths.decode` makes the pages of the next
/// entry and of a branch or `jal` target ready before it stores the entry; `jalr` checks
/// `ready` of its (dynamic) target; a run starts by making its first page ready.
///
/// The host memory is bounded by `limitBytes`: when making one more page ready would pass
/// it, every page is dropped first (`flush`, QEMU's way when its code buffer fills), so the
/// cache never holds more than `limitBytes` plus the pages one decode needs. A flush, and
/// `invalidateAll` (FENCE.I), cost in proportion to the ready pages, not to the span.
///
/// Two sentinel entries past the end hold `.fetchFault`, so running off the end of the
/// code faults without a bounds check on sequential execution.
public final class CodeCache {
    /// The default bound on the cache's host memory: 64 MiB, 1024 pages of code.
    public static let defaultLimitBytes = 64 << 20
    /// Entries per cache page: one per halfword of a 4 KiB page of code.
    static let entriesPerPage = Int(Memory.pageSize) / 2
    /// Host bytes of one cache page.
    static let pageBytes = entriesPerPage * MemoryLayout<DecodedOp>.stride

    /// First guest address covered (2-byte aligned).
    public let start: UInt32
    /// One past the last guest address covered.
    public let end: UInt32
    /// Number of entries, excluding the sentinels.
    let count: Int
    let entries: UnsafeMutablePointer<DecodedOp>
    /// One byte per cache page: nonzero once the page holds valid entries.
    let ready: UnsafeMutablePointer<UInt8>
    /// Number of cache pages (the entries and the two sentinels).
    let pageCount: Int
    /// The ready pages, so that a flush touches only them.
    private var readyPages: [Int] = []
    private let mappedBytes: Int
    /// The most host memory the ready pages may take (at least a few pages).
    public let limitBytes: Int
    /// Set when the memory is shared by guest threads: fences that need a host barrier are
    /// lowered to the generic executor, which emits it (see `Lowering.ordersStoresBeforeLoads`).
    /// The owner invalidates the cache when it sets this, so no entry lowered before stays.
    var hostFences = false
    /// How many times the cache was emptied because it reached `limitBytes`.
    public private(set) var flushes = 0
    /// Entries replaced by debugger breakpoints, keyed by entry index.
    var patched: [Int: DecodedOp] = [:]

    /// Creates an empty cache for `[start, end)`; `end - start` must be even.
    init?(start: UInt32, end: UInt32, limitBytes: Int = CodeCache.defaultLimitBytes) {
        guard end >= start, start % 2 == 0 else { return nil }
        self.start = start
        self.end = end
        count = Int((end - start) / 2)
        pageCount = (count + 2 + CodeCache.entriesPerPage - 1) / CodeCache.entriesPerPage
        // Four pages at least: one decode may need its own page, the next one and a
        // branch target's, and the limit must leave room for them after a flush.
        self.limitBytes = max(limitBytes, 4 * CodeCache.pageBytes)
        mappedBytes = pageCount * CodeCache.pageBytes
        let mapped = mmap(nil, mappedBytes + pageCount, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let mapped, mapped != MAP_FAILED else { return nil }
        entries = mapped.bindMemory(to: DecodedOp.self, capacity: pageCount * CodeCache.entriesPerPage)
        ready = (mapped + mappedBytes).bindMemory(to: UInt8.self, capacity: pageCount)
    }

    deinit { munmap(UnsafeMutableRawPointer(entries), mappedBytes + pageCount) }

    /// The most entries that can be decoded at once: the entries of the span, or of the
    /// pages the limit allows (plus the few one decode may add past it).
    var maxStraightLine: Int { min(count, (limitBytes / CodeCache.pageBytes + 3) * CodeCache.entriesPerPage) }

    /// Host memory the ready pages take now.
    public var residentBytes: Int { readyPages.count * CodeCache.pageBytes }

    /// Whether `pc` is inside the cached range.
    @inline(__always)
    func contains(_ pc: UInt32) -> Bool { pc &- start < end &- start }

    /// The entry index of `pc` (which must be inside the range).
    @inline(__always)
    func index(of pc: UInt32) -> Int { Int((pc &- start) >> 1) }

    /// The guest pc of entry `index`.
    @inline(__always)
    func pc(ofIndex index: Int) -> UInt32 { start &+ UInt32(truncatingIfNeeded: index) &* 2 }

    /// The cache page of entry `index`.
    @inline(__always)
    static func page(ofIndex index: Int) -> Int { index / entriesPerPage }

    /// What the entry at `pc` holds (`.breakpoint` where one is set, `.notDecoded` on a
    /// page not yet ready); `pc` must be inside the range.
    func kind(at pc: UInt32) -> Handler {
        let index = index(of: pc)
        // A breakpoint on a page not yet ready lives only in `patched` (the generic
        // executor, which never fills pages, must still stop at it).
        if patched[index] != nil { return .breakpoint }
        return ready[CodeCache.page(ofIndex: index)] != 0 ? entries[index].kind : .notDecoded
    }

    /// Makes the pages of the entries `a`, `b`, `c` (-1: none) ready, flushing the cache first when they
    /// would not fit under the limit. Indices past the sentinels are ignored. Returns true
    /// when it flushed (every other page was dropped).
    /// Called on every decode, so the common case (all pages ready) allocates nothing.
    @discardableResult
    func makeReady(_ a: Int, _ b: Int = -1, _ c: Int = -1) -> Bool {
        let a = pageIfValid(a), b = pageIfValid(b), c = pageIfValid(c)
        func missing(_ page: Int) -> Int { page >= 0 && ready[page] == 0 ? 1 : 0 }
        // Distinct missing pages (two indices may share a page).
        let needed = missing(a) + (b != a ? missing(b) : 0) + (c != a && c != b ? missing(c) : 0)
        guard needed > 0 else { return false }
        var flushed = false
        if (readyPages.count + needed) * CodeCache.pageBytes > limitBytes {
            drop()
            flushes += 1
            flushed = true
        }
        // After a flush the caller's own page was dropped too: every requested page is filled.
        for page in [a, b, c] where page >= 0 && ready[page] == 0 { fill(page) }
        return flushed
    }

    /// The cache page of entry `index`, or -1 when `index` is outside the cache.
    @inline(__always)
    private func pageIfValid(_ index: Int) -> Int {
        index >= 0 && index < pageCount * CodeCache.entriesPerPage ? CodeCache.page(ofIndex: index) : -1
    }

    /// Fills `page` with `.notDecoded` (and the sentinels' `.fetchFault`), re-applies the
    /// breakpoints that fall in it, and marks it ready.
    private func fill(_ page: Int) {
        let first = page * CodeCache.entriesPerPage
        let live = max(0, min(CodeCache.entriesPerPage, count - first))
        (entries + first).initialize(repeating: DecodedOp(.notDecoded), count: live)
        (entries + first + live).initialize(repeating: DecodedOp(.fetchFault), count: CodeCache.entriesPerPage - live)
        for index in patched.keys where CodeCache.page(ofIndex: index) == page {
            entries[index] = DecodedOp(.breakpoint)
        }
        ready[page] = 1
        readyPages.append(page)
    }

    /// Drops every ready page: marks it not ready and gives its memory back to the host
    /// (`MADV_DONTNEED`), so a flushed cache stops counting in emu's RSS.
    private func drop() {
        for page in readyPages {
            ready[page] = 0
            madvise(UnsafeMutableRawPointer(entries + page * CodeCache.entriesPerPage), CodeCache.pageBytes,
                    MADV_DONTNEED)
        }
        readyPages.removeAll(keepingCapacity: true)
    }

    /// Forgets every decoded entry (FENCE.I, or code memory changed by a debugger or loader),
    /// in time proportional to the pages decoded so far. Breakpoint patches survive: they
    /// are re-applied when their page is next made ready.
    public func invalidateAll() { drop() }

    /// Replaces the entry at `pc` with a breakpoint; false when `pc` is not in the code.
    func patchBreakpoint(at pc: UInt32) -> Bool {
        guard contains(pc), pc % 2 == 0 else { return false }
        let index = index(of: pc)
        if patched[index] == nil { patched[index] = DecodedOp(.notDecoded) }
        if ready[CodeCache.page(ofIndex: index)] != 0 { entries[index] = DecodedOp(.breakpoint) }
        return true
    }

    /// Removes the breakpoint at `pc`; the instruction is decoded again when next run.
    func unpatchBreakpoint(at pc: UInt32) {
        guard contains(pc) else { return }
        let index = index(of: pc)
        if patched.removeValue(forKey: index) != nil, ready[CodeCache.page(ofIndex: index)] != 0 {
            entries[index] = DecodedOp(.notDecoded)
        }
    }
}
