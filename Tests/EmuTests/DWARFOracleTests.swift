import Decoder
import Foundation
import Testing
import TestSupport

@testable import Emu

/// emu's DWARF reader against binutils, on every program of programs/bin that carries
/// debug information: the decoded line table row for row (`objdump --dwarf=decodedline`),
/// the functions (`readelf --debug-dump=info`, with `nm` for their addresses) and the
/// call-frame rules at every row of every FDE (`readelf --debug-dump=frames-interp`).
@Suite("DWARF against binutils")
struct DWARFOracleTests {
    /// Every file under programs/bin with a .debug_line section (found by emu's section
    /// reader; `debugPrograms` below checks that the dwarf/ programs are among them).
    static let programs: [String] = {
        let root = Paths.programs + "/bin"
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }.sorted().map { root + "/" + $0 }.filter { path in
            guard let data = FileManager.default.contents(atPath: path), data.starts(with: [0x7F, 0x45, 0x4C, 0x46]) else { return false }
            return ELFSectionReader(bytes: [UInt8](data)).section(".debug_line") != nil
        }
    }()

    static func info(_ path: String) throws -> SourceDebugInfo {
        SourceDebugInfo(elfBytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test func debugPrograms() {
        let names = Self.programs.map { ($0 as NSString).lastPathComponent }
        #expect(names.contains("inventory-gcc") && names.contains("inventory-musl"), "\(names)")
    }

    @Test func bothDWARFVersionsAreCovered() throws {
        // gcc 12 emits DWARF 5, zig cc 0.17.1 DWARF 4: both line table headers are read.
        for path in Self.programs {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let line = try #require(ELFSectionReader(bytes: bytes).section(".debug_line"))
            let version = UInt16(line.bytes[4]) | UInt16(line.bytes[5]) << 8
            if path.hasSuffix("-gcc") { #expect(version == 5) }
            if path.hasSuffix("-musl") { #expect(version == 4) }
        }
    }

    /// objdump's decoded rows: (file's base name, line or nil for an end of sequence,
    /// address, is_stmt).
    static func objdumpRows(_ text: String) -> [(file: String, line: Int?, address: UInt32, statement: Bool)] {
        var rows: [(String, Int?, UInt32, Bool)] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count >= 3, fields[2].hasPrefix("0x"), let address = UInt32(fields[2].dropFirst(2), radix: 16) else {
                continue
            }
            guard fields[1] == "-" || Int(fields[1]) != nil else { continue }
            rows.append((fields[0], Int(fields[1]), address, fields.last == "x"))
        }
        return rows
    }

    @Test(.enabled(if: Oracle.available("riscv64-unknown-elf-objdump")), arguments: programs)
    func lineTableMatchesObjdump(path: String) throws {
        guard let objdump = try Oracle.require("riscv64-unknown-elf-objdump") else { return }
        let result = try ProcessRunner.run(objdump, ["--dwarf=decodedline", path])
        try #require(result.status == 0, "\(result.stderrText)")
        let expected = Self.objdumpRows(result.stdoutText)
        let info = try Self.info(path)
        #expect(info.problems.isEmpty, "\(info.problems)")
        let table = try #require(info.lines?.table)
        let actual = table.rows.map { row in
            ((table.files[row.file].name as NSString).lastPathComponent, row.endSequence ? nil : row.line, row.address,
             !row.endSequence && row.isStatement)
        }
        try #require(expected.count > 10, "objdump printed too few rows to compare")
        #expect(actual.count == expected.count, "emu has \(actual.count) rows, objdump \(expected.count)")
        for (index, (mine, theirs)) in zip(actual, expected).enumerated() {
            #expect(mine.0 == theirs.file && mine.1 == theirs.line && mine.2 == theirs.address && mine.3 == theirs.statement,
                    "row \(index): emu \(mine), objdump \(theirs)")
        }
    }

    @Test(.enabled(if: Oracle.available("readelf") && Oracle.available("nm")), arguments: programs)
    func functionsMatchReadelfAndNm(path: String) throws {
        guard let readelf = try Oracle.require("readelf"), let nm = try Oracle.require("nm") else { return }
        let dump = try ProcessRunner.run(readelf, ["--debug-dump=info", path]).stdoutText
        // (name, low_pc, high_pc length) of each DW_TAG_subprogram with code.
        var expected: [String: (low: UInt32, length: UInt32)] = [:]
        for block in dump.components(separatedBy: "DW_TAG_").dropFirst() where block.hasPrefix("subprogram") {
            var name: String?, low: UInt32?, length: UInt32?
            for line in block.split(separator: "\n").prefix(12) {
                let text = String(line)
                guard let colon = text.range(of: ": ") else { continue }
                let value = text[colon.upperBound...].trimmingCharacters(in: .whitespaces)
                if text.contains("DW_AT_name") { name = String(value.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces) }
                if text.contains("DW_AT_low_pc") { low = UInt32(value.dropFirst(2), radix: 16) }
                if text.contains("DW_AT_high_pc") { length = UInt32(value.dropFirst(2), radix: 16) }
            }
            if let name, let low, let length { expected[name] = (low, length) }
        }
        let info = try Self.info(path)
        try #require(!expected.isEmpty)
        #expect(Set(info.functions.map(\.name)) == Set(expected.keys))
        for function in info.functions {
            let other = try #require(expected[function.name])
            #expect(function.lowPC == other.low && function.highPC == other.low + other.length, "\(function.name)")
        }
        // nm: the same names at the same addresses, sizes equal to the DWARF ranges.
        let symbols = try ProcessRunner.run(nm, ["-S", path]).stdoutText.split(separator: "\n").map { $0.split(separator: " ") }
        for function in info.functions {
            let symbol = try #require(symbols.first { $0.count == 4 && $0[3] == function.name }, "\(function.name) not in nm")
            #expect(UInt32(symbol[0], radix: 16) == function.lowPC)
            #expect(UInt32(symbol[1], radix: 16) == function.highPC - function.lowPC)
        }
    }

    @Test(.enabled(if: Oracle.available("readelf")), arguments: programs)
    func callFrameRulesMatchReadelf(path: String) throws {
        guard let readelf = try Oracle.require("readelf") else { return }
        let text = try ProcessRunner.run(readelf, ["--debug-dump=frames-interp", path]).stdoutText
        let info = try Self.info(path)
        let frames = try #require(info.callFrames)
        var columns: [String] = []
        var inFDE = false
        var checked = 0
        for line in text.split(separator: "\n").map(String.init) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.contains(" FDE ") { inFDE = true; continue }
            if line.contains(" CIE") || line.contains("ZERO terminator") { inFDE = false; continue }
            if fields.first == "LOC" { columns = fields; continue }
            guard inFDE, fields.count >= 2, let location = UInt32(fields[0], radix: 16), fields[0].count == 8 else { continue }
            let rules = try #require(try frames.rules(at: location), "no rules at \(fields[0])")
            let cfa = "\(abiRegisterNames[rules.cfaRegister])+\(rules.cfaOffset)"
            #expect(cfa == fields[1], "\(fields[0]): CFA emu \(cfa), readelf \(fields[1])")
            // The register columns: c-N is "saved at CFA-N"; u (or a blank) is not saved.
            let cells = Array(line.dropFirst(18))
            for (column, name) in columns.dropFirst(2).enumerated() {
                guard let register = abiRegisterNames.firstIndex(of: name) else { continue }
                let start = column * 6, cell = start < cells.count ? String(cells[start..<min(start + 6, cells.count)]).trimmingCharacters(in: .whitespaces) : ""
                let mine: String
                switch rules.registers[register] {
                case .offset(let offset)?: mine = "c\(offset)"
                case nil, .undefined?: mine = "u"
                default: mine = "other"
                }
                #expect(mine == (cell.isEmpty ? "u" : cell), "\(fields[0]) \(name): emu \(mine), readelf '\(cell)'")
            }
            checked += 1
        }
        #expect(checked > 5, "readelf printed too few rows to compare")
    }
}
