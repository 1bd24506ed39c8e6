import Glibc

/// What stat, getdents and readlink would otherwise tell the guest about the host: inode
/// and device numbers are replaced by numbers of the process's own, handed out in the order
/// the guest first meets each host file (deterministic, and no function of the host's
/// numbers), and links the guest wrote are remembered so that their text may be read back.
///
/// Each mount is its own device, `makedev(0, 0x40 + mount index)` (0x3f for emu's virtual
/// directories and the standard streams), as each mount of a container is its own file
/// system to the guest. Inode numbers start at 2 and are shared by hard links of one host
/// file seen through one mount, so `(st_dev, st_ino)` equality still means "the same file".
final class HostFactTable {
    private var inodes: [Key: UInt64] = [:]
    /// Links created by the guest in this run (host identities).
    var guestLinks: Set<HostFileID> = []

    /// A host file's identity: its device and inode.
    struct HostFileID: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private struct Key: Hashable {
        var mount: Int
        var file: HostFileID
    }

    /// The guest's device number for mount `mount` (nil: no mount).
    func guestDevice(mount: Int?) -> UInt64 {
        // Linux's new_encode_dev for major 0: the minor's low byte, then its high bits at 20.
        let minor = UInt64(0x40 + (mount ?? -1))
        return (minor & 0xFF) | ((minor & ~0xFF) << 12)
    }

    /// The guest's inode number for host file (`device`, `inode`) seen through `mount`.
    func guestInode(mount: Int?, device: UInt64, inode: UInt64) -> UInt64 {
        let key = Key(mount: mount ?? -1, file: HostFileID(device: device, inode: inode))
        if let known = inodes[key] { return known }
        let number = UInt64(inodes.count) + 2  // 1 is the bad-blocks inode on ext file systems
        inodes[key] = number
        return number
    }
}

extension LinuxProcess {
    /// `status` (of a file seen through mount `mount`) with its device and inode numbers
    /// replaced by the guest's.
    func virtualised(_ status: stat, mount: Int?) -> stat {
        var result = status
        let number = hostFacts.guestInode(mount: mount, device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        result.st_ino = numericCast(number)
        result.st_dev = numericCast(hostFacts.guestDevice(mount: mount))
        return result
    }

    /// Rewrites the d_ino of every `struct linux_dirent64` record in `buffer` (`count`
    /// bytes, as the host's getdents64 wrote them) for a directory on host device `device`
    /// seen through mount `mount`.
    func virtualiseDirectoryEntries(_ buffer: UnsafeMutableRawPointer, count: Int, device: UInt64, mount: Int?) {
        var offset = 0
        // d_ino at 0 (u64), d_off at 8, d_reclen at 16 (u16): the host wrote whole records.
        while offset + 19 <= count {
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 16, as: UInt16.self))
            guard length >= 19, offset + length <= count else { return }
            let inode = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let number = hostFacts.guestInode(mount: mount, device: device, inode: inode)
            buffer.storeBytes(of: number, toByteOffset: offset, as: UInt64.self)
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
