/// What one emu process knows of its place in the guest's process tree: its guest pid and
/// the table the whole tree shares (nil until the guest first forks or changes its group:
/// a single-process guest never pays for it, and is pid 1 of group 1 and session 1).
final class ProcessTreeMembership {
    /// The shared pid table.
    var table: GuestProcessTable?
    /// This process's guest pid.
    var pid: Int32 = 1
    /// The write end of the pipe a vfork parent waits on (-1 when none): closed when the
    /// child execs or ends, which wakes the parent, as Linux resumes a vfork parent then.
    var vforkRelease: Int32 = -1
    /// The tree's written-bytes count as this process last read it (see `bytesWritten`).
    var writtenSeen: UInt64 = 0
}

extension LinuxProcess {
    /// The process's pid in the guest's pid namespace (1 for the first process).
    public var guestPid: Int32 { tree.pid }
}

extension LinuxProcess {
    /// Bytes charged to `--max-write` so far (see LinuxProcess+Quota): the process's own
    /// count until it first forks, then the whole tree's, kept in the shared table, so
    /// that the limit holds for the tree and not per process.
    ///
    /// Why a read remembers what it saw: the quota code updates the count with compound
    /// assignments (`bytesWritten &+= n`), which Swift runs as a get and then a set, and
    /// another process may add between the two. The setter therefore adds the difference
    /// from the value this process read (one thread per process: the get just before is
    /// that read) under the table's lock, instead of storing a total that would drop the
    /// other process's bytes. Two writers can still each pass a check before either
    /// charges: the tree may exceed the limit by at most one write per process.
    var bytesWritten: UInt64 {
        get {
            guard let table = tree.table else { return ownBytesWritten }
            tree.writtenSeen = table.withLock { $0.written }
            return tree.writtenSeen
        }
        set {
            guard let table = tree.table else {
                ownBytesWritten = newValue
                return
            }
            let delta = newValue &- tree.writtenSeen
            tree.writtenSeen = table.withLock { access in
                access.written &+= delta
                return access.written
            }
        }
    }
}
