import Decoder
import Glibc

/// The decoded-instruction cache: one `DecodedOp` per halfword of executable memory
/// `[start, end)`, filled lazily the first time each instruction runs.
///
/// Every entry starts as `.notDecoded`, whose handler decodes the instruction the first time
/// it runs and replaces itself. Two sentinel entries past the end hold `.fetchFault`, so
/// running off the end of the code faults without a bounds check on sequential execution.
public final class CodeCache {
    /// First guest address covered (2-byte aligned).
    public let start: UInt32
    /// One past the last guest address covered.
    public let end: UInt32
    /// Number of entries, excluding the sentinels.
    let count: Int
    let entries: UnsafeMutablePointer<DecodedOp>
    private let mappedBytes: Int
    /// Entries replaced by debugger breakpoints, keyed by entry index.
    var patched: [Int: DecodedOp] = [:]

    /// Creates an empty cache for `[start, end)`; `end - start` must be even.
    init?(start: UInt32, end: UInt32) {
        guard end >= start, start % 2 == 0 else { return nil }
        self.start = start
        self.end = end
        count = Int((end - start) / 2)
        mappedBytes = (count + 2) * MemoryLayout<DecodedOp>.stride
        let mapped = mmap(nil, mappedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else { return nil }
        entries = mapped.bindMemory(to: DecodedOp.self, capacity: count + 2)
        entries.initialize(repeating: DecodedOp(.notDecoded), count: count)
        entries[count] = DecodedOp(.fetchFault)
        entries[count + 1] = DecodedOp(.fetchFault)
    }

    deinit { munmap(UnsafeMutableRawPointer(entries), mappedBytes) }

    /// Whether `pc` is inside the cached range.
    @inline(__always)
    func contains(_ pc: UInt32) -> Bool { pc &- start < end &- start }

    /// The entry index of `pc` (which must be inside the range).
    @inline(__always)
    func index(of pc: UInt32) -> Int { Int((pc &- start) >> 1) }

    /// The guest pc of entry `index`.
    @inline(__always)
    func pc(ofIndex index: Int) -> UInt32 { start &+ UInt32(truncatingIfNeeded: index) &* 2 }

    /// Forgets every decoded entry (FENCE.I, or code memory changed by a debugger or loader).
    /// Breakpoint patches survive: they are re-applied over the cleared entries.
    public func invalidateAll() {
        entries.update(repeating: DecodedOp(.notDecoded), count: count)
        for index in patched.keys { entries[index] = DecodedOp(.breakpoint) }
    }

    /// Replaces the entry at `pc` with a breakpoint; false when `pc` is not in the code.
    func patchBreakpoint(at pc: UInt32) -> Bool {
        guard contains(pc), pc % 2 == 0 else { return false }
        let index = index(of: pc)
        if patched[index] == nil { patched[index] = DecodedOp(.notDecoded) }
        entries[index] = DecodedOp(.breakpoint)
        return true
    }

    /// Removes the breakpoint at `pc`; the instruction is decoded again when next run.
    func unpatchBreakpoint(at pc: UInt32) {
        guard contains(pc) else { return }
        let index = index(of: pc)
        if patched.removeValue(forKey: index) != nil { entries[index] = DecodedOp(.notDecoded) }
    }
}
