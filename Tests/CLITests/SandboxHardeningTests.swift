import Foundation
import Glibc
import Testing
import TestSupport

/// The hardening program (programs/sandbox/hardening.c) against the built emu: guest
/// arithmetic that once trapped, disk quotas, byte names, link text, inode numbers and
/// symlink cost (issue 10).
@Suite("Sandbox hardening")
struct SandboxHardeningTests {
    /// Runs one part of the hardening program with the standard mounts plus `options`.
    func run(_ part: String, _ options: [String] = [], arguments: (SandboxHost) -> [String] = { _ in [] },
             setUp: (SandboxHost) throws -> Void = { _ in }) throws -> (SandboxHost, ProcessResult, [String: String])
    {
        let host = try SandboxHost()
        try setUp(host)
        let result = try SandboxHarness.run(host.mountOptions + options, "hardening", [part] + arguments(host))
        #expect(result.status == 0, "hardening \(part): status \(result.status), \(result.stderrText)")
        return (host, result, SandboxHarness.results(result))
    }

    func expectLines(_ got: [String: String], _ expected: [String: String]) {
        for (attempt, want) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(got[attempt] == want, "\(attempt) gave \(got[attempt] ?? "nothing"), expected \(want)")
        }
    }

    @Test func addressRangesAtTheTopNeverTrap() throws {
        // munmap(0xfffff000, 4096) used to kill emu with SIGILL (status 132).
        let result = try SandboxHarness.run([], "hardening", ["ranges"])
        #expect(result.status == 0, "status \(result.status): \(result.stderrText)")
        expectLines(SandboxHarness.results(result), [
            "munmap 0xfffff000 4096": "0", "munmap 0xfffff000 8192": "EINVAL", "munmap 0xfffff000 max": "EINVAL",
            "munmap 0 max": "EINVAL", "munmap 0x1000 0": "EINVAL",
            "mprotect 0xfffff000 4096": "ENOMEM", "mprotect 0xfffff000 8192": "ENOMEM",
            "mprotect 0xfffff000 max": "ENOMEM", "mmap fixed 0xfffff000 max": "EINVAL", "mmap 0 max": "EINVAL",
            "write 0xffffffff 2": "EFAULT", "write 0xfffff000 max": "EFAULT", "read 0xfffff000 max": "EFAULT",
            "getrandom 0xfffffff0 32": "EFAULT", "open 0xffffffff": "EFAULT", "nanosleep 0xfffffff8": "EFAULT",
            "writev 0xfffffff8 1": "EFAULT", "writev 0 1024": "EFAULT", "fstatat 0xfffffff0": "EFAULT",
        ])
    }

    @Test func maxWriteChargesFileGrowthAndMaxFilesBoundsEntries() throws {
        let (host, _, got) = try run("quota", ["--max-write", "64K", "--max-files", "100"])
        expectLines(got, [
            "open /w/sparse": "0", "pwrite 1 byte at 2 GiB": "EFBIG", "llseek 4 GiB": "0",
            "write 1 byte at 4 GiB": "EFBIG", "ftruncate 1 GiB": "EFBIG", "write 1 byte at 100": "1",
            // /w/sparse is the first of the 100 entries.
            "files created": "99", "next create": "ENOSPC", "unlink /w/f0": "0", "create after unlink": "0",
        ])
        var status = stat()
        #expect(lstat(host.w + "/sparse", &status) == 0)
        #expect(status.st_size <= 64 * 1024, "sparse file grew to \(status.st_size) bytes")
    }

    @Test func namesAreBytesEndToEnd() throws {
        let (host, _, got) = try run("names")
        expectLines(got, [
            "create bad\\xff": "0", "create bad\\xfe": "0", "read bad\\xff": "ff", "read bad\\xfe": "fe",
            "listed both": "yes",
        ])
        // On the host, the two names are the guest's exact bytes.
        for (byte, text) in [(UInt8(0xFF), "ff"), (UInt8(0xFE), "fe")] {
            let path = Array((host.w + "/bad").utf8) + [byte]
            let fd = open(path.map { CChar(bitPattern: $0) } + [0], O_RDONLY)
            #expect(fd >= 0, "host file bad\\x\(text) missing")
            var buffer = [UInt8](repeating: 0, count: 8)
            let count = fd >= 0 ? read(fd, &buffer, 8) : 0
            if fd >= 0 { close(fd) }
            #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == text)
        }
    }

    @Test func readlinkShowsNoHostPath() throws {
        let (host, result, got) = try run("links", arguments: { [$0.w] }) { host in
            try FileManager.default.createSymbolicLink(atPath: host.w + "/hostlink", withDestinationPath: host.outside + "/secret")
            try FileManager.default.createSymbolicLink(atPath: host.w + "/inlink", withDestinationPath: host.w + "/file")
        }
        expectLines(got, [
            "readlink /w/hostlink": "EACCES", "readlink /w/inlink": "/w/file", "open /w/inlink": "0",
            "readlink /w/mine": "/etc/passwd", "readlink /w/relative": "file",
            "readlink /w/guess is its text": "yes", "open /w/guess": "ENOENT",
        ])
        // (The guest was told the host path of /w for the guess; it prints no path itself.)
        #expect(!result.stdoutText.contains(host.root), "a host path reached the guest")
    }

    @Test func inodeAndDeviceNumbersAreVirtual() throws {
        let (host, _, got) = try run("inodes")
        var file = stat(), marker = stat()
        #expect(lstat(host.w + "/file", &file) == 0 && lstat(host.w + "/marker", &marker) == 0)
        let guestFile = got["ino /w/file"], guestMarker = got["ino /w/marker"]
        #expect(guestFile != nil && guestFile != String(file.st_ino))
        #expect(guestMarker != nil && guestMarker != String(marker.st_ino))
        #expect(got["dev /w/file"] != nil && got["dev /w/file"] != String(file.st_dev))
        #expect(guestFile != guestMarker)
        // One made-up device per mount (/w is the first, /t the second), another for emu's /.
        #expect(got["dev /w/file"] == "64" && got["dev /t"] == "65" && got["dev /"] == "63")
        #expect(got["ino /w/hard"] == guestFile, "hard links share an inode number")
        #expect(got["d_ino file"] == guestFile, "getdents and stat agree")
        #expect(got["d_ino marker"] == guestMarker)
        let hostInodes = Set([String(file.st_ino), String(marker.st_ino)])
        #expect(got.filter { $0.key.hasPrefix("d_ino ") && hostInodes.contains($0.value) }.isEmpty)
    }

    @Test func symlinkExpansionIsBounded() throws {
        let start = WallClock.now()
        let (_, _, got) = try run("chain")
        let seconds = WallClock.since(start)
        expectLines(got, ["open long chain": "ELOOP", "open 40 short links": "0", "open 41 short links": "ELOOP"])
        // 40 links of 4 KB once cost 1.5 s of host CPU in one open(); now the lookup stops at
        // 64 KiB of link text. Generous bounds: this may be a debug build on a busy machine.
        let milliseconds = Int(got["long chain ms"] ?? "") ?? Int.max
        #expect(milliseconds < 1000, "one open through the long chain took \(milliseconds) ms")
        #expect(seconds < 10)
    }
}

/// Wall-clock time for the tests above.
enum WallClock {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
    static func since(_ start: Double) -> Double { now() - start }
}
