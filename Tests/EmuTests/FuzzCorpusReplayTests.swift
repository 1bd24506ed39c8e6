import Foundation
import Testing
import TestSupport

@testable import Emu

/// The kept fuzzer inputs (`Tests/FuzzCorpus/<harness>/`, crashes and broken invariants
/// the libFuzzer targets found, minimized) run through the same harness functions the
/// fuzz targets call (`FuzzHarness`), so a fixed bug stays fixed. A folder may be empty;
/// `scripts/fuzz-libfuzzer` explains how inputs get there.
@Suite("Fuzz corpus replay")
struct FuzzCorpusReplayTests {
    static let corpus = Paths.packageRoot + "/Tests/FuzzCorpus"

    /// The kept inputs in `folder` (files only, no hidden ones), sorted by name.
    static func inputs(_ folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted().map { folder + "/" + $0 }
    }

    /// Runs every input in `folder` through `harness`, recording each failure.
    static func replay(_ harness: String, folder: String) throws {
        let run = try #require(FuzzHarness.named(harness))
        for path in inputs(folder) {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            for failure in run(bytes) {
                Issue.record("\((path as NSString).lastPathComponent): \(failure)")
            }
        }
    }

    @Test(arguments: FuzzHarness.all.map(\.name))
    func keptInputsPass(harness: String) throws {
        #expect(FileManager.default.fileExists(atPath: Self.corpus + "/" + harness), "no folder for \(harness)")
        try Self.replay(harness, folder: Self.corpus + "/" + harness)
    }

    /// Inputs that still trap emu wait in `<harness>/known/` (a trap would end the whole
    /// test run); the folder is empty once every fix has landed, and this keeps it so.
    @Test(arguments: FuzzHarness.all.map(\.name))
    func noInputIsStillKnownToTrap(harness: String) {
        #expect(Self.inputs(Self.corpus + "/" + harness + "/known").isEmpty,
                "move each fixed input up to \(harness)/, or list it in Tests/FuzzCorpus/README.md")
    }

    /// Valid inputs give no failures: a harness that reported a broken invariant for
    /// correct behaviour (or trapped in its own set-up) would fail here, not only in
    /// the fuzzer.
    /// The interpreter harness's budget is past `Interpreter.run`'s exact-budget headroom,
    /// so the threaded loop really runs (below it every instruction is stepped generically).
    @Test func interpreterHarnessRunsTheThreadedLoop() throws {
        let machine = try #require(InterpreterFuzz.machine(layout: 0, seed: 1, code: [0x13, 0, 0, 0]))
        #expect(InterpreterFuzz.budget > UInt64(machine.code.maxStraightLine) + 2)
    }

    @Test func harnessesAcceptValidInputs() {
        // The decoder harness sees every word of its input: a valid `addi` passes.
        #expect(DecoderFuzz.run([0x13, 0x05, 0x15, 0x00]).isEmpty)
        // The interpreter harness on `addi a0, a0, 1; ecall` agrees with itself...
        #expect(InterpreterFuzz.run([0] + [UInt8](repeating: 1, count: 8) + [0x13, 0x05, 0x15, 0x00, 0x73, 0, 0, 0]).isEmpty)
        // ...and the syscall harness survives an empty run and a getpid.
        #expect(SyscallFuzz.run([]).isEmpty)
        #expect(SyscallFuzz.run([UInt8(LinuxSyscall.allCases.firstIndex(of: .getpid)!)]).isEmpty)
    }
}
