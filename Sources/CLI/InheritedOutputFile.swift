import Emu
import Glibc

/// A host file emu writes its own output to (`--report`, `--strace-file`, `--trace-file`),
/// opened by the first emu, before the jail: the jail's root holds only the guest's mounts,
/// so the jailed emu (an exec of this one) could not open the path itself. The descriptor
/// is left open across that exec and its number passed down in an environment variable.
enum InheritedOutputFile {
    /// Opens `path` for writing (created or truncated), or takes the descriptor a launcher
    /// passed down in `variable`. Returns the descriptor, or an error message.
    static func open(_ path: String, variable: String, option: String) -> Result<Int32, OptionParser.Failure> {
        if Isolation.isChild, let inherited = getenv(variable).flatMap({ Int32(String(cString: $0)) }) {
            // Ours alone from here: nothing this process starts should hold it.
            _ = fcntl(inherited, F_SETFD, FD_CLOEXEC)
            return .success(inherited)
        }
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            return .failure(OptionParser.Failure(message: "\(option): cannot write \(path): \(String(cString: strerror(errno)))"))
        }
        // Not close-on-exec: the jailed child, an exec of this emu, writes to it.
        setenv(variable, "\(fd)", 1)
        return .success(fd)
    }
}
