/// The text of `--strace` values, in strace's spelling: flag sets, names of constants,
/// quoted strings, file modes. Pure functions over numbers and bytes (asm-generic values,
/// which riscv32 uses).
enum StraceFormat {
    /// strace's default `-s 32`: bytes of a buffer shown before `...`.
    static let stringLimit: UInt32 = 32

    static let O_CREAT: UInt32 = 0o100
    static let O_TMPFILE: UInt32 = 0o20_200_000
    static let O_CLOEXEC: UInt32 = 0o2_000_000

    /// `NULL` or `0x…`.
    static func pointer(_ value: UInt32) -> String { value == 0 ? "NULL" : "0x" + String(value, radix: 16) }

    /// `0644`; `000` for zero, as strace prints modes.
    static func octal(_ value: UInt32) -> String {
        let digits = String(value, radix: 8)
        return "0" + String(repeating: "0", count: max(0, 2 - digits.count)) + digits
    }

    /// `A|B|0x40` for the bits of `value` named in `names`, `0` for none.
    static func flags(_ value: UInt32, _ names: [(UInt32, String)]) -> String {
        var left = value
        var parts: [String] = []
        for (bit, name) in names where bit != 0 && left & bit == bit {
            parts.append(name)
            left &= ~bit
        }
        if left != 0 || parts.isEmpty { parts.append(left == 0 ? "0" : "0x" + String(left, radix: 16)) }
        return parts.joined(separator: "|")
    }

    /// The name of `value`, or the number.
    static func named(_ value: UInt32, _ names: [UInt32: String]) -> String { names[value] ?? String(Int32(bitPattern: value)) }

    /// `O_WRONLY|O_CREAT|O_TRUNC`: the access mode always, then the flags.
    static func openFlags(_ value: UInt32) -> String {
        let access = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"][Int(value & 3)]
        let rest = value & ~3
        return rest == 0 ? access : access + "|" + flags(rest, openFlagNames)
    }

    static let openFlagNames: [(UInt32, String)] = [
        (0o100, "O_CREAT"), (0o200, "O_EXCL"), (0o400, "O_NOCTTY"), (0o1000, "O_TRUNC"), (0o2000, "O_APPEND"),
        (0o4000, "O_NONBLOCK"), (0o4_010_000, "O_SYNC"), (0o10000, "O_DSYNC"), (0o20000, "O_ASYNC"), (0o40000, "O_DIRECT"),
        (0o100000, "O_LARGEFILE"), (0o20_200_000, "O_TMPFILE"), (0o200000, "O_DIRECTORY"), (0o400000, "O_NOFOLLOW"),
        (0o1_000_000, "O_NOATIME"), (0o2_000_000, "O_CLOEXEC"), (0o10_000_000, "O_PATH"),
    ]

    static let atFlagNames: [(UInt32, String)] = [
        (0x100, "AT_SYMLINK_NOFOLLOW"), (0x200, "AT_REMOVEDIR"), (0x400, "AT_SYMLINK_FOLLOW"), (0x800, "AT_NO_AUTOMOUNT"),
        (0x1000, "AT_EMPTY_PATH"), (0x2000, "AT_STATX_FORCE_SYNC"), (0x4000, "AT_STATX_DONT_SYNC"), (0x8000, "AT_RECURSIVE"),
    ]

    static let whenceNames: [UInt32: String] = [0: "SEEK_SET", 1: "SEEK_CUR", 2: "SEEK_END", 3: "SEEK_DATA", 4: "SEEK_HOLE"]

    static let clockNames: [UInt32: String] = [
        0: "CLOCK_REALTIME", 1: "CLOCK_MONOTONIC", 2: "CLOCK_PROCESS_CPUTIME_ID", 3: "CLOCK_THREAD_CPUTIME_ID",
        4: "CLOCK_MONOTONIC_RAW", 5: "CLOCK_REALTIME_COARSE", 6: "CLOCK_MONOTONIC_COARSE", 7: "CLOCK_BOOTTIME",
        8: "CLOCK_REALTIME_ALARM", 9: "CLOCK_BOOTTIME_ALARM", 11: "CLOCK_TAI",
    ]

    /// `STATX_BASIC_STATS|STATX_BTIME`, the basic set named as one.
    static func statxMask(_ value: UInt32) -> String {
        let names: [(UInt32, String)] = [
            (0x7FF, "STATX_BASIC_STATS"), (1, "STATX_TYPE"), (2, "STATX_MODE"), (4, "STATX_NLINK"), (8, "STATX_UID"),
            (0x10, "STATX_GID"), (0x20, "STATX_ATIME"), (0x40, "STATX_MTIME"), (0x80, "STATX_CTIME"), (0x100, "STATX_INO"),
            (0x200, "STATX_SIZE"), (0x400, "STATX_BLOCKS"), (0x800, "STATX_BTIME"), (0x1000, "STATX_MNT_ID"),
            (0x2000, "STATX_DIOALIGN"),
        ]
        return flags(value, names)
    }

    static let protectionNames: [(UInt32, String)] = [(1, "PROT_READ"), (2, "PROT_WRITE"), (4, "PROT_EXEC")]

    /// `MAP_PRIVATE|MAP_ANONYMOUS`: the mapping type, then the flags.
    static func mapFlags(_ value: UInt32) -> String {
        let type = [1: "MAP_SHARED", 2: "MAP_PRIVATE", 3: "MAP_SHARED_VALIDATE"][Int(value & 0xF)] ?? "0x" + String(value & 0xF, radix: 16)
        let rest = value & ~0xF
        let names: [(UInt32, String)] = [
            (0x10, "MAP_FIXED"), (0x20, "MAP_ANONYMOUS"), (0x100, "MAP_GROWSDOWN"), (0x800, "MAP_DENYWRITE"),
            (0x1000, "MAP_EXECUTABLE"), (0x2000, "MAP_LOCKED"), (0x4000, "MAP_NORESERVE"), (0x8000, "MAP_POPULATE"),
            (0x10000, "MAP_NONBLOCK"), (0x20000, "MAP_STACK"), (0x40000, "MAP_HUGETLB"), (0x100000, "MAP_FIXED_NOREPLACE"),
        ]
        return rest == 0 ? type : type + "|" + flags(rest, names)
    }

    static let signalNames = [
        "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
        "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ]

    /// `SIGINT`, `SIGRT_3`, or the number.
    static func signalName(_ value: UInt32) -> String {
        if value < 32 { return signalNames[Int(value)] }
        if value <= 64 { return "SIGRT_\(value - 32)" }
        return String(Int32(bitPattern: value))
    }

    static let fcntlNames: [UInt32: String] = [
        0: "F_DUPFD", 1: "F_GETFD", 2: "F_SETFD", 3: "F_GETFL", 4: "F_SETFL", 5: "F_GETLK", 6: "F_SETLK", 7: "F_SETLKW",
        8: "F_SETOWN", 9: "F_GETOWN", 10: "F_SETSIG", 11: "F_GETSIG", 12: "F_GETLK64", 13: "F_SETLK64", 14: "F_SETLKW64",
        36: "F_OFD_GETLK", 37: "F_OFD_SETLK", 38: "F_OFD_SETLKW", 1024: "F_SETLEASE", 1025: "F_GETLEASE",
        1030: "F_DUPFD_CLOEXEC", 1031: "F_SETPIPE_SZ", 1032: "F_GETPIPE_SZ",
    ]

    static let ioctlNames: [UInt32: String] = [
        0x5401: "TCGETS", 0x5402: "TCSETS", 0x5403: "TCSETSW", 0x5404: "TCSETSF", 0x540E: "TIOCSCTTY",
        0x540F: "TIOCGPGRP", 0x5410: "TIOCSPGRP", 0x5413: "TIOCGWINSZ", 0x5414: "TIOCSWINSZ", 0x541B: "FIONREAD",
        0x5421: "FIONBIO", 0x5450: "FIONCLEX", 0x5451: "FIOCLEX", 0x8004_5430: "TIOCGPTN",
    ]

    static let resourceNames: [UInt32: String] = [
        0: "RLIMIT_CPU", 1: "RLIMIT_FSIZE", 2: "RLIMIT_DATA", 3: "RLIMIT_STACK", 4: "RLIMIT_CORE", 5: "RLIMIT_RSS",
        6: "RLIMIT_NPROC", 7: "RLIMIT_NOFILE", 8: "RLIMIT_MEMLOCK", 9: "RLIMIT_AS", 10: "RLIMIT_LOCKS",
        11: "RLIMIT_SIGPENDING", 12: "RLIMIT_MSGQUEUE", 13: "RLIMIT_NICE", 14: "RLIMIT_RTPRIO", 15: "RLIMIT_RTTIME",
    ]

    /// `SOCK_STREAM|SOCK_CLOEXEC`.
    static func socketType(_ value: UInt32) -> String {
        let type = [1: "SOCK_STREAM", 2: "SOCK_DGRAM", 3: "SOCK_RAW", 4: "SOCK_RDM", 5: "SOCK_SEQPACKET", 10: "SOCK_PACKET"][
            Int(value & 0xF)] ?? String(value & 0xF)
        let rest = value & ~0xF
        return rest == 0 ? type : type + "|" + flags(rest, [(0x800, "SOCK_NONBLOCK"), (0x80000, "SOCK_CLOEXEC")])
    }

    /// `S_IFREG|0644`.
    static func fileMode(_ mode: UInt32) -> String {
        let types: [UInt32: String] = [
            0o140000: "S_IFSOCK", 0o120000: "S_IFLNK", 0o100000: "S_IFREG", 0o060000: "S_IFBLK", 0o040000: "S_IFDIR",
            0o020000: "S_IFCHR", 0o010000: "S_IFIFO",
        ]
        let type = types[mode & 0o170000].map { $0 + "|" } ?? ""
        return type + octal(mode & 0o7777)
    }

    /// `RLIM_INFINITY` or the number.
    static func limit(_ value: UInt64) -> String { value == UInt64.max ? "RLIM_INFINITY" : String(value) }

    /// How many `linux_dirent64` records `bytes` holds (d_reclen at offset 16).
    static func direntCount(_ bytes: [UInt8]) -> Int {
        var offset = 0
        var count = 0
        while offset + 19 <= bytes.count {
            let length = Int(little(bytes, offset + 16, 2))
            guard length >= 19 else { break }  // a zero length would loop forever
            count += 1
            offset += length
        }
        return count
    }

    /// A little-endian unsigned integer of `size` bytes at `offset` (0 past the end).
    static func little(_ bytes: [UInt8], _ offset: Int, _ size: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in (0..<size).reversed() where offset + index < bytes.count {
            value = value << 8 | UInt64(bytes[offset + index])
        }
        return value
    }

    /// `"text\n"` as a C string literal, with `...` after the quote when `bytes` is longer
    /// than `limit`: strace's escapes (`\n`, `\t`, `\"`, `\\`, octal for the rest).
    static func quoted(_ bytes: [UInt8], limit: Int) -> String {
        var text = "\""
        let shown = bytes.prefix(limit)
        for (index, byte) in shown.enumerated() {
            switch byte {
            case 0x0A: text += "\\n"
            case 0x09: text += "\\t"
            case 0x0D: text += "\\r"
            case 0x0B: text += "\\v"
            case 0x0C: text += "\\f"
            case 0x22: text += "\\\""
            case 0x5C: text += "\\\\"
            case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                // Octal, padded to three digits when a digit follows (so it is not read as
                // part of the escape), as C and strace write it.
                let next = index + 1 < shown.count ? shown[shown.startIndex + index + 1] : 0
                let digits = String(byte, radix: 8)
                text += "\\" + (next >= 0x30 && next <= 0x37 ? String(repeating: "0", count: 3 - digits.count) : "") + digits
            }
        }
        return text + "\"" + (bytes.count > limit ? "..." : "")
    }
}
