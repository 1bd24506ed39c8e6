import Foundation
import Glibc
import Testing
import TestSupport

/// `emu run --report FILE` through the built binary: one JSON object per run whose outcome
/// tells every way a run can end apart, even where the exit statuses are the same.
@Suite("Run report")
struct RunReportTests {
    /// Runs emu with `--report` and returns its status and the parsed report.
    static func report(_ options: [String], _ program: String, _ arguments: [String] = [])
        throws -> (status: Int32, json: [String: Any])
    {
        let file = NSTemporaryDirectory() + "emu-report-" + UUID().uuidString + ".json"
        defer { try? FileManager.default.removeItem(atPath: file) }
        // In a pid namespace of its own, like the escape programs (spin and process are two).
        let command = ["run", "--report", file] + options + [program] + arguments
        let emu = try EmuBinary.path()
        let result = try SandboxHarness.unshare.map {
            try ProcessRunner.run($0, ["--pid", "--fork", "--kill-child", emu] + command, environment: [:])
        } ?? ProcessRunner.run(emu, command, environment: [:])
        let data = try #require(FileManager.default.contents(atPath: file), "no report written: \(result.stderrText)")
        let object = try JSONSerialization.jsonObject(with: data)
        let json = try #require(object as? [String: Any], "not one JSON object: \(String(decoding: data, as: UTF8.self))")
        #expect(data.last == UInt8(ascii: "\n") && data.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        #expect(json["exitStatus"] as? Int == Int(result.status))
        #expect((json["wallSeconds"] as? Double ?? -1) >= 0)
        return (result.status, json)
    }

    static func bin(_ name: String) -> String { Paths.programs + "/bin/" + name }

    @Test(arguments: [[], ["--no-isolate"]])
    func aGuestExit124IsNotATimeout(isolation: [String]) throws {
        let exited = try RunReportTests.report(isolation, RunReportTests.bin("exitcode.elf"), ["124"])
        #expect(exited.status == 124)
        #expect(exited.json["outcome"] as? String == "exited")
        #expect(exited.json["status"] as? Int == 124)
        #expect((exited.json["instructions"] as? Int ?? 0) > 0)
        #expect((exited.json["guestMemoryBytes"] as? Int ?? 0) > 0)
        #expect((exited.json["peakRSSBytes"] as? Int ?? 0) > 0)
        let timedOut = try RunReportTests.report(isolation + ["--timeout", "0.5"], SandboxHarness.program("spin"), ["jump"])
        #expect(timedOut.status == 124)
        #expect(timedOut.json["outcome"] as? String == "time-limit")
        #expect(timedOut.json["status"] is NSNull)
        #expect((timedOut.json["wallSeconds"] as? Double ?? 0) >= 0.5)
        let isolationState = try #require(timedOut.json["isolation"] as? [String: Any])
        #expect(isolationState["mode"] as? String == (isolation.isEmpty ? "preferred" : "off"))
        if isolation.isEmpty && JailSupport.isAvailable { #expect(isolationState["jailed"] as? Bool == true) }
    }

    @Test func instructionLimit() throws {
        let run = try RunReportTests.report(["--max-insns", "100000"], SandboxHarness.program("spin"), ["loop"])
        #expect(run.status == 124)
        #expect(run.json["outcome"] as? String == "instruction-limit")
        #expect(run.json["instructions"] as? Int == 100000)
    }

    @Test func signaled() throws {
        let run = try RunReportTests.report([], RunReportTests.bin("nullderef.elf"))
        #expect(run.status == 139)
        #expect(run.json["outcome"] as? String == "signaled")
        #expect(run.json["signal"] as? Int == 11)
        #expect(run.json["signalName"] as? String == "SIGSEGV")
    }

    @Test func deniedSyscall() throws {
        let run = try RunReportTests.report(["--deny-action", "kill"], SandboxHarness.program("process"))
        #expect(run.status == 159)
        #expect(run.json["outcome"] as? String == "denied-syscall")
        #expect(run.json["signal"] as? Int == 31)
    }

    @Test func emuError() throws {
        // Not an ELF: emu itself cannot run it (126); there is no guest outcome.
        let notELF = NSTemporaryDirectory() + "emu-report-text-" + UUID().uuidString
        try "just text\n".write(toFile: notELF, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: notELF) }
        let run = try RunReportTests.report([], notELF)
        #expect(run.status == 126)
        #expect(run.json["outcome"] as? String == "emu-error")
        #expect(run.json["instructions"] is NSNull)
    }

    @Test func anUnwritableReportIsAUsageError() throws {
        let result = try EmuBinary.run(["run", "--report", "/no/such/dir/report.json", RunReportTests.bin("hello.elf")])
        #expect(result.status == 125)
        #expect(result.stderrText.contains("/no/such/dir/report.json"))
    }
}
