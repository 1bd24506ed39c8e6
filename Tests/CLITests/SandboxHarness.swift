import Foundation
import Glibc
import TestSupport

/// Runs the sandbox escape programs (programs/bin/sandbox/) with the built emu, inside a
/// pid namespace of their own (`unshare --pid --fork`), so that a sandbox bug could not
/// reach the host's processes; and lays out a host directory for their mounts.
///
/// These programs must never run under qemu-riscv32 (their calls would reach the host):
/// nothing here runs them any other way than through emu.
enum SandboxHarness {
    /// The escape program `name`.
    static func program(_ name: String) -> String { Paths.programs + "/bin/sandbox/" + name }

    /// `unshare` when it can make a pid namespace here, else nil (after printing why).
    static let unshare: String? = {
        guard let tool = Oracle.find("unshare") else {
            print("note: running the escape programs without a pid namespace: unshare (util-linux) is not on PATH")
            return nil
        }
        let probe = try? ProcessRunner.run(tool, ["--pid", "--fork", "--kill-child", "true"])
        guard probe?.status == 0 else {
            print("note: running the escape programs without a pid namespace: `unshare --pid --fork` is refused here ("
                + (probe?.stderrText.trimmingCharacters(in: .whitespacesAndNewlines) ?? "did not start") + ")")
            return nil
        }
        return tool
    }()

    /// Runs `emu run OPTIONS PROGRAM ARGS` in a fresh pid namespace.
    static func run(_ options: [String], _ name: String, _ arguments: [String] = []) throws -> ProcessResult {
        let emu = try EmuBinary.path()
        let command = ["run"] + options + [program(name)] + arguments
        if let unshare {
            return try ProcessRunner.run(unshare, ["--pid", "--fork", "--kill-child", emu] + command, environment: [:])
        }
        return try ProcessRunner.run(emu, command, environment: [:])
    }

    /// The "attempt: RESULT" lines of an escape program as a dictionary.
    static func results(_ result: ProcessResult) -> [String: String] {
        var table: [String: String] = [:]
        for line in result.stdoutText.split(separator: "\n") {
            guard let colon = line.range(of: ": ", options: .backwards) else { continue }
            table[String(line[..<colon.lowerBound])] = String(line[colon.upperBound...])
        }
        return table
    }

    /// The host's hostname.
    static func hostHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A host directory laid out for one escape test:
/// `outside/` (never mounted: a secret file and a fake /etc), `w/` (mounted rw at /w),
/// `t/` (rw at /t), `r/` (read-only at /r, holding `data` and `dir/`).
final class SandboxHost {
    let root: String
    var outside: String { root + "/outside" }
    var w: String { root + "/w" }
    var t: String { root + "/t" }
    var r: String { root + "/r" }

    init() throws {
        root = NSTemporaryDirectory() + "emu-sandbox-" + UUID().uuidString
        let manager = FileManager.default
        for folder in ["outside/secret", "w", "t", "r/dir"] {
            try manager.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try "root:x:0:0:secret\n".write(toFile: outside + "/secret/passwd", atomically: false, encoding: .utf8)
        try "do not touch\n".write(toFile: outside + "/sentinel", atomically: false, encoding: .utf8)
        try "original\n".write(toFile: r + "/data", atomically: false, encoding: .utf8)
        try "hello\n".write(toFile: w + "/file", atomically: false, encoding: .utf8)
        try "".write(toFile: w + "/marker", atomically: false, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// `-v` options for the three mounts and `-w /w`.
    var mountOptions: [String] { ["-v", w + ":/w", "-v", t + ":/t", "-v", r + ":/r:ro", "-w", "/w"] }

    /// Every entry below `path` with its type, size, mode, mtime and (for files) contents:
    /// equal snapshots mean the tree is unchanged.
    func snapshot(_ path: String) -> [String: String] {
        var result: [String: String] = [:]
        func walk(_ directory: String, _ prefix: String) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
            for name in names {
                let full = directory + "/" + name
                var status = stat()
                guard lstat(full, &status) == 0 else { continue }
                var entry = "mode \(status.st_mode) size \(status.st_size) mtime \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
                if status.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: full) {
                    entry += " " + data.base64EncodedString()
                }
                if status.st_mode & S_IFMT == S_IFLNK, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: full) {
                    entry += " -> " + target
                }
                result[prefix + name] = entry
                if status.st_mode & S_IFMT == S_IFDIR { walk(full, prefix + name + "/") }
            }
        }
        walk(path, "")
        return result
    }
}
