import Glibc

/// Host file calls the Glibc module does not export (declared only under _GNU_SOURCE, or
/// newer than the headers), bound by name with their fixed C prototypes.

/// `fallocate(2)`.
@_silgen_name("fallocate")
func hostFallocate(_ fd: Int32, _ mode: Int32, _ offset: Int, _ length: Int) -> Int32

/// `fstatfs(2)` into a raw buffer: x86-64 and AArch64 share the 120-byte `struct statfs`
/// of 64-bit words (type, bsize, blocks, bfree, bavail, files, ffree, fsid, namelen,
/// frsize, flags, spare[4]).
@_silgen_name("fstatfs")
func hostFstatfs(_ fd: Int32, _ buffer: UnsafeMutableRawPointer) -> Int32

/// `syscall(2)` with four integer arguments (variadic in C; see `hostIoctl` for why a fixed
/// binding is well-defined), for calls glibc has no wrapper of.
@_silgen_name("syscall")
func hostSyscall4(_ number: Int, _ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Int

/// The host's numbers of the calls made through `hostSyscall4`.
enum HostSyscallNumber {
    /// fchmodat2(2), Linux 6.6: the only chmod by name that refuses to follow a symlink.
    static let fchmodat2 = 452  // the same on x86-64 and AArch64
}

/// `flock(2)`: Swift sees `flock` as the lock structure of fcntl, so the function is bound
/// under another name.
@_silgen_name("flock")
func hostFlock(_ fd: Int32, _ operation: Int32) -> Int32
