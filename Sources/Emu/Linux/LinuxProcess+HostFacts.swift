import Glibc

/// What stat, getdents and readlink would otherwise tell the guest about the host: inode
/// and device numbers are replaced by numbers of the process's own, handed out in the order
/// the guest first meets each host file (deterministic, and no function of the host's
/// numbers), and links the guest wrote are remembered so that their text may be read back.
///
/// Device numbers are per host file system, as bind mounts share their device on Linux, and
/// made up as `makedev(0, 0x40 + n)`; inode numbers start at 2 per process and are shared
/// by hard links of one host file, so `st_ino` equality still means "the same file".
final class HostFactTable {
    private var devices: [UInt64: UInt64] = [:]
    private var inodes: [HostFileID: UInt64] = [:]
    /// Links created by the guest in this run (host identities).
    var guestLinks: Set<HostFileID> = []

    /// A host file's identity: its device and inode.
    struct HostFileID: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// The guest's device number for host device `device`.
    func guestDevice(_ device: UInt64) -> UInt64 {
        if let known = devices[device] { return known }
        // Linux's new_encode_dev for major 0, minor 0x40 + n (minors 0x40... are unused by
        // the kernel's anonymous devices, which begin low).
        let minor = 0x40 + UInt64(devices.count)
        let number = (minor & 0xFF) | ((minor & ~0xFF) << 12)
        devices[device] = number
        return number
    }

    /// The guest's inode number for host file (`device`, `inode`).
    func guestInode(device: UInt64, inode: UInt64) -> UInt64 {
        let key = HostFileID(device: device, inode: inode)
        if let known = inodes[key] { return known }
        let number = UInt64(inodes.count) + 2  // 1 is the bad-blocks inode on ext file systems
        inodes[key] = number
        return number
    }
}

extension LinuxProcess {
    /// `status` with its device and inode numbers replaced by the guest's.
    func virtualised(_ status: stat) -> stat {
        var result = status
        let device = UInt64(status.st_dev)
        result.st_ino = numericCast(hostFacts.guestInode(device: device, inode: UInt64(status.st_ino)))
        result.st_dev = numericCast(hostFacts.guestDevice(device))
        return result
    }

    /// Rewrites the d_ino of every `struct linux_dirent64` record in `buffer` (`count`
    /// bytes, as the host's getdents64 wrote them) for a directory on host device `device`.
    func virtualiseDirectoryEntries(_ buffer: UnsafeMutableRawPointer, count: Int, device: UInt64) {
        var offset = 0
        // d_ino at 0 (u64), d_off at 8, d_reclen at 16 (u16): the host wrote whole records.
        while offset + 19 <= count {
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 16, as: UInt16.self))
            guard length >= 19, offset + length <= count else { return }
            let inode = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            buffer.storeBytes(of: hostFacts.guestInode(device: device, inode: inode), toByteOffset: offset, as: UInt64.self)
            offset += length
        }
    }

    /// The host identity of the entry `name` in directory `fd` (not following a link).
    func hostIdentity(_ fd: Int32, _ name: [CChar]) -> HostFactTable.HostFileID? {
        var status = stat()
        guard Glibc.fstatat(fd, name, &status, Glibc.AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return HostFactTable.HostFileID(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// Notes that the guest created the link `name` in directory `fd`.
    func rememberGuestLink(_ fd: Int32, _ name: [CChar]) {
        if let id = hostIdentity(fd, name) { hostFacts.guestLinks.insert(id) }
    }

    /// Whether the link `name` in directory `fd` is one the guest created in this run.
    func isGuestLink(_ fd: Int32, _ name: [CChar]) -> Bool {
        hostIdentity(fd, name).map { hostFacts.guestLinks.contains($0) } ?? false
    }
}
