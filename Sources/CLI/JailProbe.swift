import Emu
import Glibc

/// A check of the jail from inside, for its tests: with `EMU_JAIL_PROBE=HOSTPATH` in emu's
/// environment (never the guest's), the jailed emu makes host calls of its own once the
/// seccomp filter is on — the calls a bug in the shim could make — and prints what the
/// kernel answered, one `jail-probe NAME: RESULT` line each on stderr, before running the
/// guest as usual. HOSTPATH is a host file outside every mount; no call may reach it.
enum JailProbe {
    static let variable = "EMU_JAIL_PROBE"

    /// Opens what the probe needs before the filter is installed: the jail's root.
    static func prepare() -> Int32 {
        guard getenv(variable) != nil else { return -1 }
        return open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    /// Runs the probes (after the filter) and prints their results.
    static func run(root: Int32) {
        guard let pathPointer = getenv(variable) else { return }
        let path = String(cString: pathPointer)
        func result(_ value: Int) -> String { value >= 0 ? "opened" : String(cString: strerror(errno)) }
        var lines: [(String, String)] = []
        // The path itself, relative to the working directory: seccomp refuses AT_FDCWD.
        lines.append(("openat(AT_FDCWD, path)", closing(openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC), result)))
        // The same path from a descriptor the filter allows: the root holds only the mounts.
        lines.append(("openat(root, path)", closing(openat(root, path, O_RDONLY | O_CLOEXEC), result)))
        let climbing = String(repeating: "../", count: 16) + path.drop { $0 == "/" }
        lines.append(("openat(root, ../../path)", closing(openat(root, climbing, O_RDONLY | O_CLOEXEC), result)))
        lines.append(("socket(AF_INET)", closing(socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0), result)))
        lines.append(("socket(AF_UNIX)", closing(socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0), result)))
        var byte: UInt8 = 0x41
        // TIOCSTI (0x5412) pushes input into a terminal: the classic escape from a sandbox.
        lines.append(("ioctl(TIOCSTI)", result(Int(probeIoctl(0, 0x5412, &byte)))))
        lines.append(("kill(1, 0)", result(Int(kill(1, 0)))))
        let noArguments: [UnsafeMutablePointer<CChar>?] = [nil]
        lines.append(("execve", result(Int(execve("/m/0", noArguments, noArguments)))))
        let page = mmap(nil, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        lines.append(("mprotect(PROT_EXEC)", result(Int(mprotect(page, 4096, PROT_READ | PROT_EXEC)))))
        for (name, text) in lines { Console.error("jail-probe \(name): \(text)\n") }
    }

    /// Closes a descriptor a probe opened (if it did) and describes the result.
    static func closing(_ fd: Int32, _ describe: (Int) -> String) -> String {
        let text = describe(Int(fd))
        if fd >= 0 { close(fd) }
        return text
    }
}

/// `ioctl(2)`, variadic in C: bound with a fixed pointer argument (the x86-64 and AArch64
/// ABIs pass it in the same register either way; see Emu's HostCalls.swift).
@_silgen_name("ioctl")
private func probeIoctl(_ fd: Int32, _ request: UInt, _ argument: UnsafeMutableRawPointer?) -> Int32
