import Glibc

/// Host C calls that Swift cannot import directly.
///
/// `ioctl` is variadic in C, and Swift does not import variadic C functions. These
/// declarations bind the same symbol with a fixed third argument: on the Linux ABIs emu
/// runs on (x86-64 System V, AArch64), a variadic callee receives integer and pointer
/// arguments in the same registers as a fixed-argument one, so the call is well-defined
/// for these argument types.
@_silgen_name("ioctl")
func hostIoctl(_ fd: Int32, _ request: UInt, _ argument: UnsafeMutableRawPointer?) -> Int32

/// `fcntl(2)` with an integer argument (variadic in C, see `hostIoctl`).
@_silgen_name("fcntl")
func hostFcntl(_ fd: Int32, _ command: Int32, _ argument: Int) -> Int32

/// The host's `TIOCGWINSZ` and `TCGETS` request numbers (x86-64 and AArch64 agree).
public enum HostTerminal {
    public static let TCGETS: UInt = 0x5401
    public static let TIOCGWINSZ: UInt = 0x5413

    /// The terminal size of `fd` as (rows, columns), or nil when it is not a terminal.
    public static func windowSize(_ fd: Int32) -> (rows: Int, columns: Int)? {
        var size = winsize()
        guard hostIoctl(fd, TIOCGWINSZ, &size) == 0 else { return nil }
        return (Int(size.ws_row), Int(size.ws_col))
    }
}

/// `getdents64(2)`: glibc declares it only under _GNU_SOURCE, which Swift's Glibc module
/// does not see, so it is bound by name (a fixed-argument function: no ABI subtlety).
@_silgen_name("getdents64")
func hostGetdents64(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int

/// Linux's O_PATH, which the Glibc module does not export (same value on x86-64 and AArch64).
let O_PATH: Int32 = 0o10000000

/// `getrandom(2)` from <sys/random.h>, which the Glibc module does not export.
@_silgen_name("getrandom")
func hostGetrandom(_ buffer: UnsafeMutableRawPointer, _ count: Int, _ flags: UInt32) -> Int

/// `pipe2(2)`, declared by glibc only under _GNU_SOURCE (see `hostGetdents64`).
@_silgen_name("pipe2")
func hostPipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

/// `eventfd(2)` from <sys/eventfd.h>, which the Glibc module does not export.
@_silgen_name("eventfd")
func hostEventfd(_ initial: UInt32, _ flags: Int32) -> Int32
