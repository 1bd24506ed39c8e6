import Foundation
import TestSupport
import Testing

/// Help and usage, in the conventions of docker and swift-argument-parser: every accepted
/// option appears in its subcommand's help, `emu help NAME` equals `emu NAME --help`, and
/// close misspellings get a suggestion.
@Suite struct EndToEndHelpTests {
    /// The option names (`-x`, `--name`) listed in a help text's OPTIONS section.
    static func listedOptions(_ help: String) -> Set<String> {
        var names: Set<String> = []
        var inOptions = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix(":") && !line.hasPrefix(" ") { inOptions = line == "OPTIONS:" }
            guard inOptions, line.hasPrefix("  -") else { continue }
            // The label ends where two spaces separate it from the help text.
            let label = line.dropFirst(2).components(separatedBy: "  ")[0]
            for word in label.split(separator: " ") where word.hasPrefix("-") {
                names.insert(String(word.hasSuffix(",") ? word.dropLast() : word))
            }
        }
        return names
    }

    /// Every option the help lists is accepted (it does not fail as unknown), and options
    /// that exist but were once missing from the help are listed.
    @Test(arguments: ["run", "debug", "disasm", "test"])
    func helpListsWhatParsingAccepts(_ subcommand: String) throws {
        let help = try EmuBinary.run([subcommand, "--help"])
        #expect(help.status == 0)
        #expect(help.stdoutText.hasPrefix("OVERVIEW: "))
        #expect(help.stdoutText.contains("USAGE: emu \(subcommand)"))
        let names = EndToEndHelpTests.listedOptions(help.stdoutText)
        #expect(names.count >= 3, "\(names)")
        for name in names where name != "-h" && name != "--help" {
            let result = try EmuBinary.run([subcommand, name], currentDirectory: Paths.packageRoot)
            #expect(!result.stderrText.contains("unknown option"), "\(subcommand) \(name): \(result.stderrText)")
        }
        if subcommand == "run" {
            #expect(names.isSuperset(of: ["--signature", "--strace-file", "--trace-file", "--trace-filter", "--tmpfs"]))
        }
        // `emu help NAME` is the same text.
        let viaHelp = try EmuBinary.run(["help", subcommand])
        #expect(viaHelp.status == 0)
        #expect(viaHelp.stdoutText == help.stdoutText)
    }

    /// No help line is wider than 88 columns.
    @Test func helpIsWrapped() throws {
        for subcommand in ["run", "debug", "disasm", "test"] {
            let help = try EmuBinary.run([subcommand, "--help"]).stdoutText
            let wide = help.split(separator: "\n").filter { $0.count > 88 && !$0.contains("--trace-filter") }
            #expect(wide.isEmpty, "\(subcommand): \(wide)")
        }
    }

    /// Bare `emu`, as bare `docker`: the usage on stdout, exit 0, nothing on stderr.
    @Test func bareEmuPrintsShortUsage() throws {
        let result = try EmuBinary.run([])
        #expect(result.status == 0)
        #expect(result.stdoutText.hasPrefix("USAGE: emu <subcommand>"))
        #expect(result.stdoutText.split(separator: "\n").count <= 3)
        #expect(result.stderr.isEmpty)
    }

    @Test(arguments: [
        (["run", "--strce", "x"], "'--strace'"),
        (["run", "--max-insn", "5", "x"], "'--max-insns'"),
        (["run", "--tmpsf", "/w", "x"], "'--tmpfs'"),
        (["rnu"], "'run'"),
        (["disasm", "--stop-adress", "0", "x"], "'--stop-address'"),
    ])
    func didYouMean(_ arguments: [String], _ suggestion: String) throws {
        let result = try EmuBinary.run(arguments)
        #expect(result.status == 125)
        #expect(result.stderrText.contains("did you mean \(suggestion)?"), "\(result.stderrText)")
    }

    /// Nothing close: no suggestion.
    @Test func noSuggestionForFarNames() throws {
        let result = try EmuBinary.run(["run", "--zzzzzzzz", "x"])
        #expect(result.status == 125)
        #expect(!result.stderrText.contains("did you mean"))
    }

    /// The ELF64 message says once what emu runs.
    @Test func elf64MessageDoesNotRepeat() throws {
        let directory = try ReferenceRun.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Paths.packageRoot + "/programs/bin/hello.elf")))
        bytes[4] = 2
        let path = directory + "/elf64"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try EmuBinary.run(["run", path])
        #expect(result.status == 126)
        let text = result.stderrText.lowercased()
        #expect(text.components(separatedBy: "emu runs").count - 1 == 1, "\(result.stderrText)")
    }
}
