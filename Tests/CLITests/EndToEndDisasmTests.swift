import Foundation
import TestSupport
import Testing

/// `emu disasm` against `riscv64-unknown-elf-objdump -d` (binutils 2.40): the whole output
/// files are compared, byte for byte — headers, labels, columns, `# <symbol>` comments and
/// data in code — for every ELF file the project ships, and for address ranges.
@Suite struct EndToEndDisasmTests {
    /// Every ELF under programs/bin (programs, variants, benchmarks, probes, conformance).
    static let programs: [String] = {
        let root = Paths.packageRoot + "/programs/bin"
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = root + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            if data.prefix(4) == Data([0x7F, 0x45, 0x4C, 0x46]) { found.append("programs/bin/" + relative) }
        }
        return found.sorted()
    }()

    /// The first differing line of two texts, for the failure message.
    static func firstDifference(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? String(a[index]) : "<end>"
            let y = index < b.count ? String(b[index]) : "<end>"
            if x != y { return "line \(index + 1): objdump '\(x)' | emu '\(y)'" }
        }
        return "none"
    }

    @Test func everyProgramIsListed() {
        #expect(EndToEndDisasmTests.programs.count >= 40, "\(EndToEndDisasmTests.programs)")
    }

    @Test(.enabled(if: Oracle.available("riscv64-unknown-elf-objdump"), "riscv64-unknown-elf-objdump is not installed"),
          arguments: programs)
    func sameFileAsObjdump(_ program: String) throws {
        let emu = try EmuBinary.run(["disasm", program], currentDirectory: Paths.packageRoot)
        #expect(emu.status == 0)
        guard let objdumpPath = try Oracle.require("riscv64-unknown-elf-objdump") else { return }
        let objdump = try ProcessRunner.run(objdumpPath, ["-d", program], currentDirectory: Paths.packageRoot)
        try #require(objdump.status == 0)
        #expect(objdump.stdoutText.split(separator: "\n").count > 20)
        #expect(emu.stdoutText == objdump.stdoutText, "\(EndToEndDisasmTests.firstDifference(objdump.stdoutText, emu.stdoutText))")
    }

    /// `--start-address`/`--stop-address` as objdump: the label of the function the range
    /// starts in (`<main+0x18>`), ranges across sections, and an instruction cut by the stop.
    @Test(.enabled(if: Oracle.available("riscv64-unknown-elf-objdump"), "riscv64-unknown-elf-objdump is not installed"),
          arguments: [
              ("programs/bin/rv32imac/hello.elf", "0x10130", "0x10200"),  // cuts a 4-byte instruction
              ("programs/bin/rv32imac/hello.elf", "0x100c2", "0x100c8"),
              ("programs/bin/hello.elf", "0x10118", "0x10154"),
              ("programs/bin/hello.elf", "0", "0x100c4"),
              ("programs/bin/hello.elf", "0x16000", "0x17000"),  // no code: headers only
          ])
    func addressRangeAsObjdump(_ program: String, _ start: String, _ stop: String) throws {
        let options = ["--start-address=" + start, "--stop-address=" + stop]
        let emu = try EmuBinary.run(["disasm"] + options + [program], currentDirectory: Paths.packageRoot)
        #expect(emu.status == 0)
        guard let objdumpPath = try Oracle.require("riscv64-unknown-elf-objdump") else { return }
        let objdump = try ProcessRunner.run(objdumpPath, ["-d"] + options + [program], currentDirectory: Paths.packageRoot)
        #expect(emu.stdoutText == objdump.stdoutText, "\(EndToEndDisasmTests.firstDifference(objdump.stdoutText, emu.stdoutText))")
    }

    /// Without objdump, the listing still has its shape: header, sections, labels.
    @Test func listingShape() throws {
        let emu = try EmuBinary.run(["disasm", "programs/bin/hello.elf"], currentDirectory: Paths.packageRoot)
        #expect(emu.status == 0)
        #expect(emu.stdoutText.hasPrefix("\nprograms/bin/hello.elf:     file format elf32-littleriscv\n\n\nDisassembly of section .text:\n"))
        #expect(emu.stdoutText.contains("\n00010118 <main>:\n"))
        #expect(emu.stdoutText.contains("add\ta0,a0,84 # 16054 <stdout_file>"))
        // Only .text is code: nothing from .rodata or .eh_frame.
        #expect(!emu.stdoutText.contains("Disassembly of section .rodata"))
    }
}
