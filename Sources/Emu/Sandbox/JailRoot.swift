import CHostCalls
import Glibc

/// The jail's file system: a new root that is an empty, read-only tmpfs holding only the
/// guest's mounts, made inside the child's own mount namespace.
///
/// Layout (as the jailed emu sees it): `/m/N` is the N-th `-v` mount (a bind mount of the
/// host directory; `:ro` ones read-only at the mount level, so even the kernel refuses a
/// write through them), `/t/N` the N-th `--tmpfs` mount (a real tmpfs of its own, sized
/// by `--max-write` or `--memory`). Nothing else: no /proc, /dev, /etc, no emu binary. A
/// path call emu makes, whatever its argument, resolves inside this tree.
///
/// Order matters: the host trees are cloned (`open_tree`) while the host's paths are still
/// visible, then the tmpfs is mounted on `/tmp` (which hides that directory, not the
/// clones), the clones are attached below it (`move_mount`), and `pivot_root` makes it the
/// root and detaches the host's.
enum JailRoot {
    /// The directory the new root is mounted on before `pivot_root`.
    static let staging = "/tmp"

    /// A built root: the configuration rewritten to the jail's host paths, and a refusal
    /// that did not stop the build (pivot_root refused, chroot used instead).
    struct Built {
        var configuration: LinuxConfiguration
        var refusal: Isolation.Refusal?
    }

    /// Errors that belong to the user's path (the shim reports them as it would without a
    /// jail), not to the kernel refusing a layer.
    static func isPathError(_ code: Int32) -> Bool {
        [ENOENT, ENOTDIR, EACCES, ENAMETOOLONG, ELOOP].contains(code)
    }

    static func build(_ configuration: LinuxConfiguration, inheritedTrees: [Int32]) -> Result<Built, Isolation.Refusal> {
        func refused(_ step: String, _ code: Int32 = errno) -> Isolation.Refusal {
            Isolation.Refusal(step: "an empty root holding only the mounts: \(step)", errno: code)
        }
        // Our copy of the host's mounts must not propagate anything back to the host.
        if hostMount(nil, "/", nil, HostLinux.MS_REC | HostLinux.MS_PRIVATE, nil) != 0 {
            return .failure(refused("mount(/, MS_REC | MS_PRIVATE)"))
        }
        var trees: [Int32] = []
        defer { for fd in trees where fd >= 0 { close(fd) } }
        for (index, mount) in configuration.mounts.enumerated() {
            if index < inheritedTrees.count, inheritedTrees[index] >= 0 {
                // Made (and idmapped) by the launcher; close-on-exec from here on.
                _ = fcntl(inheritedTrees[index], F_SETFD, FD_CLOEXEC)
                trees.append(inheritedTrees[index])
                continue
            }
            let fd = emu_open_tree_clone(AT_FDCWD, mount.hostPath, 0, 1)
            if fd < 0 {
                if isPathError(errno) {
                    trees.append(-1)
                    continue
                }
                return .failure(refused("open_tree(\(mount.hostPath))"))
            }
            trees.append(fd)
            if emu_mount_setattr(fd, -1, mount.readOnly ? 1 : 0) != 0 {
                return .failure(refused("mount_setattr(\(mount.hostPath))"))
            }
        }
        for fd in inheritedTrees.dropFirst(configuration.mounts.count) where fd >= 0 { close(fd) }

        let tmpfsFlags = HostLinux.MS_NOSUID | HostLinux.MS_NODEV | HostLinux.MS_NOEXEC
        guard hostMount("tmpfs", staging, "tmpfs", tmpfsFlags, "size=1m,nr_inodes=1024,mode=0755") == 0 else {
            return .failure(refused("mount(tmpfs, \(staging))"))
        }
        // Undoes the staging mount, which hides the host's /tmp, when a later step fails.
        func abandon(_ refusal: Isolation.Refusal) -> Result<Built, Isolation.Refusal> {
            _ = hostUmount2(staging, HostLinux.MNT_DETACH)
            return .failure(refusal)
        }
        for directory in ["/m", "/t", "/.old"] where mkdir(staging + directory, 0o755) != 0 {
            return abandon(refused("mkdir(\(directory))"))
        }
        var result = configuration
        for (index, fd) in trees.enumerated() where fd >= 0 {
            var status = stat()
            // A host path that is not a directory is left for the shim to report.
            guard fstat(fd, &status) == 0, status.st_mode & 0o170000 == 0o040000 else { continue }
            let target = "/m/\(index)"
            guard mkdir(staging + target, 0o755) == 0 else { return abandon(refused("mkdir(\(target))")) }
            guard emu_move_mount(fd, staging + target) == 0 else {
                return abandon(refused("move_mount(\(configuration.mounts[index].hostPath))"))
            }
            // Host-planted links name the directory by its outside path: keep it (and its
            // real path, which cannot be resolved once the host tree is gone) for readlink.
            let outside = configuration.mounts[index].hostPath
            var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            result.mounts[index].hostAliases = [outside] + (realpath(outside, &resolved) != nil ? [String(cString: resolved)] : [])
            result.mounts[index].hostPath = target
        }
        // --tmpfs: a real tmpfs per mount (bounded like every write by --max-write, and in
        // size by the same figure, or by --memory); the shim sees an ordinary mount.
        let size = max(4096, configuration.maxWriteBytes ?? configuration.memoryLimit)
        for (index, guestPath) in configuration.temporaryMounts.enumerated() {
            let target = "/t/\(index)"
            guard mkdir(staging + target, 0o700) == 0 else { return abandon(refused("mkdir(\(target))")) }
            guard hostMount("tmpfs", staging + target, "tmpfs", tmpfsFlags, "size=\(size),mode=0700") == 0 else {
                return abandon(refused("mount(tmpfs, \(target))"))
            }
            result.mounts.append(Mount(hostPath: target, guestPath: GuestPath.normalize(guestPath), readOnly: false))
        }
        result.temporaryMounts = []

        var refusal: Isolation.Refusal?
        if emu_pivot_root(staging, staging + "/.old") == 0 {
            guard chdir("/") == 0 else { return .failure(refused("chdir(/)")) }
            // Detach the host's whole tree: from here it is unreachable by any path.
            guard hostUmount2("/.old", HostLinux.MNT_DETACH) == 0 else { return .failure(refused("umount2(/.old)")) }
            _ = rmdir("/.old")
        } else {
            // pivot_root refuses when the host's root is the initramfs (rootfs). chroot is
            // weaker (the host tree stays mounted in this namespace), but with every
            // capability dropped below no call can climb out of it.
            let code = errno
            guard chdir(staging) == 0, hostChroot(".") == 0, chdir("/") == 0 else {
                return abandon(refused("pivot_root and chroot(\(staging))"))
            }
            refusal = Isolation.Refusal(step: "pivot_root (a chroot is used instead)", errno: code)
        }
        // The root itself read-only: only the mounts can be written.
        let readOnly = HostLinux.MS_REMOUNT | HostLinux.MS_BIND | HostLinux.MS_RDONLY | tmpfsFlags
        if hostMount(nil, "/", nil, readOnly, nil) != 0, refusal == nil {
            refusal = Isolation.Refusal(step: "remounting the jail's root read-only", errno: errno)
        }
        return .success(Built(configuration: result, refusal: refusal))
    }
}

/// `chroot(2)` (declared only under _DEFAULT_SOURCE).
@_silgen_name("chroot")
func hostChroot(_ path: UnsafePointer<CChar>) -> Int32
