import Emu
import Glibc

/// Reading and parsing the program file named on the command line, with the exit status
/// and message for each way it can fail.
enum ProgramFile {
    /// The largest program file emu reads (ELF images are checked again after parsing).
    static let maxFileSize = 1 << 30

    struct Failure: Error {
        let status: Int32
        let message: String
    }

    /// Reads all bytes of `path`: the guest's file when `mounts` cover it
    /// (`GuestProgramLookup`), the host's otherwise.
    static func read(_ path: String, mounts: [Mount] = []) throws(Failure) -> [UInt8] {
        let fd: Int32
        let place: String
        switch GuestProgramLookup.open(path, mounts: mounts) {
        case .hostPath:
            fd = open(path, O_RDONLY | O_CLOEXEC)
            place = ""
        case .found(let guestFD, _):
            fd = guestFD
            place = ""
        case .missing:
            // Not in the guest: the host's path, as emu has always taken it (qemu-user's
            // way), so `-v "$PWD:/work" /work/...host path...` keeps working.
            fd = open(path, O_RDONLY | O_CLOEXEC)
            place = " (neither in the guest's mounts nor on the host)"
        }
        guard fd >= 0 else {
            let code = errno
            let reason = String(cString: strerror(code))
            if code == ENOENT || code == ENOTDIR {
                throw Failure(status: ExitStatus.notFound, message: "emu: \(path): \(reason)\(place) (check the program path)")
            }
            throw Failure(status: ExitStatus.cannotRun, message: "emu: \(path): cannot open: \(reason)")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw Failure(status: ExitStatus.cannotRun, message: "emu: \(path): not a regular file")
        }
        guard Int(status.st_size) <= maxFileSize else {
            throw Failure(status: ExitStatus.cannotRun, message: "emu: \(path): file too large (\(status.st_size) bytes)")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, $0.count - done) }
            if count <= 0 { break }
            done += count
        }
        return Array(bytes.prefix(done))
    }

    /// Reads and parses `path` as an RV32 ELF executable (the guest's file when `mounts`
    /// cover it).
    static func load(_ path: String, mounts: [Mount] = []) throws(Failure) -> ELFFile {
        try parse(try read(path, mounts: mounts), path: path)
    }

    /// Parses the bytes read from `path` as an RV32 ELF executable.
    static func parse(_ bytes: [UInt8], path: String) throws(Failure) -> ELFFile {
        do {
            return try ELFFile(bytes: bytes)
        } catch {
            // Most ELFErrors already say what emu runs or what to do; only the two that say
            // nothing of it get the hint, so no message repeats itself.
            let hint: String
            switch error {
            case .notELF, .truncatedHeader: hint = " (emu runs static RV32 RISC-V ELF executables)"
            default: hint = ""
            }
            throw Failure(status: ExitStatus.cannotRun, message: "emu: \(path): \(error)\(hint)")
        }
    }
}
