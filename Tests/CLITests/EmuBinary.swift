import Foundation
import TestSupport

/// Finds and runs the built `emu` executable for the end-to-end tests.
///
/// The tests never build anything themselves: `swift test` has already built the
/// `emu` product next to the test bundle, and `EMU_BINARY` can point elsewhere.
enum EmuBinary {
    /// Thrown when no built `emu` can be found.
    struct NotFound: Error, CustomStringConvertible {
        /// Every place that was searched.
        let searched: [String]
        var description: String {
            "cannot find the built emu executable (set EMU_BINARY, or run `swift build` first); searched: "
                + searched.joined(separator: ", ")
        }
    }

    /// The absolute path of the built `emu`: `$EMU_BINARY` if set, else the `emu` beside the
    /// running test bundle, else `<package>/.build/debug/emu`.
    static func path() throws -> String {
        if let cached = cachedPath { return cached }
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["EMU_BINARY"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw NotFound(searched: ["EMU_BINARY=\(explicit)"])
            }
            return explicit
        }
        var candidates: [String] = []
        // Why several starting points: depending on the runner, the test bundle is either the
        // main executable (`<scratch>/<triple>/debug/emuPackageTests.xctest`) or loaded into a
        // helper; whichever path we get, `emu` sits in the same `debug` folder.
        var starts: [String] = []
        if let main = Bundle.main.executablePath { starts.append(main) }
        starts.append(Bundle.main.bundlePath + "/x")
        if let first = CommandLine.arguments.first { starts.append(first) }
        for start in starts {
            var url = URL(fileURLWithPath: start).standardizedFileURL.deletingLastPathComponent()
            // Walk up a few levels: a bundle can be a folder (`.xctest/Contents/MacOS/...`).
            for _ in 0..<4 {
                candidates.append(url.appendingPathComponent("emu").path)
                url.deleteLastPathComponent()
            }
        }
        candidates.append(Paths.packageRoot + "/.build/debug/emu")
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                cachedPath = candidate
                return candidate
            }
        }
        throw NotFound(searched: candidates)
    }

    // Why nonisolated(unsafe): a benign race; every writer stores the same value.
    nonisolated(unsafe) private static var cachedPath: String?

    /// Runs the built `emu` with `arguments`. The environment is empty by default so that the
    /// result is comparable with `env -i qemu-riscv32`.
    static func run(
        _ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:],
        currentDirectory: String? = nil
    ) throws -> ProcessResult {
        try ProcessRunner.run(
            try path(), arguments, input: input, environment: environment,
            currentDirectory: currentDirectory)
    }
}
