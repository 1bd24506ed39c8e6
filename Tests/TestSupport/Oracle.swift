import Foundation

/// Real tools that no one here wrote, used as references by the tests
/// (qemu-riscv32, riscv64-unknown-elf-objdump, gdb-multiarch, tmux).
///
/// A test that needs a missing tool skips with a printed reason, unless
/// `REQUIRE_ORACLES=1` is set (CI sets it): then the missing tool is a failure.
public enum Oracle {
    /// Whether missing oracles must fail the tests instead of skipping them.
    public static var isRequired: Bool {
        ProcessInfo.processInfo.environment["REQUIRE_ORACLES"] == "1"
    }

    /// The absolute path of `tool` on PATH, or nil.
    public static func find(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// For `.enabled(if:)`: true when `tool` is on PATH, and also when oracles are required,
    /// so that a missing required tool runs the test and fails it in ``require(_:)``
    /// instead of skipping it.
    public static func available(_ tool: String) -> Bool {
        find(tool) != nil || isRequired
    }

    /// Thrown (and so failing the test) when a required oracle is missing.
    public struct Missing: Error, CustomStringConvertible {
        public let tool: String
        public var description: String { "\(tool) is required (REQUIRE_ORACLES=1) but not on PATH" }
    }

    /// Finds `tool` for a test. Returns nil (after printing why the test is skipped) when it
    /// is missing and oracles are optional; throws when it is missing and required.
    public static func require(_ tool: String) throws -> String? {
        if let found = find(tool) { return found }
        if isRequired { throw Missing(tool: tool) }
        print("note: skipping a check that needs \(tool): it is not on PATH")
        return nil
    }
}
