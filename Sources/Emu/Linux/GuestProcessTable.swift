import Glibc

/// The guest's pid namespace: one table shared by every emu process of a guest tree.
///
/// A guest process is a host process (a host `fork` of emu, see `LinuxProcess+Process`), so
/// the tree's bookkeeping cannot live in any one process's heap. The table is anonymous
/// `MAP_SHARED` memory that the first process creates before its first fork; every child
/// inherits the same pages, so a store by one process is seen by all. It maps each guest
/// pid to its host pid, guest parent, process group, session and state, and holds the
/// counter that hands out guest pids (1 for the first process, then 2, 3, ...). Beside the
/// slots, each process's identity as other processes' /proc shows it: its name (comm) and
/// the start of its command line (`Identity`).
///
/// Every access takes one process-shared, robust pthread mutex stored in the table itself:
/// process-shared because the lockers are different processes, robust because a guest may
/// SIGKILL another guest process at any moment, including while it holds the lock (the
/// kernel then hands the next locker EOWNERDEAD, and the slot being edited is at worst
/// stale, never torn in a way the readers trust: each slot is rewritten field by field by
/// its owner only).
final class GuestProcessTable {
    /// One guest process. Plain `Int32` fields in declaration order: the layout of a
    /// struct of trivial fields is what the shared pages hold, in every process alike
    /// (they all run the same emu binary).
    struct Slot {
        var guestPid: Int32
        var hostPid: Int32
        /// The guest parent (0 for pid 1).
        var parent: Int32
        var processGroup: Int32
        var session: Int32
        var state: Int32
        /// The Linux wait status the process recorded when it ended (valid in `.exited`).
        var waitStatus: Int32
    }

    /// Where a slot is in its life.
    enum State: Int32 {
        /// Unused.
        case free = 0
        /// Reserved by a forking parent; the host pid is not known yet.
        case starting = 1
        /// Running (or killed by a host signal and not yet reaped).
        case alive = 2
        /// Ended through emu's own exit path, wait status recorded; a zombie until reaped.
        case exited = 3
    }

    /// The name and command line a process shows in another process's /proc, written by the
    /// process itself (at start, exec and PR_SET_NAME). The command line is cut to
    /// `commandLineCapacity` bytes: the table is fixed-size shared memory.
    struct Identity: Equatable {
        var name: [UInt8]
        /// argv, each argument followed by a NUL, as /proc/PID/cmdline has it.
        var commandLine: [UInt8]

        static let nameCapacity = 16
        static let commandLineCapacity = GuestProcessTable.identityBytes - nameCapacity - 2
    }

    private let base: UnsafeMutableRawPointer
    private let mappedBytes: Int
    /// The most slots (the `--pids-limit`): a zombie holds its slot, as it holds its pid in
    /// Linux's pids cgroup.
    let capacity: Int

    // The header: the mutex first (64 bytes covers pthread_mutex_t on x86-64 and AArch64),
    // then four Int32 fields, then the slots from `slotsOffset`.
    private static let mutexBytes = 64
    private static let nextPidOffset = 64
    private static let endingOffset = 68
    private static let initHostPidOffset = 72
    private static let writtenOffset = 80
    private static let slotsOffset = 128
    /// Bytes per process of the identity region that follows the slots: the name (16,
    /// NUL-padded), the command line's length (2), the command line.
    static let identityBytes = 256
    private var identitiesOffset: Int {
        (GuestProcessTable.slotsOffset + capacity * MemoryLayout<Slot>.stride + 7) & ~7
    }

    /// Maps a table for `capacity` processes and records the caller as guest pid 1.
    /// Nil when the host refuses the mapping or the mutex.
    init?(capacity: Int) {
        self.capacity = max(1, capacity)
        mappedBytes = ((GuestProcessTable.slotsOffset + self.capacity * MemoryLayout<Slot>.stride + 7) & ~7)
            + self.capacity * GuestProcessTable.identityBytes
        guard let mapped = mmap(nil, mappedBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0),
            mapped != MAP_FAILED
        else { return nil }
        base = mapped
        precondition(MemoryLayout<pthread_mutex_t>.size <= GuestProcessTable.mutexBytes)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        defer { pthread_mutexattr_destroy(&attributes) }
        guard pthread_mutexattr_setpshared(&attributes, Int32(PTHREAD_PROCESS_SHARED)) == 0,
            pthread_mutexattr_setrobust(&attributes, Int32(PTHREAD_MUTEX_ROBUST)) == 0,
            pthread_mutex_init(mutex, &attributes) == 0
        else {
            munmap(mapped, mappedBytes)
            return nil
        }
        header(GuestProcessTable.nextPidOffset).pointee = 2
        header(GuestProcessTable.initHostPidOffset).pointee = getpid()
        slots[0] = Slot(guestPid: 1, hostPid: getpid(), parent: 0, processGroup: 1, session: 1,
                        state: State.alive.rawValue, waitStatus: 0)
    }

    // The mapping is never unmapped: children inherit it, and the table must outlive every
    // object of the process that reads it (it goes with the host process).

    private var mutex: UnsafeMutablePointer<pthread_mutex_t> {
        base.assumingMemoryBound(to: pthread_mutex_t.self)
    }

    private func header(_ offset: Int) -> UnsafeMutablePointer<Int32> {
        (base + offset).assumingMemoryBound(to: Int32.self)
    }

    private var slots: UnsafeMutableBufferPointer<Slot> {
        UnsafeMutableBufferPointer(
            start: (base + GuestProcessTable.slotsOffset).bindMemory(to: Slot.self, capacity: capacity), count: capacity)
    }

    private func identityRecord(_ index: Int) -> UnsafeMutableRawPointer {
        base + identitiesOffset + index * GuestProcessTable.identityBytes
    }

    /// The host pid of guest pid 1 (fixed for the tree's life).
    var initHostPid: pid_t { header(GuestProcessTable.initHostPidOffset).pointee }

    /// Runs `body` holding the table's lock.
    func withLock<T>(_ body: (Access) -> T) -> T {
        var result = pthread_mutex_lock(mutex)
        while result == EINTR { result = pthread_mutex_lock(mutex) }
        // A holder died mid-update: the data is still the table's (see the type's comment).
        if result == EOWNERDEAD { pthread_mutex_consistent(mutex) }
        defer { pthread_mutex_unlock(mutex) }
        return body(Access(table: self))
    }

    /// What a lock holder may do: the table's operations, available only inside `withLock`.
    struct Access {
        fileprivate let table: GuestProcessTable

        /// Every slot, in table order.
        var slots: UnsafeMutableBufferPointer<Slot> { table.slots }

        /// Whether pid 1 has ended and is tearing the tree down: nothing new may start.
        var ending: Bool {
            get { table.header(GuestProcessTable.endingOffset).pointee != 0 }
            nonmutating set { table.header(GuestProcessTable.endingOffset).pointee = newValue ? 1 : 0 }
        }

        /// Bytes the whole tree has written against `--max-write`.
        var written: UInt64 {
            get { (table.base + GuestProcessTable.writtenOffset).assumingMemoryBound(to: UInt64.self).pointee }
            nonmutating set {
                (table.base + GuestProcessTable.writtenOffset).assumingMemoryBound(to: UInt64.self).pointee = newValue
            }
        }

        /// Index of the live (not free) slot of guest pid `pid`.
        func index(ofGuest pid: Int32) -> Int? {
            guard pid > 0 else { return nil }
            return slots.firstIndex { $0.guestPid == pid && $0.state != State.free.rawValue }
        }

        /// Index of the live slot whose host pid is `pid`.
        func index(ofHost pid: pid_t) -> Int? {
            guard pid > 0 else { return nil }
            return slots.firstIndex { $0.hostPid == pid && $0.state != State.free.rawValue }
        }

        /// Reserves a slot and a new guest pid for a child of `parent`; nil when the table
        /// is full (the pids limit) or the tree is ending.
        func reserve(parent: Slot) -> Int32? {
            guard !ending, let free = slots.firstIndex(where: { $0.state == State.free.rawValue }) else { return nil }
            let counter = table.header(GuestProcessTable.nextPidOffset)
            // Pids are not reused while in use; after Linux's largest pid_max (2^22) they
            // wrap to 2, skipping any still held (there are fewer slots than pids, so the
            // search ends).
            let maximum: Int32 = 1 << 22
            var pid = counter.pointee
            if pid < 2 || pid > maximum { pid = 2 }
            while index(ofGuest: pid) != nil { pid = pid >= maximum ? 2 : pid + 1 }
            counter.pointee = pid + 1
            slots[free] = Slot(guestPid: pid, hostPid: 0, parent: parent.guestPid, processGroup: parent.processGroup,
                               session: parent.session, state: State.starting.rawValue, waitStatus: 0)
            // A forked child is its parent's image until it execs: same name, same argv.
            setIdentity(index(ofGuest: parent.guestPid).map(identity(at:)) ?? Identity(name: [], commandLine: []), at: free)
            return pid
        }

        /// Records the host pid of a started child (both parent and child call it; the
        /// first call moves the slot to `.alive`). False when the tree is ending.
        func attach(_ pid: Int32, hostPid: pid_t) -> Bool {
            guard let index = index(ofGuest: pid) else { return false }
            slots[index].hostPid = hostPid
            if slots[index].state == State.starting.rawValue { slots[index].state = State.alive.rawValue }
            return !ending
        }

        /// The identity of the process in slot `index`.
        func identity(at index: Int) -> Identity {
            let record = table.identityRecord(index)
            let names = UnsafeRawBufferPointer(start: record, count: Identity.nameCapacity)
            let length = min(Int(record.loadUnaligned(fromByteOffset: Identity.nameCapacity, as: UInt16.self)),
                             Identity.commandLineCapacity)
            return Identity(name: Array(names.prefix { $0 != 0 }),
                            commandLine: Array(UnsafeRawBufferPointer(start: record + Identity.nameCapacity + 2, count: length)))
        }

        /// Records the identity of the process in slot `index` (cut to the capacities).
        func setIdentity(_ identity: Identity, at index: Int) {
            let record = table.identityRecord(index)
            record.initializeMemory(as: UInt8.self, repeating: 0, count: GuestProcessTable.identityBytes)
            let name = identity.name.prefix(Identity.nameCapacity - 1)
            for (offset, byte) in name.enumerated() { record.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self) }
            let line = identity.commandLine.prefix(Identity.commandLineCapacity)
            record.storeBytes(of: UInt16(line.count), toByteOffset: Identity.nameCapacity, as: UInt16.self)
            for (offset, byte) in line.enumerated() {
                record.storeBytes(of: byte, toByteOffset: Identity.nameCapacity + 2 + offset, as: UInt8.self)
            }
        }

        /// Frees the slot of `pid` (a fork that failed, or a reaped child).
        func release(_ pid: Int32) {
            guard let index = index(ofGuest: pid) else { return }
            setIdentity(Identity(name: [], commandLine: []), at: index)
            slots[index] = Slot(guestPid: 0, hostPid: 0, parent: 0, processGroup: 0, session: 0,
                                state: State.free.rawValue, waitStatus: 0)
        }

        /// Marks `pid` ended with `waitStatus` and hands its children to pid 1, as Linux
        /// reparents orphans at the parent's exit.
        func recordExit(_ pid: Int32, waitStatus: Int32) {
            guard let index = index(ofGuest: pid) else { return }
            slots[index].state = State.exited.rawValue
            slots[index].waitStatus = waitStatus
            for child in slots.indices where slots[child].parent == pid && slots[child].state != State.free.rawValue {
                slots[child].parent = 1
            }
        }
    }
}
