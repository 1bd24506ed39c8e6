import Foundation
import Testing
import TestSupport

@testable import Emu

/// The DWARF reader on truncated and garbled debug sections: it must never trap (a trap
/// would end the test process), and a section it cannot read is reported, not trusted.
@Suite("DWARF malformed input")
struct DWARFMalformedTests {
    static let programs = ["inventory-gcc", "inventory-musl"].map { Paths.programs + "/bin/dwarf/" + $0 }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// Every prefix of each debug section (the section cut short, the rest of the file
    /// intact), through the section parsers directly.
    @Test(arguments: programs)
    func everyTruncationOfEachSectionIsSafe(path: String) throws {
        let sections = ELFSectionReader(bytes: try Self.bytes(path))
        let line = try #require(sections.section(".debug_line")).bytes
        let lineStrings = sections.section(".debug_line_str")?.bytes ?? []
        let strings = sections.section(".debug_str")?.bytes ?? []
        var failures = 0
        for length in 0..<line.count {
            do { _ = try DWARFLineTable(section: Array(line[..<length]), lineStrings: lineStrings, strings: strings) } catch {
                failures += 1
            }
        }
        // A cut inside a unit is an error (a cut between units is a shorter valid table).
        #expect(failures > line.count / 2)
        var info = DWARFInfo.Sections()
        info.info = try #require(sections.section(".debug_info")).bytes
        info.abbrev = try #require(sections.section(".debug_abbrev")).bytes
        info.str = strings
        info.lineStr = lineStrings
        for length in stride(from: 0, through: info.info.count, by: 1) {
            var cut = info
            cut.info = Array(info.info[..<length])
            _ = try? DWARFInfo(sections: cut)
        }
        for length in 0..<info.abbrev.count {
            var cut = info
            cut.abbrev = Array(info.abbrev[..<length])
            _ = try? DWARFInfo(sections: cut)
        }
        let frames = sections.section(".debug_frame") ?? sections.section(".eh_frame")
        let frameBytes = try #require(frames).bytes
        for length in 0..<frameBytes.count {
            let parsed = try? DWARFCallFrames(section: Array(frameBytes[..<length]), isEHFrame: frames?.name == ".eh_frame")
            _ = try? parsed?.rules(at: 0x10100)
        }
    }

    /// Random byte changes inside the debug sections of the whole file, through everything
    /// the debugger does with the result (`DWARFFuzz`, the fuzz target's harness).
    @Test(arguments: programs)
    func garbledSectionsAreSafe(path: String) throws {
        let original = try Self.bytes(path)
        // The debug sections lie after the loaded segments: garble only the file's second half.
        var generator = SplitMix(seed: 0x5EED_D3A4F)
        for round in 0..<400 {
            var bytes = original
            for _ in 0..<(1 + round % 8) {
                let index = bytes.count / 3 + Int(generator.next() % UInt64(bytes.count - bytes.count / 3))
                bytes[index] = round % 3 == 0 ? 0xFF : UInt8(truncatingIfNeeded: generator.next())
            }
            let failures = DWARFFuzz.run(bytes)
            #expect(failures.isEmpty, "round \(round): \(failures)")
        }
    }

    @Test(arguments: programs)
    func intactProgramsGiveNoProblems(path: String) throws {
        let info = SourceDebugInfo(elfBytes: try Self.bytes(path))
        #expect(info.problems.isEmpty, "\(info.problems)")
        #expect(DWARFFuzz.run(try Self.bytes(path)).isEmpty)
        #expect(info.callFrames != nil && info.hasLines && !info.functions.isEmpty && !info.globals.isEmpty)
    }

    @Test func notAnELFHasNoDebugInformation() {
        for bytes in [[], [0x7F, 0x45, 0x4C, 0x46], [UInt8](repeating: 0xFF, count: 100)] {
            let info = SourceDebugInfo(elfBytes: bytes)
            #expect(!info.hasLines && info.functions.isEmpty && info.problems.isEmpty)
        }
    }

    @Test func expressionsRejectGarbage() throws {
        let context = DWARFExpression.Context(register: { _ in 0 })
        #expect(throws: DWARFExpression.Failure.malformed) { try DWARFExpression.evaluate([0x91], context: context) }
        #expect(throws: DWARFExpression.Failure.malformed) { try DWARFExpression.evaluate([0x22], context: context) }
        #expect(throws: DWARFExpression.Failure.unsupported(opcode: 0xE0)) { try DWARFExpression.evaluate([0xE0], context: context) }
        #expect(try DWARFExpression.evaluate([0x03, 0x78, 0x14, 0x01, 0x00], context: context) == .memory(0x11478))
    }
}

/// A small deterministic generator (SplitMix64) for the garbling rounds.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
