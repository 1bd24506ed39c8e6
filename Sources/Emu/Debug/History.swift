/// The debugger's execution history: one record per executed instruction (or system call),
/// holding what that instruction changed, so that execution can run backwards exactly and
/// forwards again without re-running anything.
///
/// Records use *swap* semantics: a record holds the "other" value of everything the
/// instruction changed. Undoing swaps the machine's current (newer) values with the
/// record's (older) ones, which leaves the newer values in the record; redoing swaps
/// them back. So one value per change serves both directions, which halves the log.
///
/// The common record (an ALU op, a load, a plain store, a branch) is 16 bytes inline;
/// anything more (a system call's memory writes, an atomic that writes a register *and*
/// memory, the end of the process, captured output) goes into a side table keyed by the
/// record's sequence number. The history keeps at most `limit` bytes: when it grows past
/// that, the oldest quarter is forgotten, so reverse execution reaches back a bounded way.
struct History {
    /// One executed instruction (16 bytes).
    struct Record {
        /// The pc on the other side of this record (before it, while it is applied).
        var pc: UInt32
        /// The other value of register `register`, or the other bytes of the store.
        var value: UInt32
        /// The address of the inline store.
        var address: UInt32
        /// The register the instruction changed (1...31), or 0 for none.
        var register: UInt8
        /// Width of the inline store in bytes (1, 2 or 4), or 0 for none.
        var width: UInt8
        /// Instructions the record retired (0 for a syscall that ended the process).
        var retired: UInt8
        /// Whether the side table holds more changes for this record.
        var hasExtra: Bool
    }

    /// Changes that do not fit a record.
    struct Extra {
        /// Other values of more registers.
        var registers: [(index: UInt8, value: UInt32)] = []
        /// Other bytes of memory ranges, in the order the instruction wrote them.
        var memory: [(address: UInt32, bytes: [UInt8])] = []
        /// The other LR/SC reservation, when it changed.
        var reservation: UInt32?? = nil
        /// The other process outcome, when the instruction ended the process.
        var outcome: ProcessOutcome?? = nil
        /// The other count of captured output bytes, when a system call wrote output.
        var outputCount: Int? = nil
        /// Bytes this side table holds, roughly (for the history's limit).
        var approximateBytes: Int {
            64 + registers.count * 8 + memory.reduce(0) { $0 + 32 + $1.bytes.count }
        }
    }

    /// The records still held, oldest first.
    private(set) var records: ContiguousArray<Record> = []
    /// Side tables of the records that have one, by sequence number.
    private(set) var extras: [Int: Extra] = [:]
    /// The sequence number of `records[0]` (records forgotten so far).
    private(set) var firstSequence = 0
    /// How many records are applied: the machine is at the time right after
    /// `records[cursor - 1]`. Equal to `records.count` when execution is live.
    private(set) var cursor = 0
    /// Bytes held in side tables.
    private(set) var extraBytes = 0
    /// The most bytes the history may hold.
    var limit: Int

    init(limit: Int) { self.limit = limit }

    /// Whether the machine is at the newest recorded time (new instructions run for real).
    var isLive: Bool { cursor == records.count }
    /// Whether there is an older record to undo.
    var canUndo: Bool { cursor > 0 }
    /// Bytes the history holds now (records, plus side tables). The record storage as
    /// allocated never exceeds the limit either: `append` grows it to the limit, not past.
    var bytes: Int { records.count * MemoryLayout<Record>.stride + extraBytes }

    /// Appends the record of an instruction that just ran live, then trims the history to
    /// its limit.
    mutating func append(_ record: Record, extra: Extra?) {
        precondition(isLive, "append while replaying: truncate first")
        var record = record
        record.hasExtra = extra != nil
        if let extra {
            extras[firstSequence + records.count] = extra
            extraBytes += extra.approximateBytes
        }
        if records.count == records.capacity {
            // Doubling would allocate up to twice what the history may hold, and a capacity
            // that removeFirst never shrinks: past half the limit, grow to the limit instead.
            let most = max(1, limit / MemoryLayout<Record>.stride)
            if records.capacity * 2 > most { records.reserveCapacity(max(most, records.count + 1)) }
        }
        records.append(record)
        cursor = records.count
        if bytes > limit { forgetOldest() }
    }

    /// Drops every record after the cursor (the user changed the past: that future is gone).
    mutating func truncate() {
        guard !isLive else { return }
        for index in cursor..<records.count where records[index].hasExtra {
            if let extra = extras.removeValue(forKey: firstSequence + index) { extraBytes -= extra.approximateBytes }
        }
        records.removeSubrange(cursor...)
    }

    /// The record to undo (the one before the cursor) and its side table; moves the cursor.
    mutating func takeUndo() -> (index: Int, record: Record, extra: Extra?)? {
        guard cursor > 0 else { return nil }
        cursor -= 1
        let record = records[cursor]
        return (cursor, record, record.hasExtra ? extras[firstSequence + cursor] : nil)
    }

    /// The record to redo (the one at the cursor) and its side table; moves the cursor.
    mutating func takeRedo() -> (index: Int, record: Record, extra: Extra?)? {
        guard cursor < records.count else { return nil }
        let record = records[cursor]
        cursor += 1
        return (cursor - 1, record, record.hasExtra ? extras[firstSequence + cursor - 1] : nil)
    }

    /// Stores a record back after it was swapped (its values now face the other way).
    mutating func store(_ record: Record, extra: Extra?, at index: Int) {
        records[index] = record
        if let extra { extras[firstSequence + index] = extra }
    }

    /// Forgets the oldest quarter of the records (at least one).
    private mutating func forgetOldest() {
        let drop = max(1, min(records.count / 4, cursor))
        for index in 0..<drop where records[index].hasExtra {
            if let extra = extras.removeValue(forKey: firstSequence + index) { extraBytes -= extra.approximateBytes }
        }
        records.removeFirst(drop)
        firstSequence += drop
        cursor -= drop
        // A single huge record can exceed the limit alone; keep it rather than loop forever.
    }
}
