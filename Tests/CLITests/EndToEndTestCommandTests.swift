import Decoder
import Emu
import Foundation
import Testing
import TestSupport

/// `emu test` on synthetic bare-metal binaries, one per outcome: its text lines, and its
/// JSON and JUnit reports compared with golden text written from the formats' specs
/// (RFC 8259 for JSON; the JUnit XML schema's testsuites/testsuite/testcase/failure/error
/// elements). Times vary, so they are replaced by "T" before the comparison.
@Suite struct EndToEndTestCommandTests {
    static let base: UInt32 = 0x8000_0000
    static let tohost: UInt32 = 0x8000_1000

    /// Writes a binary running `body` at `base` (then looping), with `tohost` on the next page.
    static func binary(_ body: [Instruction], in directory: String, name: String) throws -> String {
        var code: [UInt8] = []
        for instruction in body + [Instruction(.jal, imm: 0)] {
            let word = try #require(encode(instruction))
            code += (0..<4).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
        }
        let writer = ELFWriter(
            entry: base,
            segments: [
                .init(vaddr: base, bytes: code, permissions: [.read, .execute]),
                .init(vaddr: tohost, bytes: [UInt8](repeating: 0, count: 8), permissions: [.read, .write]),
            ],
            symbols: [.init(name: "tohost", value: tohost, size: 8, kind: .object)])
        let path = directory + "/" + name
        try Data(writer.write()).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `lui t0, tohost; li t1, value; sw t1, 0(t0)`.
    static func report(_ value: Int32) -> [Instruction] {
        [
            Instruction(.lui, rd: 5, imm: Int32(bitPattern: tohost)),
            Instruction(.addi, rd: 6, imm: value),
            Instruction(.sw, rs1: 5, rs2: 6, imm: 0),
        ]
    }

    /// One binary per outcome, in a fresh directory.
    static func suite() throws -> (directory: String, paths: [String]) {
        let directory = try ReferenceRun.temporaryDirectory()
        // The unexpected trap: mtvec = the instruction after the ecall at base + 8, whose
        // handler reports TESTNUM 5 the riscv-tests way (5 | 1337 = 1341).
        let trap = [
            Instruction(.auipc, rd: 7, imm: 0),
            Instruction(.addi, rd: 7, rs1: 7, imm: 16),
            Instruction(.csrrw, rd: 0, rs1: 7, imm: 0x305),
            Instruction(.ecall),
        ] + report(5 | 1337)
        let paths = [
            try binary(report(1), in: directory, name: "pass"),
            try binary(report(7 << 1 | 1), in: directory, name: "fail7"),
            try binary(trap, in: directory, name: "trap"),
            try binary([], in: directory, name: "loop"),
            directory + "/missing",
        ]
        return (directory, paths)
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Replaces every time figure with T.
    static func timesHidden(_ text: String) -> String {
        text.replacingOccurrences(of: #"("seconds": |time=")[0-9.]+"#, with: "$1T", options: .regularExpression)
    }

    @Test func textLinesDecodeEveryOutcome() throws {
        let (directory, paths) = try Self.suite()
        let emu = try EmuBinary.run(["test", "--max-insns", "1000"] + paths)
        #expect(emu.status == 1)
        let d = directory
        #expect(Self.text(emu.stdout) == """
            \(d)/pass     PASS  3 instructions
            \(d)/fail7    FAIL  test 7 (tohost 0x0000000f)  3 instructions
            \(d)/trap     FAIL  unexpected trap: mcause 0x0000000b (environment call from M-mode), mepc 0x8000000c, mtval 0x00000000  6 instructions
            \(d)/loop     FAIL  no tohost write within 1000 instructions (--max-insns)  1000 instructions
            \(d)/missing  ERROR  cannot run: emu: \(d)/missing: No such file or directory (check the program path)
            1 passed, 4 failed

            """)
    }

    @Test func jsonReportMatchesTheGoldenText() throws {
        let (directory, paths) = try Self.suite()
        let emu = try EmuBinary.run(["test", "--json", "--max-insns", "1000"] + paths)
        #expect(emu.status == 1)
        let d = directory
        let golden = """
            {
              "results": [
                {"path": "\(d)/pass", "status": "pass", "reason": "pass", "instructions": 3, "seconds": T},
                {"path": "\(d)/fail7", "status": "fail", "reason": "fail", "instructions": 3, "tohost": 15, "test": 7, "message": "test 7 (tohost 0x0000000f)", "seconds": T},
                {"path": "\(d)/trap", "status": "fail", "reason": "unexpected-trap", "instructions": 6, "tohost": 1341, "mcause": 11, "mcauseName": "environment call from M-mode", "mepc": 2147483660, "mtval": 0, "message": "unexpected trap: mcause 0x0000000b (environment call from M-mode), mepc 0x8000000c, mtval 0x00000000", "seconds": T},
                {"path": "\(d)/loop", "status": "fail", "reason": "budget", "instructions": 1000, "message": "no tohost write within 1000 instructions (--max-insns)", "seconds": T},
                {"path": "\(d)/missing", "status": "error", "reason": "error", "message": "cannot run: emu: \(d)/missing: No such file or directory (check the program path)", "seconds": T}
              ],
              "passed": 1,
              "failed": 4
            }

            """
        #expect(Self.timesHidden(Self.text(emu.stdout)) == golden)
        // And it is JSON a standard parser accepts, with the counts where they belong.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(emu.stdout)) as? [String: Any])
        #expect(object["passed"] as? Int == 1)
        #expect((object["results"] as? [Any])?.count == 5)
    }

    @Test func junitReportMatchesTheGoldenText() throws {
        let (directory, paths) = try Self.suite()
        let report = directory + "/report.xml"
        let emu = try EmuBinary.run(["test", "--junit", report, "--max-insns", "1000"] + paths)
        #expect(emu.status == 1)
        let d = directory
        let golden = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites tests="5" failures="3" errors="1" time="T">
              <testsuite name="emu test" tests="5" failures="3" errors="1" skipped="0" time="T">
                <testcase name="\(d)/pass" classname="emu.test" time="T"/>
                <testcase name="\(d)/fail7" classname="emu.test" time="T">
                  <failure message="test 7 (tohost 0x0000000f)" type="fail"/>
                </testcase>
                <testcase name="\(d)/trap" classname="emu.test" time="T">
                  <failure message="unexpected trap: mcause 0x0000000b (environment call from M-mode), mepc 0x8000000c, mtval 0x00000000" type="unexpected-trap"/>
                </testcase>
                <testcase name="\(d)/loop" classname="emu.test" time="T">
                  <failure message="no tohost write within 1000 instructions (--max-insns)" type="budget"/>
                </testcase>
                <testcase name="\(d)/missing" classname="emu.test" time="T">
                  <error message="cannot run: emu: \(d)/missing: No such file or directory (check the program path)" type="error"/>
                </testcase>
              </testsuite>
            </testsuites>

            """
        let xml = try String(contentsOfFile: report, encoding: .utf8)
        #expect(Self.timesHidden(xml) == golden)
    }

    @Test func xmlAndJSONEscapeSpecialCharacters() throws {
        let directory = try ReferenceRun.temporaryDirectory()
        let path = try Self.binary(Self.report(3), in: directory, name: "a&b<\"c\">'")
        let report = directory + "/report.xml"
        let emu = try EmuBinary.run(["test", "--json", "--junit", report, path])
        let json = Self.text(emu.stdout)
        #expect(json.contains(#""path": "\#(directory)/a&b<\"c\">'""#))
        let xml = try String(contentsOfFile: report, encoding: .utf8)
        #expect(xml.contains(#"name="\#(directory)/a&amp;b&lt;&quot;c&quot;&gt;&apos;""#))
    }

    @Test func wallClockTimeoutEndsALoopingTest() throws {
        let (_, paths) = try Self.suite()
        let start = Date()
        let emu = try EmuBinary.run(["test", "--timeout", "0.3", "--max-insns", "1000000000000", paths[3]])
        #expect(emu.status == 1)
        #expect(Self.text(emu.stdout).contains("FAIL  no tohost write within the time limit (--timeout)"))
        #expect(Date().timeIntervalSince(start) < 30)
    }
}
