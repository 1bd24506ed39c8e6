/// What emu itself serves at a guest path, in place of a mount: the minimal /etc and /proc
/// (see LinuxProcess+SyntheticFiles). The file system asks for it by guest path, before
/// it looks at any mount, so that a guest cannot shadow it with files of its own.
enum SyntheticNode: Equatable {
    /// A read-only directory (its entries come from `GuestFileSystem.syntheticEntries`).
    case directory
    /// A read-only regular file (its bytes are made when it is opened).
    case file
    /// A symbolic link with this text (`/proc/self`, `/proc/PID/exe`, `/proc/PID/fd/N`).
    case link(GuestName)
}

/// The `d_type` values of `struct linux_dirent64` that emu's own directories list.
enum DirectoryEntryType {
    static let characterDevice: UInt8 = 2
    static let directory: UInt8 = 4
    static let regular: UInt8 = 8
    static let link: UInt8 = 10
}
