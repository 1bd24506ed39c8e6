import Glibc

/// The host side of a `--tmpfs GUEST` mount: a private, empty host directory that lives as
/// long as the guest process and is deleted with everything in it afterwards.
///
/// emu interprets every file system call itself, so an in-memory file system of its own
/// would be a second implementation of files; the simplest honest equivalent is a fresh
/// host directory (mode 0700, from `mkdtemp`) in `$XDG_RUNTIME_DIR`, which systemd hosts
/// keep in RAM, or else `/tmp`. Its size is bounded by `--max-write`, like every write.
public final class TemporaryDirectory {
    /// The host path of the directory.
    public let path: String

    /// Why the directory could not be made.
    public struct CreationError: Error, CustomStringConvertible {
        public let parent: String
        public let errno: Int32
        public var description: String {
            "cannot create a --tmpfs directory in \(parent): \(String(cString: strerror(errno)))"
        }
    }

    /// Creates an empty private directory.
    public init() throws(CreationError) {
        var parent = "/tmp"
        if let runtime = getenv("XDG_RUNTIME_DIR").map({ String(cString: $0) }), runtime.hasPrefix("/"),
            access(runtime, W_OK | X_OK) == 0
        {
            parent = runtime
        }
        var template = Array((parent + "/emu-tmpfs-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw CreationError(parent: parent, errno: errno) }
        path = String(cString: template)
        owner = getpid()
    }

    /// The host process that made the directory. Forked guest processes inherit this
    /// object and release it when they end; only the maker (the tree's init, which
    /// outlives them all) deletes the directory.
    private let owner: pid_t

    deinit { if getpid() == owner { remove() } }

    /// Deletes the directory and everything the guest left in it. Never follows a
    /// symbolic link: the guest may have planted links to anywhere on the host.
    public func remove() {
        let root = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard root >= 0 else { return }
        TemporaryDirectory.empty(root)
        close(root)
        rmdir(path)
    }

    /// Removes every entry of the open directory `fd`, depth first.
    private static func empty(_ fd: Int32) {
        // Names are collected first: unlinking while reading a directory may skip entries.
        var names: [String] = []
        var buffer = [UInt8](repeating: 0, count: 32 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { hostGetdents64(fd, $0.baseAddress!, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset + 19 <= count {
                // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
                let length = Int(buffer[offset + 16]) | Int(buffer[offset + 17]) << 8
                guard length > 19, offset + length <= count else { break }
                let name = buffer[(offset + 19)..<(offset + length)].prefix { $0 != 0 }
                let text = String(decoding: name, as: UTF8.self)
                if text != "." && text != ".." { names.append(text) }
                offset += length
            }
        }
        for name in names {
            if unlinkat(fd, name, 0) == 0 { continue }
            // Not a removable non-directory: a directory (EISDIR, or EPERM on some file
            // systems). O_NOFOLLOW so that a symlink is never entered.
            var child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child < 0 && errno == EACCES {
                // The guest made it with mode 0 (mkdir's mode is its choice): give it back.
                fchmodat(fd, name, 0o700, 0)
                child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            guard child >= 0 else { continue }
            empty(child)
            close(child)
            unlinkat(fd, name, AT_REMOVEDIR)
        }
    }
}
