import Glibc

/// A Linux errno value as the guest sees it (asm-generic numbering, the same numbers as the
/// x86-64 host's, so host errno values pass through unchanged).
public struct LinuxErrno: Error, Equatable, Sendable, CustomStringConvertible {
    /// The positive errno number.
    public let code: Int32
    /// Wraps an errno number.
    public init(_ code: Int32) { self.code = code }

    /// The errno the host call just set.
    public static var host: LinuxErrno { LinuxErrno(errno) }

    public static let EPERM = LinuxErrno(1)
    public static let ENOENT = LinuxErrno(2)
    public static let ESRCH = LinuxErrno(3)
    public static let EINTR = LinuxErrno(4)
    public static let EIO = LinuxErrno(5)
    public static let ENXIO = LinuxErrno(6)
    public static let E2BIG = LinuxErrno(7)
    public static let ENOEXEC = LinuxErrno(8)
    public static let EBADF = LinuxErrno(9)
    public static let ECHILD = LinuxErrno(10)
    public static let EAGAIN = LinuxErrno(11)
    public static let ENOMEM = LinuxErrno(12)
    public static let EACCES = LinuxErrno(13)
    public static let EFAULT = LinuxErrno(14)
    public static let EBUSY = LinuxErrno(16)
    public static let EEXIST = LinuxErrno(17)
    public static let EXDEV = LinuxErrno(18)
    public static let ENOTDIR = LinuxErrno(20)
    public static let EISDIR = LinuxErrno(21)
    public static let EINVAL = LinuxErrno(22)
    public static let EMFILE = LinuxErrno(24)
    public static let ENOTTY = LinuxErrno(25)
    public static let EFBIG = LinuxErrno(27)
    public static let ENOSPC = LinuxErrno(28)
    public static let ESPIPE = LinuxErrno(29)
    public static let EROFS = LinuxErrno(30)
    public static let ERANGE = LinuxErrno(34)
    public static let ENAMETOOLONG = LinuxErrno(36)
    public static let ENOSYS = LinuxErrno(38)
    public static let ENOTEMPTY = LinuxErrno(39)
    public static let ELOOP = LinuxErrno(40)
    public static let ENOTSOCK = LinuxErrno(88)
    public static let EAFNOSUPPORT = LinuxErrno(97)

    /// The symbolic name, e.g. `ENOENT`, for traces.
    public var description: String {
        let names: [Int32: String] = [
            1: "EPERM", 2: "ENOENT", 3: "ESRCH", 4: "EINTR", 5: "EIO", 6: "ENXIO", 7: "E2BIG", 8: "ENOEXEC", 9: "EBADF", 10: "ECHILD",
            11: "EAGAIN", 12: "ENOMEM", 13: "EACCES", 14: "EFAULT", 16: "EBUSY", 17: "EEXIST",
            18: "EXDEV", 20: "ENOTDIR", 21: "EISDIR", 22: "EINVAL", 24: "EMFILE", 25: "ENOTTY",
            27: "EFBIG", 28: "ENOSPC", 29: "ESPIPE", 30: "EROFS", 34: "ERANGE", 36: "ENAMETOOLONG", 38: "ENOSYS",
            39: "ENOTEMPTY", 40: "ELOOP", 88: "ENOTSOCK", 97: "EAFNOSUPPORT",
        ]
        return names[code] ?? "errno \(code)"
    }
}
