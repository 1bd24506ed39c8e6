import Foundation
import Glibc
import Testing
import TestSupport

/// Issue 13's "Done when": shell scripts behave under emu as under Linux.
///
/// Each script of programs/userland/scripts runs three ways with the same minibox sources
/// (programs/userland/minibox, a small shell plus applets):
/// - natively: minibox built for the host with gcc (or the Swift toolchain's clang), in the
///   test's own temp dir;
/// - under emu: the committed rv32 minibox and its applet symlinks mounted on /bin, so the
///   shell runs every external command by fork+execve of a guest program;
/// - under qemu-riscv32 with `MINIBOX_NOEXEC=1`: the shell runs applets in the forked
///   child instead of exec'ing them (qemu-user without binfmt cannot execve a guest).
/// Standard output, standard error and the exit status must agree. The scripts print
/// nothing host-specific (no pids, no $PATH, no absolute paths of the host).
@Suite("Shell script battery")
struct ShellScriptBatteryTests {
    static let scripts = Paths.programs + "/userland/scripts"
    static let guestMinibox = Paths.programs + "/bin/userland/minibox"
    /// The applet names minibox answers to (main.c's table).
    static let applets = ["sh", "echo", "printf", "test", "[", "true", "false", "cat", "tr", "wc", "sort",
                          "uniq", "head", "tail", "seq", "rev", "grep", "cut", "tee", "yes", "basename",
                          "ls", "mkdir", "rm", "sleep", "kill", "date"]

    static var scriptNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: scripts)) ?? []).filter { $0.hasSuffix(".sh") }.sorted()
    }

    /// A directory holding `minibox` (copied from `binary`) and one symlink per applet.
    static func appletDirectory(minibox binary: String) throws -> String {
        let directory = try ReferenceRun.temporaryDirectory()
        try FileManager.default.copyItem(atPath: binary, toPath: directory + "/minibox")
        for applet in applets {
            try FileManager.default.createSymbolicLink(atPath: directory + "/" + applet, withDestinationPath: "minibox")
        }
        return directory
    }

    /// gcc, else the clang every Swift toolchain ships: any host C compiler will do.
    static var hostCompiler: String? { Oracle.find("gcc") ?? Oracle.find("clang") }

    /// The host build of minibox, made once for every test of the suite. Why a static let:
    /// Swift initialises it once, thread-safely, though the scripts run in parallel.
    static let native: Result<String, Error> = Result {
        struct BuildFailed: Error, CustomStringConvertible { let description: String }
        guard let gcc = hostCompiler else {
            _ = try Oracle.require("gcc")
            throw BuildFailed(description: "no C compiler on PATH")
        }
        let sourceDirectory = Paths.programs + "/userland/minibox"
        let sources = try FileManager.default.contentsOfDirectory(atPath: sourceDirectory)
            .filter { $0.hasSuffix(".c") }.sorted().map { sourceDirectory + "/" + $0 }
        let output = try ReferenceRun.temporaryDirectory()
        let built = try ProcessRunner.run(gcc, ["-O2", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-o", output + "/host-minibox"] + sources)
        guard built.status == 0 else {
            throw BuildFailed(description: "\(gcc) failed: \(built.stderrText)")
        }
        return try appletDirectory(minibox: output + "/host-minibox")
    }

    /// The guest applet directory for emu's /bin, made once.
    static let guestBin: Result<String, Error> = Result { try appletDirectory(minibox: guestMinibox) }

    struct Outcome: Equatable, CustomStringConvertible {
        var stdout: String, stderr: String, status: Int32
        init(_ result: ProcessResult) {
            (stdout, stderr, status) = (result.stdoutText, result.stderrText, result.status)
        }
        var description: String { "status \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    /// Runs `body` in a fresh empty directory (the script's working directory).
    static func inScratch(_ body: (String) throws -> ProcessResult?) throws -> ProcessResult? {
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try body(directory)
    }

    @Test("script behaves as under Linux", .enabled(if: hostCompiler != nil || Oracle.isRequired), arguments: scriptNames)
    func script(_ name: String) throws {
        guard try Self.hostCompiler ?? Oracle.require("gcc") != nil else { return }
        let path = Self.scripts + "/" + name
        let nativeBin = try Self.native.get()
        let native = try #require(try Self.inScratch { directory in
            try ProcessRunner.run(nativeBin + "/sh", [path], environment: ["PATH": nativeBin], currentDirectory: directory)
        })
        let emu = try EmuBinary.run(["run", "--timeout", "60", "-v", "\(try Self.guestBin.get()):/bin:ro",
                                     "-v", "\(Self.scripts):/s:ro", "--tmpfs", "/tmp", "-w", "/tmp", "/bin/sh", "/s/\(name)"])
        #expect(Outcome(emu) == Outcome(native), "emu differs from Linux on \(name)")
        guard let qemu = try Self.inScratch({ directory in
            try ReferenceRun.qemu(Self.guestMinibox, .init(arguments: ["sh", path], environment: ["MINIBOX_NOEXEC=1"]),
                                  directory: directory)
        }) else { return }
        #expect(Outcome(qemu) == Outcome(native), "qemu-riscv32 differs from Linux on \(name) (a minibox bug, not emu's)")
    }

    /// The issue's own command, with minibox as the rootfs's /bin (its applets are all
    /// there is): 28 entries in /bin (minibox and 27 links), the year in letters, and the
    /// trap's output when the shell, pid 1, signals itself.
    @Test func theIssuesCommand() throws {
        let root = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let bin = try Self.appletDirectory(minibox: Self.guestMinibox)
        defer { try? FileManager.default.removeItem(atPath: bin) }
        try FileManager.default.moveItem(atPath: bin, toPath: root + "/bin")
        func year() -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return String(calendar.component(.year, from: Date()))
        }
        let before = year()
        let result = try EmuBinary.run([
            "run", "--timeout", "60", "-v", "\(root):/:ro", "--tmpfs", "/tmp", "-w", "/tmp", "/bin/sh", "-c",
            #"ls /bin | wc -l; echo $(date +%Y) > y; cat y | tr 0-9 a-j; trap "echo got" USR1; kill -USR1 $$"#,
        ])
        let after = year()
        func letters(_ digits: String) -> String {
            String(digits.map { Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(String($0))!)) })
        }
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText == "")
        let expected = ["\(Self.applets.count + 1)\n\(letters(before))\ngot\n", "\(Self.applets.count + 1)\n\(letters(after))\ngot\n"]
        #expect(expected.contains(result.stdoutText), "\(result.stdoutText)")
    }

    /// pid_namespaces(7): the guest's init (here the shell, pid 1) gets a signal from a
    /// process inside its namespace only if it has a handler for it: USR1 (trapped) runs the
    /// trap, TERM (default action) and KILL (never catchable) are dropped, and kill(2)
    /// still succeeds for all three. Expected from the man page: qemu shows no namespace.
    @Test func initGetsOnlyHandledSignalsFromItsNamespace() throws {
        let bin = try Self.guestBin.get()
        let result = try EmuBinary.run([
            "run", "--timeout", "60", "-v", "\(bin):/bin:ro", "/bin/sh", "-c",
            #"trap "echo got USR1" USR1; sh -c 'kill -USR1 1; echo usr1 $?; kill -TERM 1; echo term $?; kill -KILL 1; echo kill $?'; echo init alive"#,
        ])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "usr1 0\nterm 0\nkill 0\ngot USR1\ninit alive\n")
    }
}
