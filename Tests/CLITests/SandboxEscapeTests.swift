import Foundation
import Glibc
import Testing
import TestSupport

/// Each escape program (programs/sandbox/) against the built emu: every attempt must fail
/// closed with the documented errno or exit status, and the host side must be unchanged.
@Suite("Sandbox escapes")
struct SandboxEscapeTests {
    /// Runs `name` with the three standard mounts, checks every expected line, and checks
    /// that nothing outside the writable mounts changed.
    func expectEscape(_ name: String, _ expected: [String: String], options: [String] = [],
                      setUp: (SandboxHost) throws -> Void = { _ in }) throws -> (SandboxHost, [String: String]) {
        let host = try SandboxHost()
        try setUp(host)
        let outsideBefore = host.snapshot(host.outside), readOnlyBefore = host.snapshot(host.r)
        let hostname = SandboxHarness.hostHostname()
        let result = try SandboxHarness.run(host.mountOptions + options, name)
        #expect(result.status == 0, "\(name): \(result.stderrText)")
        let got = SandboxHarness.results(result)
        for (attempt, want) in expected.sorted(by: { $0.key < $1.key }) {
            // "fd": any descriptor (emu's own /etc, which holds none of the host's data).
            if want == "fd", let number = got[attempt].flatMap({ Int($0) }), number >= 0 { continue }
            #expect(got[attempt] == want, "\(name): \(attempt) gave \(got[attempt] ?? "nothing"), expected \(want)")
        }
        #expect(host.snapshot(host.outside) == outsideBefore, "\(name) changed a host file outside the mounts")
        #expect(host.snapshot(host.r) == readOnlyBefore, "\(name) changed the read-only mount")
        #expect(SandboxHarness.hostHostname() == hostname)
        return (host, got)
    }

    @Test func absoluteAndDotDotPathsStayInside() throws {
        let failing = [
            "open /etc/passwd", "open ../../etc/passwd", "open ../../../../../../../../etc/passwd",
            "open /w/../../etc/passwd", "open /etc", "open /tmp", "open /home", "create /escape", "mkdir /escape",
            "openat(/w/.., etc/passwd)", "openat(/w/.., ../../etc/passwd)",
        ]
        var expected = Dictionary(uniqueKeysWithValues: failing.map { ($0, "ENOENT") })
        // Every way to /etc ends in emu's own /etc (LinuxProcess+SyntheticFiles), never the host's.
        for attempt in failing where attempt.contains("etc") { expected[attempt] = "fd" }
        // emu's own /etc and /proc (LinuxProcess+SyntheticFiles) are listed beside the mounts.
        expected["list /"] = ". .. dev etc proc r t w"
        expected["list /w/.."] = ". .. dev etc proc r t w"
        // /dev also lists the links to the guest's own descriptors (LinuxProcess+DescriptorPaths).
        expected["list /dev"] = ". .. null zero urandom fd stderr stdin stdout"
        _ = try expectEscape("paths", expected)
        #expect(!FileManager.default.fileExists(atPath: "/escape"))
    }

    @Test func symlinksResolveInsideTheGuestView() throws {
        let (host, _) = try expectEscape("symlinks", [
            // /etc/passwd is emu's own (read-only): the links reach it, never the host's.
            "symlink /w/root -> /": "0", "open /w/root/etc/passwd": "fd", "open /w/root/w/marker": "0",
            "symlink /w/up -> ../../../../..": "0", "open /w/up/etc/passwd": "fd",
            "symlink /w/pw -> /etc/passwd": "0", "open /w/pw": "fd", "open /w/pw O_CREAT": "EROFS",
            "open /w/hostlink/passwd": "ENOENT", "open /w/hostlink": "ENOENT", "open /w/loop": "ELOOP",
            "openat(/w/root, etc/passwd)": "fd",
        ]) { host in
            // Planted from the host side: an absolute link to a host directory with a passwd.
            try FileManager.default.createSymbolicLink(atPath: host.w + "/hostlink", withDestinationPath: host.outside + "/secret")
        }
        // The guest's links are only text in the mount.
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: host.w + "/root")) == "/")
    }

    @Test func symlinkSwappedDuringOpensNeverEscapes() throws {
        let host = try SandboxHost()
        let race = host.w + "/race", swap = host.w + "/race-swap"
        try FileManager.default.createDirectory(atPath: race, withIntermediateDirectories: false)
        try "inside\n".write(toFile: race + "/passwd", atomically: false, encoding: .utf8)
        // The other side of the swap: a link to a host directory outside the mount whose
        // passwd starts with "root:".
        try FileManager.default.createSymbolicLink(atPath: swap, withDestinationPath: host.outside + "/secret")
        let before = host.snapshot(host.outside)
        let stop = ManagedAtomicFlag()
        nonisolated(unsafe) var swaps = 0
        let swapper = Thread {
            // renameat2(RENAME_EXCHANGE) swaps the directory and the link atomically.
            while !stop.isSet {
                if hostRenameat2(AT_FDCWD, race, AT_FDCWD, swap, 2) == 0 { swaps += 1 }
            }
        }
        swapper.start()
        let result = try SandboxHarness.run(host.mountOptions, "race", ["20000"])
        stop.set()
        while !swapper.isFinished { usleep(1000) }
        let got = SandboxHarness.results(result)
        print("race: \(swaps) host-side swaps; guest: \(got)")
        #expect(result.status == 0)
        #expect(got["race opens"] == "20000")
        #expect(got["race escaped"] == "0")
        #expect(got["race other"] == "0")
        #expect(swaps > 0)
        #expect(host.snapshot(host.outside) == before)
    }

    @Test func hardLinksAndRenamesStayInOneMount() throws {
        let (host, _) = try expectEscape("links", [
            "link /w/file -> /t/file": "EXDEV", "link /w/file -> /r/file": "EXDEV",
            "link /w/file -> /w/../t/file": "EXDEV", "link /w/file -> /etc/file": "ENOENT",
            "link /w/file -> /file": "ENOENT", "rename /w/file -> /t/file": "EXDEV",
            "rename /w/file -> /r/file": "EXDEV", "rename /w/file -> /w/../t/moved": "EXDEV",
            "rename /w -> /t/w": "EBUSY", "rename /w/file -> /tmp/file": "ENOENT",
            "link(follow) /w/pw -> /w/hard": "EXDEV", "link /w/file -> /w/file2": "0",
            "rename /w/file2 -> /w/file3": "0",
        ])
        #expect(host.snapshot(host.t).isEmpty, "something reached the other mount")
        #expect(FileManager.default.fileExists(atPath: host.w + "/file"), "a refused rename moved the file")
        #expect(FileManager.default.fileExists(atPath: host.w + "/file3"))
    }

    @Test func readOnlyMountRefusesEveryWrite() throws {
        var expected = Dictionary(uniqueKeysWithValues: [
            "open O_WRONLY", "open O_RDWR", "open O_WRONLY|O_APPEND", "open O_TRUNC", "open O_CREAT existing",
            "open O_CREAT new", "open O_CREAT|O_EXCL new", "open /r/dir/../data O_RDWR", "mkdir", "unlink", "rmdir",
            "rename", "renameat2", "link", "symlink", "access W_OK", "ftruncate", "openat(/r, data, O_WRONLY)",
            "mkdirat(/r, x)", "open /w/tor O_WRONLY",
        ].map { ($0, "EROFS") })
        // chmod and chown are refused by the read-only mount; number 88 (the program's
        // "utimensat") is no riscv32 call at all (riscv32 has only utimensat_time64): ENOSYS.
        for call in ["fchmodat", "fchownat", "fchmod"] { expected[call] = "EROFS" }
        expected["utimensat"] = "ENOSYS"
        expected["write"] = "EBADF"
        expected["pwrite64"] = "EBADF"
        expected["mmap shared writable"] = "EACCES"
        expected["mmap private writable"] = "0"
        expected["open O_RDONLY"] = "0"
        expected["open /w/out O_CREAT"] = "0"
        let (host, _) = try expectEscape("readonly", expected)
        #expect(try String(contentsOfFile: host.r + "/data", encoding: .utf8) == "original\n")
    }

    @Test func noHostProcNoSysNoHostDevices() throws {
        // /proc is emu's own (the guest's pid 1 only): no mem, no root link, and no exe link
        // when the program lies outside the guest's mounts (its host path stays hidden).
        _ = try expectEscape("procfs", [
            "open /proc/self/mem": "ENOENT", "open /proc/self/exe": "ENOENT", "readlink /proc/self/exe": "ENOENT",
            "open /proc/1/root": "ENOENT", "open /proc": "3", "open /sys/kernel": "ENOENT",
            "open /dev/mem": "ENOENT", "open /dev/sda": "ENOENT", "open /dev/tty": "ENOENT",
            "open /dev/null": "0", "write /dev/null": "3", "read /dev/null": "0", "read /dev/zero zeros": "16",
            "read /dev/urandom": "32",
        ])
    }

    @Test func socketsFailWithEACCES() throws {
        _ = try expectEscape("network", [
            "socket AF_INET": "EACCES", "socket AF_INET6": "EACCES", "socket AF_UNIX": "EACCES",
            "socket AF_NETLINK": "EACCES", "connect": "EACCES",
            // An unnamed AF_UNIX pair is made (a host socketpair, connected only to itself).
            "socketpair": "0",
        ])
    }

    @Test func processCreationIsAllowedAndDeniableByPolicy() throws {
        // Process creation is allowed by default (bounded by --pids-limit): each child
        // reports 0 itself and exits 42 (the lines of parent and child may interleave, so
        // they are checked as a set); the guest's view has no /bin/sh to exec. Only the
        // vfork child is sure to print: its parent waits for it, while the others may
        // still be starting when init ends, which ends them (as in a pid namespace).
        let (host, _) = try expectEscape("process", [
            "getpid": "1", "getppid": "0", "execve": "ENOENT", "execveat": "ENOENT",
        ])
        let lines = Set(try SandboxHarness.run(host.mountOptions, "process").stdoutText.split(separator: "\n").map(String.init))
        for line in ["fork: 2", "vfork: 3", "vfork: 0", "clone3: 4"] {
            #expect(lines.contains(line), "process: no line '\(line)'")
        }
        // --deny-syscall still denies them, visibly in --strace.
        let denials = ["clone", "clone3", "execve", "execveat"].flatMap { ["--deny-syscall", $0] }
        let denied = try SandboxHarness.run(host.mountOptions + denials, "process")
        #expect(SandboxHarness.results(denied)["fork"] == "EPERM")
        #expect(SandboxHarness.results(denied)["clone3"] == "EPERM")
        #expect(SandboxHarness.results(denied)["execve"] == "EPERM")
        let traced = try SandboxHarness.run(host.mountOptions + denials + ["--strace"], "process")
        #expect(traced.stderrText.contains("clone(") && traced.stderrText.contains("EPERM (denied by policy)"))
        let killed = try SandboxHarness.run(denials + ["--deny-action", "kill"], "process")
        #expect(killed.status == 159)
        #expect(SandboxHarness.results(killed)["fork"] == nil)
    }

    @Test func sethostnameChangesOnlyTheGuestsView() throws {
        _ = try expectEscape("hostname", [
            "nodename before": "emu", "sethostname": "0", "nodename after": "escaped-host", "setdomainname": "EPERM",
        ])
    }

    @Test func killProbesReachNoHostProcess() throws {
        _ = try expectEscape("signals", [
            "kill(1, 0)": "0", "kill(-1, 0)": "ESRCH", "kill(0, 0)": "0", "kill(2, 0)": "ESRCH",
            "kill(-2, 0)": "ESRCH", "kill(4194304, 0)": "ESRCH", "tgkill(1, 1, 0)": "0", "tgkill(7, 7, 0)": "ESRCH",
        ])
    }

    @Test func brkAndMmapStopAtTheMemoryLimit() throws {
        let (_, got) = try expectEscape("memory", [
            "brk +1 GiB refused": "0", "brk to 0xfffff000 refused": "0", "mmap 1 GiB": "ENOMEM",
            "mmap 0xfffff000": "ENOMEM", "mmap MAP_FIXED at 0": "ENOMEM", "mmap MAP_FIXED at 0xfffff000": "ENOMEM",
            "mmap 1 MiB until failure": "ENOMEM",
        ], options: ["--memory", "8M"])
        let mapped = Int(got["mmap total MiB"] ?? "") ?? -1
        let heap = Int(got["brk total MiB"] ?? "") ?? -1
        #expect(mapped >= 1 && heap >= 0 && mapped + heap < 8, "mapped \(mapped) MiB + heap \(heap) MiB under --memory 8M")
    }

    @Test func openStopsAtTheDescriptorLimit() throws {
        _ = try expectEscape("fds", [
            "open until failure": "EMFILE", "opened": "17", "dup": "EMFILE", "dup3 to 1000000": "EBADF",
            "open after close": "5",
        ], options: ["--max-fds", "20"])
    }

    @Test(arguments: [["--timeout", "1"], ["--max-insns", "2000000"]], ["jump", "loop"])
    func endlessLoopsStopWith124(limit: [String], mode: String) throws {
        let start = Date()
        let result = try SandboxHarness.run(limit, "spin", [mode])
        #expect(result.status == 124, "\(mode) under \(limit): \(result.stderrText)")
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func timeoutInterruptsABlockedHostCall() throws {
        let host = try SandboxHost()
        #expect(mkfifo(host.w + "/fifo", 0o600) == 0)
        let start = Date()
        let result = try SandboxHarness.run(host.mountOptions + ["--timeout", "1"], "spin", ["fifo"])
        #expect(result.status == 124, "\(result.stderrText)")
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func outputStopsAtMaxWrite() throws {
        let host = try SandboxHost()
        let toStdout = try SandboxHarness.run(["--max-write", "64K"], "flood")
        #expect(toStdout.status == 0)
        #expect(toStdout.stdout.count <= 65536 && toStdout.stdout.count > 60000)
        let toFile = try SandboxHarness.run(host.mountOptions + ["--max-write", "64K"], "flood", ["/w/big"])
        #expect(toFile.status == 0, "\(toFile.stderrText)")
        var status = stat()
        #expect(stat(host.w + "/big", &status) == 0)
        #expect(status.st_size <= 65536 && status.st_blocks * 512 <= 65536 + 4096)
        #expect(!FileManager.default.fileExists(atPath: host.w + "/newdir"))
    }

    /// The escapes inside the jail, required (every layer, or 125 naming the refused one),
    /// and with the jail off: the syscall-level sandbox alone must hold either way.
    @Test func escapesFailInsideAndOutsideTheJail() throws {
        let host = try SandboxHost()
        let hostname = SandboxHarness.hostHostname()
        let result = try SandboxHarness.run(host.mountOptions + ["--isolate=required"], "hostname")
        if result.status == 125 {
            #expect(result.stderrText.contains("--isolate=required: the kernel refused"), "a refusal must say what failed")
            print("note: the jail is refused by this kernel: \(result.stderrText)")
        } else {
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(SandboxHarness.results(result)["nodename after"] == "escaped-host")
            #expect(SandboxHarness.hostHostname() == hostname)
            let spin = try SandboxHarness.run(["--isolate=required", "--timeout", "1"], "spin", ["jump"])
            #expect(spin.status == 124)
        }
        for name in ["paths", "symlinks", "network", "process", "signals"] {
            let run = try SandboxHarness.run(host.mountOptions + ["--no-isolate"], name)
            #expect(run.status == 0, "\(name) under --no-isolate: \(run.stderrText)")
            // Not found, or emu's own /etc/passwd (LinuxProcess+SyntheticFiles): never the host's.
            let passwd = SandboxHarness.results(run)["open /etc/passwd"] ?? "ENOENT"
            #expect(passwd == "ENOENT" || Int(passwd) != nil, "\(name): open /etc/passwd gave \(passwd)")
        }
    }
}

/// A flag two threads share (set once by the test, read by the swapper).
final class ManagedAtomicFlag: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}

/// renameat2(2), which Foundation does not offer and Glibc declares only under _GNU_SOURCE.
@_silgen_name("renameat2")
func hostRenameat2(_ oldDirectory: Int32, _ old: UnsafePointer<CChar>, _ newDirectory: Int32,
                   _ new: UnsafePointer<CChar>, _ flags: UInt32) -> Int32
