import Glibc

/// Finding the program named on emu's command line in the guest's file system first, as
/// `docker run IMAGE /bin/sh` looks the command up in the container, not on the host:
/// with `-v "$PWD/rootfs:/:ro"`, `/bin/busybox` is the rootfs's. Paths no `-v` mount covers,
/// relative paths, and covered paths the guest lacks stay host paths (the caller's
/// fallback), so `emu run prog.elf` and `-v "$PWD:/work" /work/...` are unchanged.
public enum GuestProgramLookup {
    /// Where a program path leads.
    public enum Outcome {
        /// No mount covers the path: it is a host path.
        case hostPath
        /// The guest's file: a read-only host descriptor (the caller closes it) and the
        /// file's guest path, links resolved.
        case found(fd: Int32, guestPath: String)
        /// A mount covers the path and the guest has no such file (the errno of the lookup).
        case missing(errno: Int32)
    }

    /// Looks `path` up in the guest's view of `mounts` (links followed inside that view,
    /// never out of a mount) when it is absolute and a mount covers it.
    public static func open(_ path: String, mounts: [Mount]) -> Outcome {
        guard path.hasPrefix("/"), !mounts.isEmpty else { return .hostPath }
        guard path.utf8.count < 4096 else { return .missing(errno: ENAMETOOLONG) }
        let components = GuestName.components(Array(path.utf8))
        guard mounts.contains(where: { components.starts(with: GuestName.components(Array($0.guestPath.utf8))) })
        else { return .hostPath }
        let fileSystem: GuestFileSystem
        do { fileSystem = try GuestFileSystem(mounts: mounts) } catch {
            if case .hostPathUnusable(_, let code) = error { return .missing(errno: code) }
            return .missing(errno: ENOENT)
        }
        switch fileSystem.locate(Array(path.utf8), followFinal: true) {
        case .failure(let error): return .missing(errno: error.code)
        case .success(let location):
            defer { if location.parentFD >= 0 { close(location.parentFD) } }
            guard location.parentFD >= 0, !location.name.isEmpty else { return .missing(errno: EISDIR) }
            // O_NOFOLLOW: the lookup above resolved every link in the guest's view.
            let fd = openat(location.parentFD, location.hostName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { return .missing(errno: errno) }
            return .found(fd: fd, guestPath: String(decoding: GuestName.path(location.guestPath), as: UTF8.self))
        }
    }
}
