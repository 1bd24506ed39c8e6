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
}

extension LinuxProcess {
    /// The process's pid in the guest's pid namespace (1 for the first process).
    public var guestPid: Int32 { tree.pid }
}
