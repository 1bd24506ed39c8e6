import Foundation
import Glibc
import Testing
import TestSupport

/// The jail (`--isolate`, the default), checked from outside the jailed process: its host
/// uid and capabilities in /proc/PID/status, its root and mounts through /proc/PID, and the
/// calls emu's own code could make from inside (`EMU_JAIL_PROBE`).
///
/// Where this kernel refuses the jail (a container without user namespaces) these tests are
/// skipped with the reason printed; `REQUIRE_JAIL=1` turns that into a failure.
@Suite("Jail", .enabled(if: JailSupport.isAvailable))
struct JailTests {
    struct SpawnFailed: Error { let code: Int32 }

    /// Starts `emu run ARGUMENTS` without waiting (output discarded); returns its pid.
    static func start(_ arguments: [String]) throws -> pid_t {
        let emu = try EmuBinary.path()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in [Int32(0), 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0) }
        let argv = ([emu, "run"] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var envp: [UnsafeMutablePointer<CChar>?] = [nil]
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, emu, &actions, nil, argv, &envp)
        guard spawned == 0 else { throw JailTests.SpawnFailed(code: spawned) }
        return pid
    }

    /// The jailed child of launcher `pid`, once it has sealed itself (seccomp on), or nil
    /// after 20 s.
    static func jailedChild(of pid: pid_t) -> pid_t? {
        for _ in 0..<400 {
            let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
            if let child = children.split(separator: " ").first.flatMap({ pid_t($0) }),
                let status = try? String(contentsOfFile: "/proc/\(child)/status", encoding: .utf8),
                field("Seccomp", status) == "2"
            {
                return child
            }
            usleep(50_000)
        }
        return nil
    }

    /// The value of `name:` in a /proc status text.
    static func field(_ name: String, _ status: String) -> String? {
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    static func stop(_ pid: pid_t) {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    @Test func jailedEmuIsUnprivilegedOnTheHostAndSeesOnlyItsMounts() throws {
        let host = try SandboxHost()
        let launcher = try JailTests.start(host.mountOptions + ["--tmpfs", "/scratch", "--timeout", "60",
                                                                SandboxHarness.program("spin"), "jump"])
        defer { JailTests.stop(launcher) }
        let child = try #require(JailTests.jailedChild(of: launcher), "no sealed jailed child appeared")
        let status = try String(contentsOfFile: "/proc/\(child)/status", encoding: .utf8)
        let uids = (JailTests.field("Uid", status) ?? "").split(whereSeparator: \.isWhitespace)
        let gids = (JailTests.field("Gid", status) ?? "").split(whereSeparator: \.isWhitespace)
        #expect(uids.count == 4 && !uids.contains("0"), "host uids of the jailed emu: \(uids)")
        #expect(gids.count == 4 && !gids.contains("0"), "host gids of the jailed emu: \(gids)")
        if getuid() == 0 { #expect(uids.allSatisfy { $0 == "65534" }) }
        for set in ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"] {
            #expect(JailTests.field(set, status) == "0000000000000000", "\(set)")
        }
        #expect(JailTests.field("NoNewPrivs", status) == "1")
        #expect(JailTests.field("Groups", status) == "" || getuid() != 0, "supplementary groups stayed")

        // Its mount table: the empty root, one mount per -v, one tmpfs per --tmpfs.
        let mountinfo = try String(contentsOfFile: "/proc/\(child)/mountinfo", encoding: .utf8)
        let points = mountinfo.split(separator: "\n").map { String($0.split(separator: " ")[4]) }.sorted()
        #expect(points == ["/", "/m/0", "/m/1", "/m/2", "/t/0"], "\(mountinfo)")
        let rootLine = try #require(mountinfo.split(separator: "\n").first { $0.split(separator: " ")[4] == "/" })
        #expect(rootLine.contains(" ro,") && rootLine.contains("- tmpfs "), "the root is a read-only tmpfs: \(rootLine)")
        // host.mountOptions mounts w, t, r:ro in this order.
        let readOnly = try #require(mountinfo.split(separator: "\n").first { $0.split(separator: " ")[4] == "/m/2" })
        #expect(readOnly.split(separator: " ")[5].hasPrefix("ro,"), "the :ro mount is read-only in the kernel: \(readOnly)")
        let root = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(child)/root").sorted()
        #expect(root == ["m", "t"])
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(child)/root/m/0/../../etc"))
    }

    @Test func emusOwnCallsCannotReachAHostFileOutsideTheMounts() throws {
        let host = try SandboxHost()
        let secret = host.outside + "/secret/passwd"
        let result = try ProcessRunner.run(
            try EmuBinary.path(), ["run", "--isolate=required"] + host.mountOptions + [Paths.programs + "/bin/hello.elf"],
            environment: ["EMU_JAIL_PROBE": secret])
        #expect(result.status == 0, "\(result.stderrText)")
        var probes: [String: String] = [:]
        for line in result.stderrText.split(separator: "\n") where line.hasPrefix("jail-probe ") {
            guard let colon = line.range(of: ": ", options: .backwards) else { continue }
            probes[String(line[line.index(line.startIndex, offsetBy: 11)..<colon.lowerBound])] = String(line[colon.upperBound...])
        }
        let denied = String(cString: strerror(EPERM)), missing = String(cString: strerror(ENOENT))
        #expect(probes["openat(AT_FDCWD, path)"] == denied, "seccomp refuses a path relative to the working directory")
        #expect(probes["openat(root, path)"] == missing, "the root holds only the mounts")
        #expect(probes["openat(root, ../../path)"] == missing)
        for call in ["socket(AF_INET)", "socket(AF_UNIX)", "ioctl(TIOCSTI)", "kill(1, 0)", "execve", "mprotect(PROT_EXEC)"] {
            #expect(probes[call] == denied, "\(call) gave \(probes[call] ?? "nothing")")
        }
        #expect(result.stdoutText.hasPrefix("Hello, world!"), "the guest still ran")
    }

    @Test func theGuestWritesRootOwnedMountsAndHostSeesItsFiles() throws {
        let host = try SandboxHost()
        let result = try SandboxHarness.run(host.mountOptions + ["--isolate=required", "--max-write", "64K"], "flood", ["/w/big"])
        #expect(result.status == 0, "\(result.stderrText)")
        var info = stat()
        #expect(stat(host.w + "/big", &info) == 0 && info.st_size > 0)
        // Created by the jail's host uid, stored as the mount's owner maps it back.
        var directory = stat()
        #expect(stat(host.w, &directory) == 0)
        #expect(info.st_uid == directory.st_uid, "the file's owner on the host: \(info.st_uid)")
    }

    @Test func requiredIsolationRefusesOptionsThatNeedTheHost() throws {
        let result = try EmuBinary.run(["run", "--isolate=required", "--gdb", "0", Paths.programs + "/bin/hello.elf"])
        #expect(result.status == 125)
        #expect(result.stderrText.contains("--no-isolate"))
        let both = try EmuBinary.run(["run", "--isolate", "--no-isolate", Paths.programs + "/bin/hello.elf"])
        #expect(both.status == 125)
        let off = try EmuBinary.run(["run", "--no-isolate", Paths.programs + "/bin/hello.elf"])
        #expect(off.status == 0 && off.stderrText.isEmpty, "\(off.stderrText)")
    }
}

/// Whether the jail can be made here (a `--isolate=required` run of hello succeeds).
enum JailSupport {
    static let isAvailable: Bool = {
        let result = try? EmuBinary.run(["run", "--isolate=required", Paths.programs + "/bin/hello.elf"])
        if result?.status == 0 { return true }
        let reason = result?.stderrText.trimmingCharacters(in: .whitespacesAndNewlines) ?? "emu did not start"
        // Run (and fail) anyway when the jail is required of this host.
        if ProcessInfo.processInfo.environment["REQUIRE_JAIL"] == "1" { return true }
        print("note: skipping the jail tests: --isolate=required is refused here: \(reason)")
        return false
    }()
}
