import Emu
import Foundation
import TestSupport
import Testing

/// `emu disasm` against `riscv64-unknown-elf-objdump -d` (binutils 2.40): the whole output
/// files are compared, byte for byte — headers, labels, columns, `# <symbol>` comments and
/// data in code — for every ELF file the project ships, and for address ranges.
@Suite struct EndToEndDisasmTests {
    /// The ELF files without a symbol table (zig's musl builds: programs/bin/calls). objdump
    /// prints those differently (a `<.text>` label, `0x`-prefixed branch targets and `#`
    /// addresses, instructions outside the architecture attribute as `.2byte`/`.4byte`).
    static let strippedPrograms: [String] = allPrograms.filter { path in
        guard let data = FileManager.default.contents(atPath: Paths.packageRoot + "/" + path),
            let elf = try? ELFFile(bytes: [UInt8](data))
        else { return false }
        return elf.symbols.isEmpty
    }

    /// Every ELF under programs/bin, with a symbol table or without (programs, variants,
    /// benchmarks, probes, conformance, zig builds).
    static let allPrograms: [String] = {
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
        #expect(EndToEndDisasmTests.allPrograms.count >= 40, "\(EndToEndDisasmTests.allPrograms)")
        // The listing of a file without symbols is compared too, not only by the test below.
        #expect(!EndToEndDisasmTests.strippedPrograms.isEmpty)
    }

    @Test(.enabled(if: Oracle.available("riscv64-unknown-elf-objdump"), "riscv64-unknown-elf-objdump is not installed"),
          arguments: allPrograms)
    func sameFileAsObjdump(_ program: String) throws {
        try sameListing(program)
    }

    /// Copies without symbols of files with them, made by `strip`: code that had `$d` data
    /// in it is then disassembled as code, for the file's architecture attribute (no C in
    /// rv32i: `0000` is `.2byte 0x0`; `ffff` is a 2-byte `.2byte`).
    @Test(.enabled(if: Oracle.available("riscv64-unknown-elf-objdump") && Oracle.available("riscv64-unknown-elf-strip"),
                   "riscv64-unknown-elf-objdump or -strip is not installed"),
          arguments: ["programs/bin/hello.elf", "programs/bin/illegal.elf", "programs/bin/rv32ia/illegal.elf",
                      "programs/bin/rv32imac/sorthash.elf", "programs/bin/conformance/traps"])
    func strippedCopySameAsObjdump(_ program: String) throws {
        guard let strip = try Oracle.require("riscv64-unknown-elf-strip") else { return }
        let copy = FileManager.default.temporaryDirectory.path + "/emu-disasm-\(getpid())-" + program.replacingOccurrences(of: "/", with: "_")
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let stripped = try ProcessRunner.run(strip, ["-o", copy, program], currentDirectory: Paths.packageRoot)
        try #require(stripped.status == 0)
        try sameListing(copy)
    }

    /// `emu disasm FILE` and `objdump -d FILE` print the same text.
    func sameListing(_ program: String) throws {
        let emu = try EmuBinary.run(["disasm", program], currentDirectory: Paths.packageRoot)
        #expect(emu.status == 0)
        guard let objdumpPath = try Oracle.require("riscv64-unknown-elf-objdump") else { return }
        let objdump = try ProcessRunner.run(objdumpPath, ["-d", program], currentDirectory: Paths.packageRoot)
        try #require(objdump.status == 0)
        #expect(objdump.stdoutText.split(separator: "\n").count > 20)
        #expect(emu.stdoutText == objdump.stdoutText, "\(EndToEndDisasmTests.firstDifference(objdump.stdoutText, emu.stdoutText))")
    }

    /// `--start-address`/`--stop-address` as objdump: the label of the function the range
    /// starts in (`<main+0x18>`, or `<.text+0x8>` without symbols), ranges across sections,
    /// and an instruction cut by the stop.
    @Test(.enabled(if: Oracle.available("riscv64-unknown-elf-objdump"), "riscv64-unknown-elf-objdump is not installed"),
          arguments: [
              ("programs/bin/rv32imac/hello.elf", "0x10130", "0x10200"),  // cuts a 4-byte instruction
              ("programs/bin/rv32imac/hello.elf", "0x100c2", "0x100c8"),
              ("programs/bin/hello.elf", "0x10118", "0x10154"),
              ("programs/bin/hello.elf", "0", "0x100c4"),
              ("programs/bin/hello.elf", "0x16000", "0x17000"),  // no code: headers only
              ("programs/bin/calls/calls", "0x16738", "0x16790"),  // no symbols: <.text+0x8>
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
