import Glibc

// Host C calls that the jail (`--isolate`) needs and the Glibc module does not export
// (they are declared only under _GNU_SOURCE). The variadic and wrapper-less ones (prctl,
// pivot_root, capset, clone, the new mount API) are in the CHostCalls C target.

/// `mount(2)` from <sys/mount.h>.
@_silgen_name("mount")
func hostMount(
    _ source: UnsafePointer<CChar>?, _ target: UnsafePointer<CChar>, _ type: UnsafePointer<CChar>?,
    _ flags: UInt, _ data: UnsafeRawPointer?
) -> Int32

/// `umount2(2)` from <sys/mount.h>.
@_silgen_name("umount2")
func hostUmount2(_ target: UnsafePointer<CChar>, _ flags: Int32) -> Int32

/// `sethostname(2)` (declared only under _DEFAULT_SOURCE / _BSD_SOURCE).
@_silgen_name("sethostname")
func hostSethostname(_ name: UnsafePointer<CChar>, _ length: Int) -> Int32

/// `setrlimit(2)`: glibc types the resource as an enum that Swift imports awkwardly; the
/// ABI is a plain int.
@_silgen_name("setrlimit")
func hostSetrlimit(_ resource: Int32, _ limit: UnsafePointer<rlimit>) -> Int32

/// Linux constants for namespaces, prctl, mounts and rlimits (the same on x86-64 and AArch64).
enum HostLinux {
    static let CLONE_NEWNS: Int32 = 0x0002_0000
    static let CLONE_NEWUTS: Int32 = 0x0400_0000
    static let CLONE_NEWIPC: Int32 = 0x0800_0000
    static let CLONE_NEWUSER: Int32 = 0x1000_0000
    static let CLONE_NEWPID: Int32 = 0x2000_0000
    static let CLONE_NEWNET: Int32 = 0x4000_0000

    static let PR_SET_PDEATHSIG: Int32 = 1
    static let PR_SET_SECCOMP: Int32 = 22
    static let PR_CAPBSET_DROP: Int32 = 24
    static let PR_SET_NO_NEW_PRIVS: Int32 = 38
    static let PR_CAP_AMBIENT: Int32 = 47
    static let PR_CAP_AMBIENT_CLEAR_ALL: UInt = 4
    static let SECCOMP_MODE_FILTER: UInt = 2

    static let MS_RDONLY: UInt = 1
    static let MS_NOSUID: UInt = 2
    static let MS_NODEV: UInt = 4
    static let MS_NOEXEC: UInt = 8
    static let MS_REMOUNT: UInt = 32
    static let MS_BIND: UInt = 4096
    static let MS_REC: UInt = 0x4000
    static let MS_PRIVATE: UInt = 1 << 18
    static let MNT_DETACH: Int32 = 2

    static let RLIMIT_CPU: Int32 = 0
    static let RLIMIT_FSIZE: Int32 = 1
    static let RLIMIT_CORE: Int32 = 4
    static let RLIMIT_NPROC: Int32 = 6
    static let RLIMIT_NOFILE: Int32 = 7
    static let RLIMIT_AS: Int32 = 9
}
