import Decoder
import Emu
import Foundation
import Testing
import TestSupport

/// emu's own conformance tests (programs/conformance, built into programs/bin/conformance):
/// each runs bare-metal in-process and must report PASS through `tohost`. The runner itself
/// is checked on synthetic programs: a failure number, a budget overrun and a signature.
@Suite struct ConformanceSuiteTests {
    static let binaries: [String] = {
        let folder = Paths.programs + "/bin/conformance"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().map { folder + "/" + $0 }
    }()

    @Test func suiteIsPresent() {
        #expect(Self.binaries.count >= 7, "programs/bin/conformance is missing (make -C programs conformance)")
    }

    @Test(arguments: binaries)
    func passes(_ path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let runner = try BareMetalRunner(elf: try ELFFile(bytes: bytes))
        let outcome = runner.run()
        #expect(outcome == .passed, "\(path): \(outcome) after \(runner.retired) instructions")
    }

    // MARK: - The runner on synthetic programs

    static let base: UInt32 = 0x8000_0000
    static let tohost: UInt32 = 0x8000_1000

    /// A program at `base` that runs `body` (then loops forever), with `tohost` on the
    /// next page and a two-word signature region after it.
    static func program(_ body: [Instruction]) throws -> ELFFile {
        var code: [UInt8] = []
        for instruction in body + [Instruction(.jal, imm: 0)] {
            let word = try #require(encode(instruction))
            code += (0..<4).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
        }
        let writer = ELFWriter(
            entry: base,
            segments: [
                .init(vaddr: base, bytes: code, permissions: [.read, .execute]),
                .init(vaddr: tohost, bytes: [UInt8](repeating: 0, count: 24), permissions: [.read, .write]),
            ],
            symbols: [
                .init(name: "tohost", value: tohost, size: 8, kind: .object),
                .init(name: "begin_signature", value: tohost + 16),
                .init(name: "end_signature", value: tohost + 24),
            ])
        return try ELFFile(bytes: writer.write())
    }

    /// `lui t0, tohost; li t1, value; sw t1, 0(t0)`.
    static func report(_ value: Int32) -> [Instruction] {
        [
            Instruction(.lui, rd: 5, imm: Int32(bitPattern: tohost)),
            Instruction(.addi, rd: 6, imm: value),
            Instruction(.sw, rs1: 5, rs2: 6, imm: 0),
        ]
    }

    @Test func oddValueIsAFailureWithItsTestNumber() throws {
        let runner = try BareMetalRunner(elf: try Self.program(Self.report(7 << 1 | 1)))
        #expect(runner.run() == .failed(testNumber: 7))
        #expect(runner.retired == 3)
    }

    @Test func oneIsAPass() throws {
        let runner = try BareMetalRunner(elf: try Self.program(Self.report(1)))
        #expect(runner.run() == .passed)
    }

    @Test func noTohostWriteExhaustsTheBudget() throws {
        var configuration = BareMetalConfiguration()
        configuration.maxInstructions = 500
        let runner = try BareMetalRunner(elf: try Self.program([]), configuration: configuration)
        #expect(runner.run() == .budgetExhausted)
        #expect(runner.retired == 500)
    }

    /// A loop that rewrites minstret to 0 every iteration must still hit the budget.
    @Test func rewritingMinstretCannotEscapeTheBudget() throws {
        var configuration = BareMetalConfiguration()
        configuration.maxInstructions = 1000
        let loop = [Instruction(.csrrw, rd: 0, rs1: 0, imm: 0xB02), Instruction(.jal, imm: -4)]
        let runner = try BareMetalRunner(elf: try Self.program(loop), configuration: configuration)
        #expect(runner.run() == .budgetExhausted)
        #expect(runner.retired == 1000)
    }

    @Test func signatureIsWrittenAsHexWords() throws {
        let body =
            [
                Instruction(.lui, rd: 5, imm: Int32(bitPattern: Self.tohost)),
                Instruction(.addi, rd: 6, imm: -2),
                Instruction(.sw, rs1: 5, rs2: 6, imm: 16),
                Instruction(.addi, rd: 6, imm: 0x12),
                Instruction(.sw, rs1: 5, rs2: 6, imm: 20),
            ] + Self.report(3)
        let runner = try BareMetalRunner(elf: try Self.program(body))
        #expect(runner.run() == .failed(testNumber: 1))
        #expect(runner.signatureText() == "fffffffe\n00000012\n")
    }

    @Test func binaryWithoutTohostIsRefused() throws {
        let writer = ELFWriter(entry: Self.base, segments: [.init(vaddr: Self.base, bytes: [0x6f, 0, 0, 0], permissions: [.read, .execute])])
        #expect(throws: BareMetalError.noTohost) { try BareMetalRunner(elf: try ELFFile(bytes: writer.write())) }
    }
}
