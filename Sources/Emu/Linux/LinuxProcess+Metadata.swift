import Glibc

/// chmod, chown, utimensat and mknodat (FIFOs), and the umask applied to every create.
///
/// Every host call here names its file relative to the directory the guest file system
/// resolved and never follows a symlink found there: a link swapped in since the lookup
/// (the guest can race its own calls) must not let a chmod or chown reach the host file it
/// names. Ownership goes through the user namespace's mapping: the guest's uid and gid are
/// the host user running emu; any other id is unmapped (EINVAL, as Linux answers for an id
/// without a mapping).
extension LinuxProcess {
    /// The host process's umask, read once (umask(2) can only be read by setting it).
    static let hostUmask: mode_t = {
        let old = Glibc.umask(0o022)
        Glibc.umask(old)
        return old
    }()

    /// The permission bits a guest chmod may give a host file: setuid and setgid are
    /// dropped, because on the host they would make a program the guest wrote run as the
    /// user running emu for whoever starts it there. The sticky bit stays (harmless).
    static let settableModeBits: UInt32 = 0o1777

    /// `mode` with the guest's umask applied, as a create gives it.
    func creationMode(_ mode: UInt32) -> UInt32 { mode & 0o7777 & ~resources.umask & LinuxProcess.settableModeBits }

    /// Sets the mode of `name` in host directory `parent` without following a symlink.
    func hostChmod(_ parent: Int32, _ name: [CChar], _ mode: UInt32) -> Int32 {
        let result = name.withUnsafeBufferPointer { pointer in
            hostSyscall4(HostSyscallNumber.fchmodat2, Int(parent), Int(bitPattern: pointer.baseAddress),
                         Int(mode & LinuxProcess.settableModeBits), Int(Glibc.AT_SYMLINK_NOFOLLOW))
        }
        if result == 0 || errno != ENOSYS { return Int32(result) }
        // Kernels before 6.6: open the file itself (never a link: O_NOFOLLOW) and chmod that.
        let fd = Glibc.openat(parent, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return -1 }
        defer { Glibc.close(fd) }
        return Glibc.fchmod(fd, mode_t(mode & LinuxProcess.settableModeBits))
    }

    /// After a create that the host's own umask may have narrowed, gives the new entry
    /// exactly `mode` (the guest's umask already applied).
    func settleCreatedMode(_ parent: Int32, _ name: [CChar], _ mode: UInt32) {
        if mode_t(mode) & LinuxProcess.hostUmask != 0 { _ = hostChmod(parent, name, mode) }
    }

    /// Runs `body` on the host directory and name (dirfd, path) resolves to, on a writable
    /// mount; AT_EMPTY_PATH with "" means the descriptor itself (body gets its host fd and
    /// an empty name).
    func withMetadataTarget(_ dirfd: Int32, _ path: UInt32, flags: UInt32, allowEmpty: Bool = true,
                            _ body: (Int32, [CChar]) -> Int32) -> SyscallResult {
        if allowEmpty, flags & LinuxProcess.AT_EMPTY_PATH != 0, path != 0,
            case .success(let bytes) = guestString(path), bytes.isEmpty
        {
            return onDescriptor(UInt32(bitPattern: dirfd), body)
        }
        if device(dirfd, at: path) != nil { return .error(.EROFS) }
        return withLocation(dirfd, path, follow: flags & LinuxProcess.AT_SYMLINK_NOFOLLOW == 0) { location in
            guard location.parentFD >= 0 else { return .error(.EROFS) }
            if fileSystem.isReadOnly(location.mountIndex) { return .error(.EROFS) }
            return hostResult(Int(body(location.parentFD, location.hostName)))
        }
    }

    /// Runs `body` on guest descriptor `fd`'s host descriptor (with an empty name).
    func onDescriptor(_ fd: UInt32, _ body: (Int32, [CChar]) -> Int32) -> SyscallResult {
        switch files[fd] {
        case nil: return .error(.EBADF)
        case .host(let hostFD, _, let readOnly, let path)?:
            // A descriptor of a read-only mount (the standard streams have no path: theirs
            // are the host's own, which the guest may not change either).
            if readOnly || path == nil { return .error(path == nil ? .EPERM : .EROFS) }
            return hostResult(Int(body(hostFD, [])))
        default: return .error(.EROFS)
        }
    }

    // MARK: - chmod

    func fchmod(_ a: SyscallArguments) -> SyscallResult {
        onDescriptor(a[0]) { fd, _ in Glibc.fchmod(fd, mode_t(a[1] & LinuxProcess.settableModeBits)) }
    }

    /// fchmodat(dirfd, path, mode) and fchmodat2(dirfd, path, mode, flags).
    func fchmodat(_ a: SyscallArguments, call: LinuxSyscall) -> SyscallResult {
        let flags = call == .fchmodat2 ? a[3] : 0
        guard flags & ~(LinuxProcess.AT_SYMLINK_NOFOLLOW | LinuxProcess.AT_EMPTY_PATH) == 0 else { return .error(.EINVAL) }
        let mode = a[2] & 0o7777
        return withMetadataTarget(a.signed(0), a[1], flags: flags, allowEmpty: call == .fchmodat2) { parent, name in
            if name.isEmpty { return Glibc.fchmod(parent, mode_t(mode & LinuxProcess.settableModeBits)) }
            // With Glibc.AT_SYMLINK_NOFOLLOW the final name may be a link: Linux cannot chmod one.
            var status = stat()
            if Glibc.fstatat(parent, name, &status, Glibc.AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFLNK {
                errno = EOPNOTSUPP
                return -1
            }
            return hostChmod(parent, name, mode)
        }
    }

    // MARK: - chown

    /// The host id for a guest id in a chown: -1 stays "no change", the guest's own id is
    /// the host user's, and any other id has no mapping (nil: EINVAL).
    func hostOwner(_ guest: UInt32, own: UInt32, host: UInt32) -> UInt32? {
        if guest == UInt32.max { return UInt32.max }
        return guest == own ? host : nil
    }

    func fchown(_ a: SyscallArguments) -> SyscallResult {
        guard let uid = hostOwner(a[1], own: configuration.uid, host: getuid()),
            let gid = hostOwner(a[2], own: configuration.gid, host: getgid())
        else { return .error(.EINVAL) }
        return onDescriptor(a[0]) { fd, _ in Glibc.fchown(fd, uid, gid) }
    }

    func fchownat(_ a: SyscallArguments) -> SyscallResult {
        let flags = a[4]
        guard flags & ~(LinuxProcess.AT_SYMLINK_NOFOLLOW | LinuxProcess.AT_EMPTY_PATH) == 0 else { return .error(.EINVAL) }
        guard let uid = hostOwner(a[2], own: configuration.uid, host: getuid()),
            let gid = hostOwner(a[3], own: configuration.gid, host: getgid())
        else { return .error(.EINVAL) }
        return withMetadataTarget(a.signed(0), a[1], flags: flags) { parent, name in
            name.isEmpty ? Glibc.fchown(parent, uid, gid) : Glibc.fchownat(parent, name, uid, gid, Glibc.AT_SYMLINK_NOFOLLOW)
        }
    }

    // MARK: - utimensat

    /// utimensat_time64(dirfd, path, times[2], flags): a NULL path means dirfd itself;
    /// UTIME_NOW takes the guest's own clock (so `--deterministic` runs stamp files
    /// deterministically).
    func utimensat(_ a: SyscallArguments) -> SyscallResult {
        let flags = a[3]
        guard flags & ~(LinuxProcess.AT_SYMLINK_NOFOLLOW | LinuxProcess.AT_EMPTY_PATH) == 0 else { return .error(.EINVAL) }
        let utimeNow = (1 << 30) - 1, utimeOmit = (1 << 30) - 2
        let now = clockNanoseconds(0) ?? 0
        var times = [timespec(), timespec()]
        let stamps = a[2] == 0 ? nil : readableBuffer(a[2], count: 32)
        if a[2] != 0 && stamps == nil { return .error(.EFAULT) }
        for index in 0..<2 {
            let seconds = stamps?.guestLoad(Int64.self, at: index * 16) ?? 0
            let nanoseconds = stamps?.guestLoad(Int64.self, at: index * 16 + 8) ?? Int64(utimeNow)
            if nanoseconds == utimeNow {
                times[index] = timespec(tv_sec: Int(now / 1_000_000_000), tv_nsec: Int(now % 1_000_000_000))
            } else if nanoseconds == utimeOmit {
                times[index] = timespec(tv_sec: 0, tv_nsec: utimeOmit)
            } else {
                guard nanoseconds >= 0, nanoseconds < 1_000_000_000 else { return .error(.EINVAL) }
                times[index] = timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds))
            }
        }
        if a[1] == 0 {
            // futimens: the descriptor itself.
            guard flags & LinuxProcess.AT_SYMLINK_NOFOLLOW == 0 else { return .error(.EINVAL) }
            return onDescriptor(a[0]) { fd, _ in Glibc.futimens(fd, times) }
        }
        return withMetadataTarget(a.signed(0), a[1], flags: flags) { parent, name in
            name.isEmpty ? Glibc.futimens(parent, times) : Glibc.utimensat(parent, name, times, Glibc.AT_SYMLINK_NOFOLLOW)
        }
    }

    // MARK: - mknodat

    /// mknodat(dirfd, path, mode, dev): FIFOs and regular files; device nodes need
    /// CAP_MKNOD, which a container's guest lacks (EPERM), and so do directories here
    /// (Linux: EPERM) and sockets (emu has no AF_UNIX namespace of paths).
    func mknodat(_ a: SyscallArguments) -> SyscallResult {
        let type = a[2] & 0o170000, mode = creationMode(a[2])
        switch type {
        case 0o010000, 0o100000, 0: break  // S_IFIFO, S_IFREG, 0 (= regular)
        case 0o020000, 0o060000, 0o140000, 0o040000: return .error(.EPERM)  // CHR, BLK, SOCK, DIR
        default: return .error(.EINVAL)
        }
        return modify(a.signed(0), a[1]) { parent, name in
            charged(LinuxProcess.entryCost(name)) {
                let result: Int32
                if type == 0o010000 {
                    result = Glibc.mkfifoat(parent, name, mode_t(mode))
                } else {
                    let fd = Glibc.openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
                    if fd >= 0 { Glibc.close(fd) }
                    result = fd >= 0 ? 0 : -1
                }
                if result == 0 { settleCreatedMode(parent, name, mode) }
                return result
            }
        }
    }
}
