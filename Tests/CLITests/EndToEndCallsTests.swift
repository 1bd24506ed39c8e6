import Foundation
import Testing
import TestSupport

/// The system-call battery (programs/calls/calls.c, issue 13 items 4 and 5) through the
/// built emu. Parts whose answers do not depend on the host (file metadata, sizes, copies,
/// trailing slashes, locks, memory) are compared line for line with qemu-riscv32, which
/// passes the calls to the host kernel; where emu's sandboxed answer must differ (limits,
/// CPUs, groups, /proc, /etc, mounts) the expectation is written from the Linux man pages
/// (getrlimit(2), sched_getaffinity(2), getgroups(2), proc(5), passwd(5)) and the sandbox's
/// own bounds, and says so.
@Suite("System-call battery")
struct EndToEndCallsTests {
    static let program = Paths.programs + "/bin/calls/calls"

    /// The "name: value" lines of a run, in order, and as a table.
    static func lines(_ result: ProcessResult) -> [String] {
        result.stdoutText.split(separator: "\n").map(String.init)
    }

    static func table(_ result: ProcessResult) -> [String: String] {
        var table: [String: String] = [:]
        for line in lines(result) {
            guard let colon = line.range(of: ": ") else { continue }
            table[String(line[..<colon.lowerBound])] = String(line[colon.upperBound...])
        }
        return table
    }

    /// Runs `part` under emu with DIR mounted at /w (plus `options`).
    func emu(_ part: String, _ options: [String] = []) throws -> ProcessResult {
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try EmuBinary.run(["run", "-v", directory + ":/w"] + options + [Self.program, part, "/w"])
        #expect(result.status == 0, "calls \(part) under emu: status \(result.status): \(result.stderrText)")
        return result
    }

    func expect(_ got: [String: String], _ expected: [String: String], _ part: String) {
        for (name, want) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(got[name] == want, "calls \(part): \(name) gave \(got[name] ?? "nothing"), expected \(want)")
        }
    }

    /// Runs `part` under emu and qemu-riscv32 (each in a fresh directory) and compares every
    /// line but those in `differing`, which are returned from emu's run for their own checks.
    func compareWithQemu(_ part: String, differing: Set<String> = []) throws -> [String: String] {
        let emuResult = try emu(part)
        let emuLines = Self.lines(emuResult).filter { line in !differing.contains { line.hasPrefix($0 + ": ") } }
        #expect(emuLines.count > 10, "calls \(part) printed too little: \(emuResult.stdoutText)")
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        if let qemu = try ReferenceRun.qemu(Self.program, .init(arguments: [part, directory])) {
            #expect(qemu.status == 0, "calls \(part) under qemu: \(qemu.stderrText)")
            let qemuLines = Self.lines(qemu).filter { line in !differing.contains { line.hasPrefix($0 + ": ") } }
            let differences = zip(emuLines, qemuLines).filter { $0 != $1 }.map { "emu  \($0)\nqemu \($1)" }
            #expect(emuLines == qemuLines, "calls \(part): emu and qemu-riscv32 differ:\n\(differences.joined(separator: "\n"))")
        }
        return Self.table(emuResult)
    }

    @Test func fileMetadataSizesCopiesAndTrailingSlashesMatchQemu() throws {
        // A setuid bit would make a host program the guest wrote run as the user running emu
        // for whoever starts it on the host: emu drops setuid and setgid (qemu keeps them).
        let got = try compareWithQemu("files", differing: ["mode after chmod 04755"])
        #expect(got["mode after chmod 04755"] == "755")
        // The checks qemu agreeing would not catch if both were wrong (chmod(2), umask(2),
        // utimensat(2), path_resolution(7)).
        expect(got, [
            "mode after create": "644", "mode under umask 0": "666", "dir mode under umask 0": "777",
            "mode after chmod": "751", "mode of target": "640", "atime mtime": "1000000000 1234567890",
            "touch (utimensat NULL)": "0", "fifo is fifo": "1 mode 640", "size after fallocate": "8192",
            "copy1": "sendfile source data", "mkdir x/": "0", "rmdir x/": "0", "open f/": "ENOTDIR",
            "unlink x/": "EISDIR", "open new/ O_CREAT": "EISDIR", "rename f y2/": "ENOTDIR",
            "rmdir a/b//": "0", "fchmodat nofollow on link": "EOPNOTSUPP",
        ], "files")
    }

    @Test func descriptorPathsReopenTheirFilesAsUnderQemu() throws {
        let got = try compareWithQemu("fdpaths")
        // proc(5), /proc/pid/fd: opening an entry opens the file itself, a pipe too, with a
        // file description (and offset) of its own; O_EXCL fails on the existing file.
        // /dev/stdin and /dev/fd are links into /proc/self/fd, as udev and devtmpfs make them.
        expect(got, [
            "reopen file by /proc/self/fd": "hello (5 bytes)", "reopen file by /dev/fd": "hello (5 bytes)",
            "original offset after": "5", "O_TRUNC reopen": "0 size 0", "O_CREAT|O_EXCL reopen": "EEXIST",
            "reopen pipe by /dev/fd": "piped (5 bytes)", "write to pipe by /proc/self/fd": "5",
            "pipe then held": "again", "same type as fd 0": "1", "/dev/stdin is a link": "1",
            "readlink /dev/stdin": "/proc/self/fd/0", "readlink /dev/fd": "/proc/self/fd",
            "access /dev/stdin R_OK": "0", "open /proc/self/fd/900": "ENOENT", "open /dev/fd/901": "ENOENT",
            "stat /dev/fd/902": "ENOENT",
        ], "fdpaths")
        // A write through a reopened /dev/stdout lands in the same output (a pipe here).
        let again = try emu("fdpaths")
        #expect(again.stdoutText.contains("\nwritten through /dev/stdout\n"))
    }

    @Test func locksMatchQemu() throws {
        let got = try compareWithQemu("locks")
        expect(got, [
            "F_SETLK write 0-4": "0", "own lock seen as": "F_UNLCK", "F_OFD_SETLK b conflicting": "EAGAIN",
            "F_OFD_SETLK b with a pid": "EINVAL", "flock b EX NB": "EAGAIN", "flock b EX NB after": "0",
        ], "locks")
    }

    @Test func memoryMapsMatchQemu() throws {
        // qemu-user keeps its own view of the guest's mappings and differs from Linux on
        // these three; the expectations are mmap(2), mprotect(2) and mremap(2)'s: EEXIST
        // for MAP_FIXED_NOREPLACE over a mapping, ENOMEM for mprotect of an unmapped page,
        // EFAULT for mremap of an unmapped range.
        let linuxOnly = ["FIXED_NOREPLACE over it", "mprotect unmapped", "mremap unmapped"]
        let got = try compareWithQemu("memory", differing: Set(linuxOnly))
        expect(got, [
            "FIXED_NOREPLACE over it": "EEXIST", "mprotect unmapped": "ENOMEM", "mremap unmapped": "EFAULT",
            "mprotect RW inside": "0", "mmap FIXED PROT_NONE above brk": "0", "mprotect it RW": "0",
            "after grow": "remapped data / second page", "mremap blocked without MAYMOVE": "ENOMEM",
            "moved byte": "q", "mremap FIXED": "0", "fixed-moved byte": "q",
        ], "memory")
    }

    @Test func limitsAreTheSandboxes() throws {
        // getrlimit(2): NOFILE is --max-fds, AS --memory, NPROC the pids limit; a hard limit
        // cannot be raised (EPERM), a lowered one holds (EMFILE, ENOMEM, EFBIG). One CPU
        // (emu runs one hart), SCHED_OTHER, the guest's one group.
        let result = try emu("limits", ["--max-fds", "64", "--memory", "128M", "--strace"])
        expect(Self.table(result), [
            "getrlimit NOFILE": "0", "NOFILE": "64 64", "AS": "134217728 134217728", "NPROC": "1024 1024",
            "raise NOFILE hard": "EPERM", "soft above hard": "EINVAL", "lower NOFILE to 8": "0",
            "open beyond NOFILE": "EMFILE", "opened under NOFILE 8": "5", "raise NOFILE back": "EPERM",
            "bad resource": "EINVAL", "prlimit other pid": "ESRCH", "lower AS to 64M": "0",
            "mmap 128M under AS 64M": "ENOMEM", "mmap 1M under AS 64M": "0", "lower FSIZE to 10": "0",
            "write 16 under FSIZE 10": "10", "write more under FSIZE 10": "EFBIG", "getrusage self": "0",
            "getrusage children": "0", "getrusage bad": "EINVAL", "times nonnegative": "0", "sysinfo": "0",
            "sysinfo totalram MiB": "128 procs 1", "nprocs": "1", "sched_getaffinity": "0", "cpus": "1",
            "sched_getaffinity other pid": "ESRCH", "sched_yield": "0", "sched_getscheduler": "0",
            "priority": "0", "priority max FIFO": "99", "priority min RR": "1", "priority max OTHER": "0",
            "setscheduler FIFO": "EPERM", "setscheduler BATCH": "0", "getscheduler after": "3", "getcpu": "0",
            "cpu node": "0 0", "membarrier query": "ENOSYS", "getgroups": "1", "group is gid": "1",
            "getgroups size 0": "1", "resuid equal": "1", "resgid equal": "1", "name": "calls-test",
        ], "limits")
        // A call emu does not implement is ENOSYS and shows in --strace.
        #expect(result.stderrText.contains("membarrier("), "no membarrier line in --strace")
        #expect(result.stderrText.split(separator: "\n").contains { $0.contains("membarrier(") && $0.contains("ENOSYS") })
    }

    @Test func procAndEtcShowOnlyTheGuest() throws {
        // proc(5) and passwd(5), as a container shows them: the guest is pid 1, its memory
        // limit is MemTotal, nothing is writable, nothing of the host appears.
        let result = try emu("proc", ["--memory", "64M", "--hostname", "box"])
        let got = Self.table(result)
        expect(got, [
            "readlink /proc/self": "1", "is own pid": "1", "cmdline argv1": "proc",
            "comm": "calls", "status has Pid": "1", "status uid": "0", "stat pid state": "1 R",
            "maps has stack": "1", "MemTotal kB": "65536", "mounts lists dir": "1", "open /proc/self/fd": "0",
            "fd link": "/proc/1/fd", "fd entries": "5", "open status for writing": "EACCES",
            "open /proc/self/mem": "ENOENT", "open /proc/2/status": "ENOENT", "status is regular 0444": "1",
            "self is link": "1", "unlink /etc/passwd": "EROFS", "getpwuid 0": "root /root",
            "own user found": "1", "nobody uid": "65534", "getgrgid 0": "root", "hostname matches": "1",
            "root lists etc proc": "1 1", "proc magic": "1", "passwd lines": "2",
        ], "proc")
        #expect(result.stdoutText.contains("/proc/self -> 1\n"))
        #expect(got["cpuinfo isa\t\t"] == "rv32imafdc_zicsr_zifencei_zba_zbb_zbc_zbs", "cpuinfo: \(result.stdoutText)")
        // No host data: the uts namespace's hostname, not the host's.
        #expect(!result.stdoutText.contains(SandboxHarness.hostHostname()) || SandboxHarness.hostHostname() == "box")
    }

    @Test func procFollowsTheUserAndAMountHidesEtc() throws {
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let user = try EmuBinary.run(["run", "-v", directory + ":/w", "--user", "1000:1000", Self.program, "proc", "/w"])
        let got = Self.table(user)
        expect(got, ["status uid": "1000", "own user found": "1", "getpwuid 0": "root /root", "passwd lines": "3"],
               "proc --user")
        // A mount holding /etc brings its own: emu's passwd is gone (getpwuid finds none).
        try FileManager.default.createDirectory(atPath: directory + "/etc", withIntermediateDirectories: true)
        let hidden = try EmuBinary.run(["run", "-v", directory + "/etc:/etc", "-v", directory + ":/w", Self.program, "proc", "/w"])
        expect(Self.table(hidden), ["getpwuid 0": "none ", "unlink /etc/passwd": "ENOENT"], "proc with /etc mounted")
    }

    @Test func nestedMountsAreVisible() throws {
        // `-v A:/a -v B:/a/b/c` where A has no b: /a/b exists as a mount point's parent does
        // (mount(8)), lists c, and /a lists b beside A's own files.
        let a = try ReferenceRun.temporaryDirectory(), b = try ReferenceRun.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: a)
            try? FileManager.default.removeItem(atPath: b)
        }
        try "afile\n".write(toFile: a + "/afile", atomically: false, encoding: .utf8)
        try "inner\n".write(toFile: b + "/inner", atomically: false, encoding: .utf8)
        let result = try EmuBinary.run(["run", "-v", a + ":/a", "-v", b + ":/a/b/c", Self.program, "mounts", "/a"])
        #expect(result.status == 0, "\(result.stderrText)")
        let lines = Self.lines(result)
        #expect(lines.contains("stat /a/b: 0") && lines.contains("/a/b is dir: 1"))
        #expect(lines.contains("/a/b/c/inner: inner"))
        #expect(lines.filter { $0.hasPrefix("/a/b lists: ") } == ["/a/b lists: c"])
        #expect(Set(lines.filter { $0.hasPrefix("/a lists: ") }) == ["/a lists: afile", "/a lists: b"])
        #expect(lines.contains("create in /a/b/c: 3"))
        #expect(lines.contains("stat c from /a/b: 0"))
        #expect(FileManager.default.fileExists(atPath: b + "/new"))
    }
}
