import Foundation
import Testing
import TestSupport

/// `emu test -j N`: the binaries run in worker processes, and every output (text lines,
/// JSON, JUnit) is what `-j 1` gives, in input order, errors among the results.
@Suite struct EndToEndTestCommandParallelTests {
    typealias Suite = EndToEndTestCommandTests

    /// The five synthetic outcomes twice over and emu's own conformance binaries, so that
    /// workers finish out of order (the loops run 20000 instructions, the rest a few).
    static func binaries() throws -> (directory: String, paths: [String]) {
        let (directory, paths) = try Suite.suite()
        let folder = Paths.programs + "/bin/conformance"
        let conformance = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
        return (directory, paths + conformance + paths.reversed())
    }

    @Test(arguments: ["2", "3", "0"])
    func outputsAreThoseOfOneJob(_ jobs: String) throws {
        let (directory, paths) = try Self.binaries()
        let options = ["test", "--max-insns", "20000", "--json"]
        let serial = try EmuBinary.run(options + ["--junit", directory + "/serial.xml"] + paths)
        let parallel = try EmuBinary.run(options + ["-j", jobs, "--junit", directory + "/parallel.xml"] + paths)
        #expect(parallel.status == 1)
        #expect(parallel.status == serial.status)
        #expect(Suite.timesHidden(parallel.stdoutText) == Suite.timesHidden(serial.stdoutText))
        let serialXML = try String(contentsOfFile: directory + "/serial.xml", encoding: .utf8)
        let parallelXML = try String(contentsOfFile: directory + "/parallel.xml", encoding: .utf8)
        #expect(Suite.timesHidden(parallelXML) == Suite.timesHidden(serialXML))
        let text = try EmuBinary.run(["test", "--max-insns", "20000", "-j", jobs] + paths)
        let serialText = try EmuBinary.run(["test", "--max-insns", "20000"] + paths)
        #expect(text.stdoutText == serialText.stdoutText)
        // Every conformance binary and both copies of `pass` pass; the other eight fail.
        #expect(text.stdoutText.hasSuffix("\(paths.count - 10 + 2) passed, 8 failed\n"))
        #expect(text.stdoutText.split(separator: "\n").count == paths.count + 1)
    }

    @Test func jobCountIsBounded() throws {
        let (_, paths) = try Suite.suite()
        for bad in ["257", "-1", "x"] {
            let emu = try EmuBinary.run(["test", "-j", bad, paths[0]])
            #expect(emu.status == 125, "-j \(bad)")
            #expect(emu.stdout.isEmpty)
        }
        // More workers than binaries: one per binary.
        let emu = try EmuBinary.run(["test", "-j", "256", paths[0], paths[1]])
        #expect(emu.status == 1)
        #expect(emu.stdoutText.hasSuffix("1 passed, 1 failed\n"))
    }

    @Test func statsSumsEveryBinary() throws {
        let (_, paths) = try Suite.suite()
        let emu = try EmuBinary.run(["test", "--stats", "-j", "2", paths[0], paths[1]])
        #expect(emu.stderrText.contains(#/^emu: 6 instructions retired in [0-9]+\.[0-9]{3} s \([0-9]+\.[0-9] MIPS\)\n$/#))
    }
}
