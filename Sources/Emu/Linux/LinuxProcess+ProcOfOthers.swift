/// /proc/PID of the tree's other processes. Each guest process is a host process of its
/// own, so another's memory, descriptors and working directory are not this process's to
/// read; what the tree's shared table holds is shown: its pid, parent, group, session,
/// state, name and command line (`GuestProcessTable.Identity`), in `stat`, `status`,
/// `comm` and `cmdline`, which is what `ps`, `pgrep` and `pidof` read. The other entries
/// (exe, cwd, fd, maps, environ) are absent for another process.
extension LinuxProcess {
    /// The files of another process's /proc directory.
    static let otherProcFileNames = ["cmdline", "comm", "stat", "status"]

    /// What the table says of another guest process.
    struct OtherProcess {
        var slot: GuestProcessTable.Slot
        var identity: GuestProcessTable.Identity
    }

    /// Writes this process's name and command line into the tree's table, for the /proc of
    /// the others (a no-op before the first fork: there are no others).
    func publishIdentity() {
        guard let table = tree.table else { return }
        let identity = GuestProcessTable.Identity(name: resources.commandName, commandLine: nulSeparated(resources.arguments))
        table.withLock { access in
            if let index = access.index(ofGuest: tree.pid) { access.setIdentity(identity, at: index) }
        }
    }

    /// Another live (or zombie) guest process of the tree, by pid.
    func otherProcess(_ pid: Int32) -> OtherProcess? {
        guard pid != tree.pid, let table = tree.table else { return nil }
        return table.withLock { access in
            guard let index = access.index(ofGuest: pid),
                access.slots[index].state != GuestProcessTable.State.starting.rawValue
            else { return nil }
            return OtherProcess(slot: access.slots[index], identity: access.identity(at: index))
        }
    }

    /// The pids of the tree's processes that /proc lists, in increasing order (this one
    /// included).
    var listedPids: [Int32] {
        guard let table = tree.table else { return [tree.pid] }
        let pids = table.withLock { access in
            access.slots.filter {
                $0.state == GuestProcessTable.State.alive.rawValue || $0.state == GuestProcessTable.State.exited.rawValue
            }.map(\.guestPid)
        }
        return Set(pids + [tree.pid]).sorted()
    }

    /// The parent, group and session of this process (getppid, and its own stat/status).
    var ownLineage: (parent: Int32, group: Int32, session: Int32) {
        guard let table = tree.table else { return (0, tree.pid, tree.pid) }
        return table.withLock { access in
            guard let index = access.index(ofGuest: tree.pid) else { return (0, tree.pid, tree.pid) }
            let slot = access.slots[index]
            // A parent killed by a host signal never ran emu's exit path, which hands its
            // children to init: a parent no longer in the table means init.
            let parent = slot.parent == 0 || access.index(ofGuest: slot.parent) != nil ? slot.parent : 1
            return (parent, slot.processGroup, slot.session)
        }
    }

    /// The bytes of `name` in another process's /proc directory.
    func otherProcessContents(_ other: OtherProcess, file name: String) -> [UInt8] {
        let slot = other.slot
        let zombie = slot.state == GuestProcessTable.State.exited.rawValue
        let command = String(decoding: other.identity.name, as: UTF8.self)
        switch name {
        case "cmdline": return zombie ? [] : other.identity.commandLine  // a zombie's is empty on Linux
        case "comm": return other.identity.name + [0x0A]
        case "stat":
            // The 52 fields of proc(5); those the table does not know are 0.
            var fields = ["\(slot.guestPid)", "(\(command))", zombie ? "Z" : "S", "\(slot.parent)",
                          "\(slot.processGroup)", "\(slot.session)", "0", "-1", "4194304"]
            fields += Array(repeating: "0", count: 8) + ["20", "0", "1", "0"] + Array(repeating: "0", count: 31)
            return Array((fields.joined(separator: " ") + "\n").utf8)
        case "status":
            let uid = configuration.uid, gid = configuration.gid
            let rows = [
                "Name:\t" + command, "State:\t" + (zombie ? "Z (zombie)" : "S (sleeping)"),
                "Tgid:\t\(slot.guestPid)", "Ngid:\t0", "Pid:\t\(slot.guestPid)", "PPid:\t\(slot.parent)", "TracerPid:\t0",
                "Uid:\t\(uid)\t\(uid)\t\(uid)\t\(uid)", "Gid:\t\(gid)\t\(gid)\t\(gid)\t\(gid)", "Threads:\t1",
            ]
            return Array((rows.joined(separator: "\n") + "\n").utf8)
        default: return []
        }
    }
}
