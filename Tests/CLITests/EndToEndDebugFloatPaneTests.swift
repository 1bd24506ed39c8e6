import Foundation
import TestSupport
import Testing

/// The debugger's f registers: `fregs` prints them, `fp` switches the TUI's register pane
/// to them (here through `--screen`, the TUI's renderer in batch mode).
@Suite struct EndToEndDebugFloatPaneTests {
    static let fpwork = Paths.programs + "/bin/float/fpwork"

    func debug(_ commands: String, _ arguments: [String]) throws -> ProcessResult {
        try EmuBinary.run(["debug"] + arguments, input: Array(commands.utf8), currentDirectory: Paths.packageRoot)
    }

    /// `name 0xHEX` pairs of `fregs` output.
    static func printed(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        for (index, word) in words.enumerated() where index + 1 < words.count && words[index + 1].hasPrefix("0x")
            && word.hasPrefix("f") && word != "fcsr" {
            values[word] = String(words[index + 1].dropFirst(2))
        }
        return values
    }

    @Test func floatPaneShowsWhatFregsPrints() throws {
        // 300,000 instructions into fpwork its matrix multiply has loaded f registers.
        let result = try debug("s 300000\nfregs\nfp\n", ["--deterministic", "--screen", "30x120", Self.fpwork])
        #expect(result.status == 0, "\(result.stderrText)")
        let text = result.stdoutText
        let printed = Self.printed(text)
        #expect(printed.count == 32, "\(text)")
        #expect(printed.values.contains { $0 != String(repeating: "0", count: 16) }, "no f register was set")
        guard let pane = text.range(of: "F registers (fp: x registers)") else {
            Issue.record("the register pane did not switch: \(text)")
            return
        }
        let screen = String(text[pane.lowerBound...])
        for (name, hex) in printed {
            #expect(screen.contains(name.padding(toLength: 5, withPad: " ", startingAt: 0) + hex), "\(name) \(hex)")
        }
        #expect(screen.contains("fcsr 0x"))
    }

    @Test func floatPaneNeedsF() throws {
        let result = try debug("fp\n", ["--isa", "rv32imac", Paths.programs + "/bin/hello.elf"])
        #expect(result.stdoutText.contains("fp: this hart has no F extension"), "\(result.stdoutText)")
    }
}
