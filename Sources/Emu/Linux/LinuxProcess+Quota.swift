import Glibc

/// The disk quotas: `--max-write` (bytes written plus every byte a file's apparent size
/// grows by) and `--max-files` (directory entries the guest holds created, like a tmpfs
/// inode limit).
///
/// Why apparent size and not bytes written: a `pwrite` of one byte at 2 GiB writes one byte
/// but makes a 2 GiB file, and tools that copy, archive or back up the mount read all of it.
/// Charging the hole too keeps `--max-write` a bound on the size of everything the guest
/// can leave behind.
extension LinuxProcess {
    /// Takes `bytes` from the `--max-write` budget; false (and nothing taken) when the
    /// budget cannot cover them.
    func charge(_ bytes: UInt64) -> Bool {
        if let limit = configuration.maxWriteBytes {
            guard bytes <= limit, bytesWritten <= limit - bytes else { return false }
        }
        bytesWritten &+= bytes
        return true
    }

    /// Bytes left in the `--max-write` budget (`UInt64.max` without one).
    var writeBudgetLeft: UInt64 {
        guard let limit = configuration.maxWriteBytes else { return UInt64.max }
        return limit > bytesWritten ? limit - bytesWritten : 0
    }

    /// Runs a host call that creates a directory entry costing `cost` bytes of the budget and
    /// one entry of `--max-files`: ENOSPC (as a host -1 with errno set) when either cannot
    /// cover it, a refund of both when the call fails.
    func charged(_ cost: UInt64, _ body: () -> Int32) -> Int32 {
        guard entriesCreated < configuration.maxFiles else {
            errno = ENOSPC
            return -1
        }
        guard charge(cost) else {
            errno = ENOSPC
            return -1
        }
        entriesCreated += 1
        let result = body()
        if result < 0 {
            let saved = errno
            bytesWritten &-= cost
            entriesCreated -= 1
            errno = saved
        }
        return result
    }

    /// Gives back one `--max-files` entry after the guest removed one (never below zero, so
    /// removing the host's own files buys nothing beyond the limit).
    func entryRemoved() {
        if entriesCreated > 0 { entriesCreated -= 1 }
    }

    /// What creating a directory entry costs against `--max-write`: its name, so that a
    /// guest cannot fill the host's disk with empty files or links.
    static func entryCost(_ name: [UInt8]) -> UInt64 { UInt64(max(name.count, 1)) }
    /// `entryCost` of a name already made a C string (its NUL is not counted).
    static func entryCost(_ name: [CChar]) -> UInt64 { UInt64(max(name.count - 1, 1)) }
    /// What creating a directory costs against `--max-write`: one block of the host disk.
    static let directoryCost: UInt64 = 4096

    /// The hole a write of host descriptor `fd` at `offset` (nil: the file position; the
    /// end under O_APPEND) would leave between the file's current end and the first byte
    /// written: what its apparent size grows by beyond the bytes themselves. Zero for
    /// anything but a regular file.
    func holeBeforeWrite(fd: Int32, offset: Int64?) -> UInt64 {
        var status = stat()
        guard Glibc.fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return 0 }
        let size = Int64(status.st_size)
        // Under O_APPEND every write lands at the end, pwrite's offset too (as on Linux).
        if hostFcntl(fd, F_GETFL, 0) & O_APPEND != 0 { return 0 }
        let start = offset ?? Int64(Glibc.lseek(fd, 0, SEEK_CUR))
        return start > size ? UInt64(start - size) : 0
    }
}
