import Foundation
import Testing
import TestSupport

/// The RISCOF plugin's own commands (riscof/emu/emu_commands.py) through
/// `scripts/check-riscof`: the project's conformance suite compiled with the plugin's
/// compile line and run with its run line (each must pass), a signature test whose words
/// are computed independently (no padding words after the data's end, as the reference
/// models write it), and the riscv-config ISA names mapped to emu's --isa.
@Suite struct RiscofPluginTests {
    @Test(.enabled(if: Oracle.available("riscv64-unknown-elf-gcc") && Oracle.available("python3")))
    func pluginCommandsPassOnTheProjectsSuite() throws {
        guard try Oracle.require("riscv64-unknown-elf-gcc") != nil, let python = try Oracle.require("python3") else { return }
        let result = try ProcessRunner.run(python, [Paths.packageRoot + "/scripts/check-riscof", "--emu", try EmuBinary.path()])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.contains("ok   signature: 9 words"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("all passed"))
    }
}
