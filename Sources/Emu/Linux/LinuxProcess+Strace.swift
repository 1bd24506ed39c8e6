import Glibc

/// `--strace`: one line per system call in strace's shape, driven by the argument kinds of
/// ``LinuxSyscall/signature``: `1 openat(AT_FDCWD, "a.txt", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3`.
///
/// - The line starts with the calling process's guest pid (the pid namespace makes the
///   first one 1; a forked child's lines start with its own), as `qemu-riscv32 -strace`
///   starts each line with its pid. A child's end is `2 +++ exited with 0 +++`, as strace -f
///   marks a child's lines with its pid.
/// - Strings are escaped as C strings and cut after 32 bytes with `...` (strace's `-s 32`);
///   paths are shown whole; buffers the call fills, and structs it returns (stat, statx,
///   timespec, utsname, ...), are shown after the call, and only when it succeeded.
/// - A failure is `-1 ENOENT (No such file or directory)`.
/// - A call that may wait (a read from a terminal, pipe or socket; a sleep) prints its
///   entry line first, ending in `<unfinished ...>`, and its result later as
///   `<... read resumed>"abc\n", 1024) = 4`, strace's convention for calls that block.
extension LinuxProcess {
    /// The thread id the lines start with: each guest process has one thread, whose id is
    /// its pid.
    var straceThreadID: Int { Int(currentTID) }

    /// Called before a call runs: prints the entry line of a call that may wait.
    func straceEntry(_ call: LinuxSyscall?, _ a: SyscallArguments) {
        guard configuration.strace, let call, mayWait(call, a) else { return }
        let signature = call.signature
        let entryCount = signature.arguments.firstIndex(where: \.isOutput) ?? signature.arguments.count
        let shown = (0..<entryCount).map { formatArgument($0, call, a, result: nil) }
        let more = entryCount < visibleArgumentCount(call, a)
        straceState.pendingEntry = entryCount
        straceSink("\(straceThreadID) \(call.name)(\(shown.joined(separator: ", "))\(more ? ", " : "") <unfinished ...>")
    }

    /// Called after a call ran (or was denied): prints its line, and the notice about a
    /// guest that has nowhere to write.
    func straceExit(_ call: LinuxSyscall?, number: UInt32, _ a: SyscallArguments, _ result: SyscallResult, denied: Bool) {
        if let call { noticeMissingWritableDirectory(call, a, result) }
        guard configuration.strace else { return }
        guard let call else {
            let shown = (0..<6).map { "0x" + String(a[$0], radix: 16) }.joined(separator: ", ")
            straceSink("\(straceThreadID) syscall_\(number)(\(shown)) = -1 ENOSYS (Function not implemented; riscv32 has no call \(number))")
            return
        }
        let count = visibleArgumentCount(call, a)
        let value: Int32?
        if case .value(let v) = result { value = v } else { value = nil }
        let outcome = formatResult(call, result, denied: denied)
        if let entry = straceState.pendingEntry {
            straceState.pendingEntry = nil
            let rest = (min(entry, count)..<count).map { formatArgument($0, call, a, result: value) }
            straceSink("\(straceThreadID) <... \(call.name) resumed>\(rest.joined(separator: ", "))) = \(outcome)")
        } else {
            let shown = (0..<count).map { formatArgument($0, call, a, result: value) }
            straceSink("\(straceThreadID) \(call.name)(\(shown.joined(separator: ", "))) = \(outcome)")
        }
        if case .exit(let ending) = result {
            let who = tree.pid == 1 ? "" : "\(straceThreadID) "
            switch ending {
            case .exited(let status): straceSink(who + "+++ exited with \(status) +++")
            case .signaled(let signal, _): straceSink(who + "+++ killed by \(StraceFormat.signalName(UInt32(signal))) +++")
            default: break
            }
        }
    }

    /// The `exit_group(0) = ?` text after `=`.
    private func formatResult(_ call: LinuxSyscall, _ result: SyscallResult, denied: Bool) -> String {
        switch result {
        case .value(let value) where value < 0 && value > -4096:
            let error = LinuxErrno(-value)
            // A denial says why instead of the errno's message.
            return "-1 \(error) (" + (denied ? "denied by policy" : String(cString: strerror(error.code))) + ")"
        case .value(let value):
            return call.signature.result == .address ? "0x" + String(UInt32(bitPattern: value), radix: 16) : String(value)
        case .exit(let ending):
            if denied { return "? (killed by SIGSYS: denied by policy)" }
            _ = ending
            return "?"
        }
    }

    /// How many arguments the line shows: the signature's, less those the call ignores
    /// here (open's mode without O_CREAT, fcntl's argument of a get command), as strace.
    private func visibleArgumentCount(_ call: LinuxSyscall, _ a: SyscallArguments) -> Int {
        let count = call.signature.arguments.count
        switch call {
        case .openat where a[2] & StraceFormat.O_CREAT == 0 && a[2] & StraceFormat.O_TMPFILE != StraceFormat.O_TMPFILE: return 3
        case .fcntl64 where [1, 3, 9, 11].contains(a[1]): return 2
        default: return count
        }
    }

    /// Whether a call may wait for the outside: reads from something that is not a plain
    /// file (a terminal, pipe or socket), and sleeps that really sleep. emu answers every
    /// other call at once, so their lines are printed whole after them.
    private func mayWait(_ call: LinuxSyscall, _ a: SyscallArguments) -> Bool {
        guard call.signature.mayBlock else { return false }
        switch call {
        case .read, .readv, .pread64, .recvfrom, .recvmsg:
            guard case .host(let fd, _, _, _)? = files[a[0]] else { return false }
            var status = stat()
            guard Glibc.fstat(fd, &status) == 0 else { return false }
            let type = status.st_mode & S_IFMT
            return type == S_IFIFO || type == S_IFCHR || type == S_IFSOCK
        case .clock_nanosleep_time64: return !configuration.deterministic
        default: return false
        }
    }

    // MARK: - Arguments

    /// Argument `index` of `call`, as the line shows it. `result` is the call's return value
    /// once it ran (nil on entry); output arguments are decoded only after a success.
    private func formatArgument(_ index: Int, _ call: LinuxSyscall, _ a: SyscallArguments, result: Int32?) -> String {
        let kinds = call.signature.arguments
        guard index < kinds.count else { return "0x" + String(a[index], radix: 16) }
        let value = a[index]
        let succeeded = result.map { $0 >= 0 } ?? false
        // fcntl's third argument means what its command says.
        if call == .fcntl64 && index == 2 {
            switch a[1] {
            case 0, 1030: return String(a.signed(2))  // F_DUPFD, F_DUPFD_CLOEXEC: a descriptor
            case 2: return StraceFormat.flags(value, [(1, "FD_CLOEXEC")])  // F_SETFD
            case 4: return StraceFormat.openFlags(value)  // F_SETFL
            default: break
            }
        }
        switch kinds[index] {
        case .int, .fd: return String(a.signed(index))
        case .unsigned: return String(value)
        case .hex: return "0x" + String(value, radix: 16)
        case .pointer: return StraceFormat.pointer(value)
        case .dirfd: return a.signed(index) == LinuxProcess.AT_FDCWD ? "AT_FDCWD" : String(a.signed(index))
        case .path:
            guard value != 0, let bytes = machine.memory.readCString(value, limit: 4096) else { return StraceFormat.pointer(value) }
            return StraceFormat.quoted(bytes, limit: 4096)
        case .inBuffer(let length):
            return buffer(value, count: a[length])
        case .outBuffer:
            guard let result, result > 0 else { return result == 0 ? "\"\"" : StraceFormat.pointer(value) }
            return buffer(value, count: UInt32(result))
        case .inVectors(let count):
            return vectors(value, count: a[count], bytes: nil)
        case .outVectors(let count):
            guard let result, result >= 0 else { return StraceFormat.pointer(value) }
            return vectors(value, count: a[count], bytes: UInt32(result))
        case .openFlags: return StraceFormat.openFlags(value)
        case .mode: return StraceFormat.octal(value)
        case .atFlags: return StraceFormat.flags(value, StraceFormat.atFlagNames)
        case .accessMode: return value == 0 ? "F_OK" : StraceFormat.flags(value, [(4, "R_OK"), (2, "W_OK"), (1, "X_OK")])
        case .whence: return StraceFormat.named(value, StraceFormat.whenceNames)
        case .clock: return StraceFormat.named(value, StraceFormat.clockNames)
        case .timerFlags: return StraceFormat.flags(value, [(1, "TIMER_ABSTIME")])
        case .statxMask: return StraceFormat.statxMask(value)
        case .protection: return value == 0 ? "PROT_NONE" : StraceFormat.flags(value, StraceFormat.protectionNames)
        case .mapFlags: return StraceFormat.mapFlags(value)
        case .signal: return StraceFormat.signalName(value)
        case .sigprocmaskHow: return StraceFormat.named(value, [0: "SIG_BLOCK", 1: "SIG_UNBLOCK", 2: "SIG_SETMASK"])
        case .fcntlCommand: return StraceFormat.named(value, StraceFormat.fcntlNames)
        case .ioctlRequest: return StraceFormat.ioctlNames[value] ?? "0x" + String(value, radix: 16)
        case .randomFlags: return StraceFormat.flags(value, [(1, "GRND_NONBLOCK"), (2, "GRND_RANDOM"), (4, "GRND_INSECURE")])
        case .renameFlags: return StraceFormat.flags(value, [(1, "RENAME_NOREPLACE"), (2, "RENAME_EXCHANGE"), (4, "RENAME_WHITEOUT")])
        case .descriptorFlags: return StraceFormat.flags(value, [(StraceFormat.O_CLOEXEC, "O_CLOEXEC"), (0x800, "O_NONBLOCK")])
        case .resource: return StraceFormat.named(value, StraceFormat.resourceNames)
        case .addressFamily: return StraceFormat.named(value, [0: "AF_UNSPEC", 1: "AF_UNIX", 2: "AF_INET", 10: "AF_INET6", 16: "AF_NETLINK", 17: "AF_PACKET"])
        case .socketType: return StraceFormat.socketType(value)
        case .inTimespec: return timespec(value)
        case .outTimespec: return succeeded ? timespec(value) : StraceFormat.pointer(value)
        case .outStat: return succeeded ? stat64(value) : StraceFormat.pointer(value)
        case .outStatx: return succeeded ? statx(value) : StraceFormat.pointer(value)
        case .outUtsname: return succeeded ? utsname(value) : StraceFormat.pointer(value)
        case .outOffset:
            guard succeeded, let bytes = machine.memory.read(value, count: 8) else { return StraceFormat.pointer(value) }
            return "[\(Int64(bitPattern: StraceFormat.little(bytes, 0, 8)))]"
        case .outDirents:
            guard let result, result > 0, let bytes = machine.memory.read(value, count: Int(result)) else {
                return StraceFormat.pointer(value)
            }
            return StraceFormat.pointer(value) + " /* \(StraceFormat.direntCount(bytes)) entries */"
        case .outRlimit:
            guard succeeded, value != 0, let bytes = machine.memory.read(value, count: 16) else { return StraceFormat.pointer(value) }
            return "{rlim_cur=\(StraceFormat.limit(StraceFormat.little(bytes, 0, 8))), rlim_max=\(StraceFormat.limit(StraceFormat.little(bytes, 8, 8)))}"
        case .outFdPair:
            guard succeeded, let bytes = machine.memory.read(value, count: 8) else { return StraceFormat.pointer(value) }
            return "[\(Int32(bitPattern: UInt32(StraceFormat.little(bytes, 0, 4)))), \(Int32(bitPattern: UInt32(StraceFormat.little(bytes, 4, 4))))]"
        }
    }

    /// The first 32 of `count` guest bytes at `address` as a quoted string.
    private func buffer(_ address: UInt32, count: UInt32) -> String {
        let shown = Int(min(count, StraceFormat.stringLimit + 1))
        guard let bytes = machine.memory.read(address, count: shown) else { return StraceFormat.pointer(address) }
        return StraceFormat.quoted(bytes, limit: Int(StraceFormat.stringLimit))
    }

    /// `[{iov_base="…", iov_len=5}, …]`: at most 8 entries, and with `bytes`, only the
    /// bytes the call transferred.
    private func vectors(_ address: UInt32, count: UInt32, bytes: UInt32?) -> String {
        let shownCount = Int(min(count, 8))
        guard let table = machine.memory.read(address, count: shownCount * 8) else { return StraceFormat.pointer(address) }
        var left = bytes ?? UInt32.max
        var entries: [String] = []
        for index in 0..<shownCount {
            let base = UInt32(StraceFormat.little(table, index * 8, 4))
            let length = UInt32(StraceFormat.little(table, index * 8 + 4, 4))
            let data = buffer(base, count: min(length, left))
            left -= min(length, left)
            entries.append("{iov_base=\(data), iov_len=\(length)}")
        }
        return "[" + entries.joined(separator: ", ") + (count > 8 ? ", ..." : "") + "]"
    }

    /// `{tv_sec=1, tv_nsec=500}` of a 64-bit-time `struct timespec`.
    private func timespec(_ address: UInt32) -> String {
        guard address != 0 else { return "NULL" }
        guard let bytes = machine.memory.read(address, count: 16) else { return StraceFormat.pointer(address) }
        return "{tv_sec=\(Int64(bitPattern: StraceFormat.little(bytes, 0, 8))), tv_nsec=\(Int64(bitPattern: StraceFormat.little(bytes, 8, 8)))}"
    }

    /// `{st_mode=S_IFREG|0644, st_size=45, ...}` of riscv32's `struct stat64`.
    private func stat64(_ address: UInt32) -> String {
        guard let bytes = machine.memory.read(address, count: 104) else { return StraceFormat.pointer(address) }
        let mode = UInt32(StraceFormat.little(bytes, 16, 4))
        let type = mode & 0o170000
        if type == 0o020000 || type == 0o060000 {
            let rdev = StraceFormat.little(bytes, 32, 8)
            return "{st_mode=\(StraceFormat.fileMode(mode)), st_rdev=makedev(0x\(String(rdev >> 8 & 0xFFF, radix: 16)), 0x\(String(rdev & 0xFF, radix: 16))), ...}"
        }
        return "{st_mode=\(StraceFormat.fileMode(mode)), st_size=\(Int64(bitPattern: StraceFormat.little(bytes, 48, 8))), ...}"
    }

    /// `{stx_mask=STATX_BASIC_STATS, stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=45, ...}`.
    private func statx(_ address: UInt32) -> String {
        guard let bytes = machine.memory.read(address, count: 256) else { return StraceFormat.pointer(address) }
        let mask = UInt32(StraceFormat.little(bytes, 0, 4))
        let attributes = StraceFormat.little(bytes, 8, 8)
        let mode = UInt32(StraceFormat.little(bytes, 28, 2))
        return "{stx_mask=\(StraceFormat.statxMask(mask)), stx_attributes=\(attributes == 0 ? "0" : "0x" + String(attributes, radix: 16)), "
            + "stx_mode=\(StraceFormat.fileMode(mode)), stx_size=\(StraceFormat.little(bytes, 40, 8)), ...}"
    }

    /// `{sysname="Linux", nodename="emu", ...}`: every field of `struct utsname`.
    private func utsname(_ address: UInt32) -> String {
        guard let bytes = machine.memory.read(address, count: 6 * 65) else { return StraceFormat.pointer(address) }
        let names = ["sysname", "nodename", "release", "version", "machine", "domainname"]
        let fields = names.enumerated().map { index, name in
            let field = bytes[(index * 65)..<(index * 65 + 65)]
            return name + "=" + StraceFormat.quoted(Array(field.prefix { $0 != 0 }), limit: 64)
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    // MARK: - The missing-writable-directory notice

    /// The first time a create or write fails with EROFS or ENOENT while the guest has no
    /// writable mount at all, says on stderr (once) why and what to do: by default emu gives
    /// the guest nothing writable, which is safe but surprises ordinary programs.
    private func noticeMissingWritableDirectory(_ call: LinuxSyscall, _ a: SyscallArguments, _ result: SyscallResult) {
        guard !straceState.noticeGiven, case .value(let value) = result,
            value == -LinuxErrno.EROFS.code || value == -LinuxErrno.ENOENT.code
        else { return }
        let creates: Bool
        switch call {
        case .openat: creates = a[2] & (StraceFormat.O_CREAT | 3) != 0
        case .mkdirat, .mknodat, .symlinkat, .linkat, .renameat, .renameat2, .unlinkat, .fchmodat, .fchownat, .truncate64:
            creates = true
        default: creates = false
        }
        guard creates, !configuration.mounts.contains(where: { !$0.readOnly }), configuration.temporaryMounts.isEmpty else { return }
        straceState.noticeGiven = true
        let pathIndex = call == .symlinkat ? 2 : 1
        let path = machine.memory.readCString(a[pathIndex], limit: 256).map { StraceFormat.quoted($0, limit: 256) } ?? "?"
        let message = "emu: note: the guest has no writable directory (\(call.name) \(path) failed with \(LinuxErrno(-value))); "
            + "give it one with --tmpfs /w -w /w or -v HOSTDIR:/w (see 'emu run --help')\n"
        straceState.noticeSink(message)
    }

    /// Receives emu's once-only notices about the guest (with their newline). Defaults to
    /// standard error; the debugger's UI sends them to its output pane instead.
    public var noticeSink: (String) -> Void {
        get { straceState.noticeSink }
        set { straceState.noticeSink = newValue }
    }
}

/// The per-process state of `--strace`: a call whose entry line was printed, and whether
/// the missing-writable-directory notice was given.
final class StraceState {
    /// How many arguments the pending entry line showed.
    var pendingEntry: Int?
    var noticeGiven = false
    var noticeSink: (String) -> Void = { message in
        var text = message
        text.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

extension SyscallArgumentKind {
    /// Whether the call fills this argument (shown only after it returns).
    var isOutput: Bool {
        switch self {
        case .outBuffer, .outVectors, .outTimespec, .outStat, .outStatx, .outUtsname, .outOffset, .outDirents, .outRlimit,
            .outFdPair:
            return true
        default: return false
        }
    }
}
