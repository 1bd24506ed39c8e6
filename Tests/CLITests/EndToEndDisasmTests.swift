import Foundation
import TestSupport
import Testing

/// `emu disasm` against `riscv64-unknown-elf-objdump -d`: every instruction line objdump
/// prints (address, bits, text without its `# ...` comment) appears the same in emu's
/// listing.
@Suite struct EndToEndDisasmTests {
    struct Line: Equatable, CustomStringConvertible {
        var address: UInt32
        var bits: String
        var text: String
        var description: String { "\(String(address, radix: 16)): \(bits) \(text)" }
    }

    /// Parses `addr:<TAB>bits<TAB>text` lines; everything else (headers, labels) is skipped.
    static func parse(_ output: String) -> [UInt32: Line] {
        var lines: [UInt32: Line] = [:]
        for raw in output.split(separator: "\n") {
            let fields = raw.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3 else { continue }
            let addressField = fields[0].trimmingCharacters(in: .whitespaces)
            guard addressField.hasSuffix(":"), let address = UInt32(addressField.dropLast(), radix: 16) else { continue }
            var text = fields[2...].joined(separator: "\t")
            // objdump's comment is an address it tracked across earlier instructions.
            if let comment = text.range(of: " # ") { text = String(text[..<comment.lowerBound]) }
            while text.last == " " { text.removeLast() }
            lines[address] = Line(address: address, bits: fields[1].trimmingCharacters(in: .whitespaces), text: text)
        }
        return lines
    }

    static let programs = ["hello", "sorthash", "syscalls"].flatMap { name in
        ["", "rv32im/", "rv32imac/", "rv32ia/"].map { "programs/bin/\($0)\(name).elf" }
    } + ["programs/bin/rv32imac/bench/coremark.elf"]

    @Test(arguments: programs)
    func sameAsObjdump(_ program: String) throws {
        let emu = try EmuBinary.run(["disasm", program], currentDirectory: Paths.packageRoot)
        #expect(emu.status == 0)
        guard let objdumpPath = try Oracle.require("riscv64-unknown-elf-objdump") else { return }
        let objdump = try ProcessRunner.run(objdumpPath, ["-d", program], currentDirectory: Paths.packageRoot)
        try #require(objdump.status == 0)
        let expected = EndToEndDisasmTests.parse(objdump.stdoutText)
        let actual = EndToEndDisasmTests.parse(emu.stdoutText)
        #expect(expected.count > 500)
        var mismatches: [String] = []
        for (address, line) in expected.sorted(by: { $0.key < $1.key }) where actual[address] != line {
            mismatches.append("objdump \(line) | emu \(actual[address].map(\.description) ?? "missing")")
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(expected.count) lines differ, first: \(mismatches.prefix(5).joined(separator: "; "))")
        // emu labels functions as objdump does.
        #expect(emu.stdoutText.contains("<main>:"))
    }
}
