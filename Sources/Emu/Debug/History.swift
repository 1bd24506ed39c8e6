import Glibc

/// The debugger's execution history, kept the way rr keeps one: checkpoints of everything
/// the guest can see, taken while the program runs at full speed through the threaded
/// loop, plus a log of every input that does not follow from the instructions (each
/// system call's results and the bytes it wrote into guest memory).
///
/// Going back to instruction count `n` restores the newest checkpoint at or before `n` and
/// runs forward again to `n`: the instructions are deterministic (under the debugger the
/// `time` CSR counts instructions, see `Debugger.init`), and each system call met on the
/// way is answered from the log instead of running again, so nothing is read or written
/// twice on the host.
///
/// A checkpoint stores the registers and, for each page whose bytes differ from that page's
/// newest stored version, a copy of the page (found by comparing page contents: recording
/// costs the hot loop nothing, no dirty bit is kept per store). So one checkpoint costs
/// the pages written since the one before. When the history passes its byte limit,
/// checkpoints are thinned (the one whose removal leaves the smallest gap goes first; the
/// first and the newest are kept): the whole run stays reachable, only replays grow longer.
/// What cannot be thinned (the first and newest checkpoints, mandatory ones and the system
/// call log) stays even past the limit: the limit is met whenever thinning can meet it.
struct History {
    /// The guest-visible state at one instruction count.
    struct Checkpoint {
        /// Serial number: page versions refer to it (it stays when indices shift).
        let id: Int
        var instret: UInt64
        var pc: UInt32
        /// x0...x31.
        var registers: [UInt32]
        /// f0...f31, fcsr and mstatus (whose FS field F/D instructions change); no system
        /// call changes them, so the log's events need not hold them.
        var floatRegisters: [UInt64]
        var fcsr: UInt32
        var mstatus: UInt32
        var reservation: UInt32?
        var outcome: ProcessOutcome?
        /// Bytes of captured output written at this time.
        var outputCount: Int
        /// Page permissions (`Memory.permissionTable`).
        var permissions: [UInt8]
        /// Whether something the log does not hold changed the state here (a debugger's
        /// write, a signal delivered, the end of the process): replay restores this
        /// checkpoint instead of running into it, and thinning never removes it.
        var mandatory: Bool
        /// Whether the event that made this checkpoint retired no instruction (the end of
        /// the process, a signal delivered at a fault): the state before it has the same
        /// count, and replay reaches it by running up to this count.
        var sameCount: Bool
    }

    /// The effect of one system call that returned normally (to the instruction after its
    /// `ecall`), keyed by the count at the `ecall`.
    struct Event {
        var pc: UInt32
        var instret: UInt64
        var registers: [UInt32]
        var reservation: UInt32?
        var outputCount: Int
        /// The bytes the call left in guest memory, in the order it wrote them.
        var memory: [(address: UInt32, bytes: [UInt8])]
        /// The page permissions after the call, when it changed them (mmap, munmap, brk).
        var permissions: [UInt8]?
        /// Bytes this event holds, roughly (for the limit).
        var approximateBytes: Int {
            192 + memory.reduce(0) { $0 + 32 + $1.bytes.count } + (permissions?.count ?? 0)
        }
    }

    /// One stored copy of a page: its bytes at checkpoint `id` (and at every later
    /// checkpoint up to the page's next version).
    struct Version {
        var id: Int
        var bytes: [UInt8]
    }

    /// Checkpoints, oldest first. Never empty once the debugger has attached.
    private(set) var checkpoints: [Checkpoint] = []
    /// System-call effects by the instruction count at their `ecall`.
    private(set) var events: [UInt64: Event] = [:]
    /// Stored versions of each page (by arena page index), oldest first. A page that a
    /// logged system call wrote has an entry even with no version, so that restoring a
    /// checkpoint from before it zeroes it.
    private var pages: [Int: [Version]] = [:]
    private var nextID = 0
    /// Bytes held (page copies, permission tables, events, checkpoint overhead).
    private(set) var bytes = 0
    /// The most bytes the history may hold.
    var limit: Int

    init(limit: Int) { self.limit = limit }

    static let pageBytes = Int(Memory.pageSize)
    static let checkpointOverhead = 256
    static let versionOverhead = 48

    /// Pages mapped at the newest checkpoint.
    private(set) var mappedPages = 0

    /// Stored page copies (a figure for `info history`).
    var pageVersions: Int { pages.values.reduce(0) { $0 + $1.count } }

    /// The index of the newest checkpoint at or before `instret`.
    func checkpointIndex(atOrBefore instret: UInt64) -> Int? {
        var low = 0, high = checkpoints.count  // first index with checkpoints[index].instret > instret
        while low < high {
            let middle = (low + high) / 2
            if checkpoints[middle].instret <= instret { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    /// The index of the checkpoint with serial number `id`, if it is still held.
    func checkpointIndex(id: Int) -> Int? {
        var low = 0, high = checkpoints.count
        while low < high {
            let middle = (low + high) / 2
            if checkpoints[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low < checkpoints.count && checkpoints[low].id == id ? low : nil
    }

    /// The index of the first mandatory checkpoint newer than checkpoint `id` at count
    /// `instret` or later: where a replay that started from `id` must stop running.
    func firstMandatory(afterID id: Int, atOrAfter instret: UInt64) -> Int? {
        var low = 0, high = checkpoints.count
        while low < high {
            let middle = (low + high) / 2
            if checkpoints[middle].id <= id { low = middle + 1 } else { high = middle }
        }
        for index in low..<checkpoints.count where checkpoints[index].mandatory && checkpoints[index].instret >= instret {
            return index
        }
        return nil
    }

    // MARK: - Recording

    /// Takes a checkpoint of `machine` now. A checkpoint already at this count is replaced
    /// (the state there changed: the newer one holds).
    mutating func take(_ machine: Machine, outcome: ProcessOutcome?, outputCount: Int, mandatory: Bool, sameCount: Bool) {
        let instret = machine.hart.instret
        var mandatory = mandatory
        if let last = checkpoints.last, last.instret == instret {
            mandatory = mandatory || last.mandatory
            dropNewest()
        }
        let id = nextID
        nextID += 1
        let memory = machine.memory
        // The pages to compare: every mapped page, and the unmapped ones with versions
        // (unmapping zeroes a page, which its history must record). Found without a
        // dictionary lookup per arena page: most of the arena is unmapped, and hashing
        // each of its page numbers at every checkpoint was a fifth of a recorded run.
        var candidates: [Int] = []
        for page in 0..<memory.arenaPages where memory.isMapped(arenaPage: page) { candidates.append(page) }
        let mapped = candidates.count
        for page in pages.keys where !memory.isMapped(arenaPage: page) { candidates.append(page) }
        for page in candidates {
            let pointer = UnsafeRawPointer(memory.arena + page * History.pageBytes)
            let same: Bool
            if let newest = pages[page]?.last {
                same = newest.bytes.withUnsafeBytes { memcmp($0.baseAddress!, pointer, History.pageBytes) == 0 }
            } else {
                // No version yet: the page held zeros up to now (unmapped pages read as zero).
                same = History.isZero(pointer)
            }
            if same { continue }
            let copy = [UInt8](UnsafeRawBufferPointer(start: pointer, count: History.pageBytes))
            pages[page, default: []].append(Version(id: id, bytes: copy))
            bytes += History.pageBytes + History.versionOverhead
        }
        let hart = machine.hart
        var permissions = memory.permissionTable()
        if let previous = checkpoints.last?.permissions, previous == permissions {
            permissions = previous  // shares the storage
        } else {
            bytes += permissions.count
        }
        checkpoints.append(
            Checkpoint(
                id: id, instret: instret, pc: hart.pc, registers: hart.registerFile,
                floatRegisters: hart.floatRegisterFile, fcsr: hart.fcsr, mstatus: machine.csrs.mstatus,
                reservation: machine.reservation,
                outcome: outcome, outputCount: outputCount, permissions: permissions, mandatory: mandatory,
                sameCount: sameCount))
        bytes += History.checkpointOverhead
        mappedPages = mapped
        trim()
    }

    /// Logs a system call's effect (the call ran at count `instret`, before it retired).
    mutating func log(_ event: Event, at instret: UInt64, memory: Memory) {
        for write in event.memory where !write.bytes.isEmpty {
            // Give each written page an entry, so a restore to before the call zeroes it
            // when no checkpoint stored it (see `pages`).
            let first = Int((write.address &- memory.base) / Memory.pageSize)
            let last = Int((UInt64(write.address &- memory.base) + UInt64(write.bytes.count) - 1) / UInt64(Memory.pageSize))
            for page in first...min(last, memory.arenaPages - 1) where pages[page] == nil { pages[page] = [] }
        }
        if let old = events.updateValue(event, forKey: instret) { bytes -= old.approximateBytes }
        bytes += event.approximateBytes
        trim()
    }

    /// Forgets everything after `instret` (the user changed the state there: that future
    /// is gone). Checkpoints after it and events at or after it go.
    mutating func truncate(after instret: UInt64) {
        while let last = checkpoints.last, last.instret > instret { dropNewest() }
        for key in events.keys where key >= instret {
            if let event = events.removeValue(forKey: key) { bytes -= event.approximateBytes }
        }
    }

    // MARK: - Restoring

    /// Puts `machine` in the state of checkpoint `index`; returns the checkpoint (for the
    /// process outcome and output count it holds).
    @discardableResult
    func restore(_ index: Int, into machine: Machine) -> Checkpoint {
        let checkpoint = checkpoints[index]
        let memory = machine.memory
        let code = machine.code
        var codeTouched = false
        for (page, versions) in pages {
            let pointer = memory.arena + page * History.pageBytes
            let address = memory.base &+ UInt32(page) * Memory.pageSize
            var changed = false
            if let version = History.newest(versions, atOrBefore: checkpoint.id) {
                version.bytes.withUnsafeBytes { source in
                    if memcmp(source.baseAddress!, pointer, History.pageBytes) != 0 {
                        pointer.copyMemory(from: source.baseAddress!, byteCount: History.pageBytes)
                        changed = true
                    }
                }
            } else if !History.isZero(UnsafeRawPointer(pointer)) {
                memset(pointer, 0, History.pageBytes)
                changed = true
            }
            if changed, UInt64(address) < UInt64(code.end), UInt64(address) + UInt64(Memory.pageSize) > UInt64(code.start) {
                codeTouched = true
            }
        }
        memory.restorePermissionTable(checkpoint.permissions)
        let hart = machine.hart
        for index in 1..<32 { hart.registers[index] = checkpoint.registers[index] }
        for index in 0..<32 { hart.floatRegisters[index] = checkpoint.floatRegisters[index] }
        hart.fcsr = checkpoint.fcsr
        machine.csrs.mstatus = checkpoint.mstatus
        hart.pc = checkpoint.pc
        hart.instret = checkpoint.instret
        machine.reservation = checkpoint.reservation
        if codeTouched { machine.codeChanged() }
        return checkpoint
    }

    /// Applies a logged system call's effect to `machine`; returns the ranges it wrote.
    static func apply(_ event: Event, to machine: Machine) -> [(address: UInt32, count: Int)] {
        let hart = machine.hart
        let memory = machine.memory
        var written: [(address: UInt32, count: Int)] = []
        for write in event.memory {
            memory.write(write.bytes, at: write.address)
            written.append((write.address, write.bytes.count))
        }
        if let permissions = event.permissions { memory.restorePermissionTable(permissions) }
        for index in 1..<32 { hart.registers[index] = event.registers[index] }
        hart.pc = event.pc
        hart.instret = event.instret
        machine.reservation = event.reservation
        return written
    }

    // MARK: - Staying within the limit

    /// Thins checkpoints until the history fits its limit (see the type's documentation).
    private mutating func trim() {
        while bytes > limit, let index = thinningCandidate() { remove(index) }
    }

    /// The checkpoint whose removal leaves the smallest gap between its neighbours (not
    /// the first, not the newest, not a mandatory one).
    private func thinningCandidate() -> Int? {
        guard checkpoints.count > 2 else { return nil }
        var best: Int?
        var bestGap = UInt64.max
        for index in 1..<(checkpoints.count - 1) where !checkpoints[index].mandatory {
            let gap = checkpoints[index + 1].instret - checkpoints[index - 1].instret
            if gap < bestGap { (best, bestGap) = (index, gap) }
        }
        return best
    }

    /// Removes checkpoint `index` (not the newest): each page it stored is the page's
    /// state at the next checkpoint too, unless that one stored its own.
    private mutating func remove(_ index: Int) {
        let removed = checkpoints[index], next = checkpoints[index + 1]
        for page in Array(pages.keys) {
            guard var versions = pages[page], let position = versions.firstIndex(where: { $0.id == removed.id }) else {
                continue
            }
            if versions.indices.contains(position + 1), versions[position + 1].id == next.id {
                versions.remove(at: position)
                bytes -= History.pageBytes + History.versionOverhead
            } else {
                versions[position].id = next.id
            }
            pages[page] = versions
        }
        // Permission tables are counted where they change (see `sharesPermissions`).
        if !sharesPermissions(index) { bytes -= removed.permissions.count }
        let nextWasCounted = next.permissions != removed.permissions
        let nextIsCounted = index == 0 || checkpoints[index - 1].permissions != next.permissions
        if nextIsCounted != nextWasCounted { bytes += nextIsCounted ? next.permissions.count : -next.permissions.count }
        bytes -= History.checkpointOverhead
        checkpoints.remove(at: index)
    }

    /// Drops the newest checkpoint and the page versions it stored.
    private mutating func dropNewest() {
        guard let last = checkpoints.last else { return }
        for page in Array(pages.keys) {
            guard var versions = pages[page], versions.last?.id == last.id else { continue }
            versions.removeLast()
            bytes -= History.pageBytes + History.versionOverhead
            pages[page] = versions
        }
        if !sharesPermissions(checkpoints.count - 1) { bytes -= last.permissions.count }
        bytes -= History.checkpointOverhead
        checkpoints.removeLast()
    }

    /// Whether checkpoint `index`'s permission table was counted by an earlier one
    /// (`take` shares an unchanged table and counts it once).
    private func sharesPermissions(_ index: Int) -> Bool {
        index > 0 && checkpoints[index - 1].permissions == checkpoints[index].permissions
    }

    // MARK: - Helpers

    /// The newest version stored at or before checkpoint `id` (versions are oldest first).
    static func newest(_ versions: [Version], atOrBefore id: Int) -> Version? {
        var low = 0, high = versions.count
        while low < high {
            let middle = (low + high) / 2
            if versions[middle].id <= id { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : versions[low - 1]
    }

    private static let zeroPage = [UInt8](repeating: 0, count: pageBytes)

    /// Whether the page at `pointer` is all zeros.
    static func isZero(_ pointer: UnsafeRawPointer) -> Bool {
        zeroPage.withUnsafeBytes { memcmp($0.baseAddress!, pointer, pageBytes) == 0 }
    }
}
