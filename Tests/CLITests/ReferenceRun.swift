import Foundation
import TestSupport
import Testing

/// Running a guest program under both emu and the reference, `qemu-riscv32`, the same
/// way: same arguments, same standard input, an empty environment (as `env -i` gives).
enum ReferenceRun {
    /// One invocation of a guest program.
    struct Invocation: Sendable, CustomTestStringConvertible {
        /// Arguments after the program path.
        var arguments: [String] = []
        /// Bytes fed to standard input.
        var input: [UInt8] = []
        /// Guest environment variables, as `NAME=VALUE`.
        var environment: [String] = []

        var testDescription: String {
            "[" + arguments.joined(separator: " ") + "]" + (input.isEmpty ? "" : " <\(input.count) bytes>")
        }
    }

    /// Runs `program` under qemu-riscv32 in `directory` (default: the package root), or
    /// returns nil when qemu is not installed (and oracles are optional).
    static func qemu(_ program: String, _ invocation: Invocation, directory: String? = nil) throws -> ProcessResult? {
        guard let qemu = try Oracle.require("qemu-riscv32") else { return nil }
        // Through `env -i NAME=VALUE...`: a dictionary environment would lose the order of
        // the variables, which the guest sees.
        let env = Oracle.find("env") ?? "/usr/bin/env"
        return try ProcessRunner.run(
            env, ["-i"] + invocation.environment + [qemu, program] + invocation.arguments, input: invocation.input,
            environment: [:], currentDirectory: directory ?? Paths.packageRoot)
    }

    /// Runs `program` under the built emu (`emu run [options] program args...`) from the
    /// package root.
    static func emu(_ program: String, _ invocation: Invocation, options: [String] = []) throws -> ProcessResult {
        var arguments = ["run"] + options
        for variable in invocation.environment { arguments += ["-e", variable] }
        arguments += [program] + invocation.arguments
        return try EmuBinary.run(arguments, input: invocation.input, currentDirectory: Paths.packageRoot)
    }

    /// hello.elf's output with its `envp[i]=...` lines reduced to their sorted values.
    /// Why: qemu-riscv32 hands the guest its environment in reverse order (its envlist
    /// prepends), while Linux, and emu, keep the order given; the set must still agree.
    static func normalizingEnvironment(_ text: String) -> String {
        var lines: [String] = []
        var environment: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("envp["), let equals = line.firstIndex(of: "=") {
                environment.append(String(line[line.index(after: equals)...]))
            } else {
                lines.append(String(line))
            }
        }
        return (lines + environment.sorted().map { "envp=" + $0 }).joined(separator: "\n")
    }

    /// A fresh, empty temporary directory; the caller removes it.
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("emu-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// The program path relative to the package root (what the guest sees as argv[0]).
    static func relative(_ path: String) -> String {
        let root = Paths.packageRoot + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }
}
