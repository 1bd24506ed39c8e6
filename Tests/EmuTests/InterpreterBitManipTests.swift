import Decoder
import Foundation
import Testing
import TestSupport

@testable import Emu

/// The Zba/Zbb/Zbc/Zbs instructions in the interpreter: values written from the spec's
/// definitions (the "B" chapter), the threaded handlers against the generic executor,
/// `--isa` restriction, and random programs against qemu-riscv32.
@Suite struct InterpreterBitManipTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var opcode: Opcode
        var a: UInt32
        var b: UInt32  // rs2, or the immediate of the shift-immediate forms
        var expected: UInt32
        var testDescription: String { "\(opcode.mnemonic) 0x\(String(a, radix: 16)), 0x\(String(b, radix: 16))" }
    }

    static let immediateForms: Set<Opcode> = [.rori, .bseti, .bclri, .binvi, .bexti]
    static let unaryForms: Set<Opcode> = [.clz, .ctz, .cpop, .sextB, .sextH, .zextH, .orcB, .rev8]

    /// Expected values worked out by hand from the spec's pseudocode.
    static let cases: [Case] = [
        Case(opcode: .sh1add, a: 0x8000_0001, b: 5, expected: 7),  // the shifted-out bit is lost
        Case(opcode: .sh2add, a: 0x4000_0003, b: 0xffff_fff4, expected: 0),
        Case(opcode: .sh3add, a: 3, b: 1, expected: 25),
        Case(opcode: .andn, a: 0xff00_ff00, b: 0x0ff0_0ff0, expected: 0xf000_f000),
        Case(opcode: .orn, a: 0x0000_00f0, b: 0xffff_ff0f, expected: 0x0000_00f0),
        Case(opcode: .xnor, a: 0x1234_5678, b: 0x1234_5678, expected: 0xffff_ffff),
        Case(opcode: .clz, a: 0, b: 0, expected: 32),
        Case(opcode: .clz, a: 0x0001_0000, b: 0, expected: 15),
        Case(opcode: .clz, a: 0x8000_0000, b: 0, expected: 0),
        Case(opcode: .ctz, a: 0, b: 0, expected: 32),
        Case(opcode: .ctz, a: 0x0001_0000, b: 0, expected: 16),
        Case(opcode: .cpop, a: 0xf0f0_0001, b: 0, expected: 9),
        Case(opcode: .cpop, a: 0xffff_ffff, b: 0, expected: 32),
        Case(opcode: .max, a: 0xffff_ffff, b: 1, expected: 1),  // -1 < 1 signed
        Case(opcode: .maxu, a: 0xffff_ffff, b: 1, expected: 0xffff_ffff),
        Case(opcode: .min, a: 0x8000_0000, b: 0x7fff_ffff, expected: 0x8000_0000),
        Case(opcode: .minu, a: 0x8000_0000, b: 0x7fff_ffff, expected: 0x7fff_ffff),
        Case(opcode: .sextB, a: 0x1234_5680, b: 0, expected: 0xffff_ff80),
        Case(opcode: .sextB, a: 0xffff_ff7f, b: 0, expected: 0x7f),
        Case(opcode: .sextH, a: 0x0000_8001, b: 0, expected: 0xffff_8001),
        Case(opcode: .zextH, a: 0xdead_beef, b: 0, expected: 0xbeef),
        Case(opcode: .rol, a: 0x8000_0001, b: 1, expected: 3),
        Case(opcode: .rol, a: 0x1234_5678, b: 32 + 8, expected: 0x3456_7812),  // amount mod 32
        Case(opcode: .rol, a: 0x1234_5678, b: 0, expected: 0x1234_5678),
        Case(opcode: .ror, a: 0x0000_0003, b: 1, expected: 0x8000_0001),
        Case(opcode: .rori, a: 0x1234_5678, b: 4, expected: 0x8123_4567),
        Case(opcode: .rori, a: 0x1234_5678, b: 0, expected: 0x1234_5678),
        Case(opcode: .orcB, a: 0x0100_8000, b: 0, expected: 0xff00_ff00),
        Case(opcode: .orcB, a: 0, b: 0, expected: 0),
        Case(opcode: .rev8, a: 0x1234_5678, b: 0, expected: 0x7856_3412),
        // clmul: 0b11 x 0b11 = 0b101 (carry-less); 0xffffffff x 0xffffffff = 0x5555...5 over 63 bits
        Case(opcode: .clmul, a: 3, b: 3, expected: 5),
        Case(opcode: .clmul, a: 0xffff_ffff, b: 0xffff_ffff, expected: 0x5555_5555),
        Case(opcode: .clmulh, a: 0xffff_ffff, b: 0xffff_ffff, expected: 0x5555_5555),
        Case(opcode: .clmulh, a: 0x8000_0000, b: 2, expected: 1),
        Case(opcode: .clmulr, a: 0x8000_0000, b: 2, expected: 2),  // bits 62:31 of 2^32
        Case(opcode: .clmulr, a: 0xffff_ffff, b: 0xffff_ffff, expected: 0xaaaa_aaaa),  // product bits: the even ones, 0...62
        Case(opcode: .bset, a: 0, b: 31, expected: 0x8000_0000),
        Case(opcode: .bset, a: 0, b: 33, expected: 2),  // index mod 32
        Case(opcode: .bclr, a: 0xffff_ffff, b: 4, expected: 0xffff_ffef),
        Case(opcode: .binv, a: 0x10, b: 4, expected: 0),
        Case(opcode: .bext, a: 0x8000_0000, b: 31, expected: 1),
        Case(opcode: .bext, a: 0x8000_0000, b: 30, expected: 0),
        Case(opcode: .bseti, a: 1, b: 3, expected: 9),
        Case(opcode: .bclri, a: 0xffff_ffff, b: 31, expected: 0x7fff_ffff),
        Case(opcode: .binvi, a: 0, b: 0, expected: 1),
        Case(opcode: .bexti, a: 0x40, b: 6, expected: 1),
    ]

    static func instruction(_ c: Case, rd: UInt8 = 12) -> Instruction {
        if immediateForms.contains(c.opcode) { return Instruction(c.opcode, rd: rd, rs1: 10, imm: Int32(c.b)) }
        if unaryForms.contains(c.opcode) { return Instruction(c.opcode, rd: rd, rs1: 10) }
        return Instruction(c.opcode, rd: rd, rs1: 10, rs2: 11)
    }

    @Test(arguments: cases)
    func valueFromTheSpec(_ c: Case) throws {
        for executor in ["threaded", "generic"] {
            let guest = try TestGuest([Self.instruction(c), ecall])
            guest.set(10, c.a)
            guest.set(11, c.b)
            if executor == "threaded" {
                guest.runToEcall()
            } else {
                _ = InterpreterDifferentialTests.runSlow(guest, limit: 2)
            }
            #expect(guest[12] == c.expected, "\(executor): got 0x\(String(guest[12], radix: 16))")
        }
    }

    @Test func everyBitManipOpcodeHasACase() {
        let covered = Set(Self.cases.map(\.opcode))
        for op in Opcode.allCases where op.bitManipExtension != nil { #expect(covered.contains(op), "\(op)") }
    }

    /// rd = x0 discards the result, as for every ALU instruction.
    @Test func writeToX0IsDiscarded() throws {
        let guest = try TestGuest([Instruction(.cpop, rd: 0, rs1: 10), Instruction(.sh3add, rd: 0, rs1: 10, rs2: 10), ecall])
        guest.set(10, 0xffff)
        guest.runToEcall()
        #expect(guest[0] == 0)
        #expect(guest.hart.instret == 2)
    }

    /// Without the extension the instruction is an illegal-instruction trap with the raw bits
    /// as the value, exactly as a word no extension defines, and nothing is written.
    @Test(arguments: [
        (Opcode.sh2add, ISASet(zba: false)), (.cpop, ISASet(zbb: false)), (.rev8, ISASet(zbb: false)),
        (.clmulh, ISASet(zbc: false)), (.bexti, ISASet(zbs: false)), (.andn, ISASet(parsing: "rv32imac")!),
    ])
    func illegalWithoutTheExtension(_ op: Opcode, _ isa: ISASet) throws {
        let c = try #require(Self.cases.first { $0.opcode == op })
        let inst = Self.instruction(c)
        let raw = try #require(encode(inst))
        for executor in ["threaded", "generic"] {
            let guest = try TestGuest([inst, ecall], isa: isa)
            guest.set(10, c.a)
            guest.set(11, c.b)
            let stop = executor == "threaded" ? Interpreter.run(guest.machine, budget: 10)
                : InterpreterDifferentialTests.runSlow(guest, limit: 1)
            #expect(stop == .trap(Trap(.illegalInstruction, value: raw, pc: TestGuest.codeBase)), "\(executor)")
            #expect(guest[12] == 0)
            #expect(guest.hart.instret == 0)
        }
        // The same shape as an undefined word (here a reserved OP funct7).
        let undefined: UInt32 = 0x7e00_0033
        #expect(decode(undefined).opcode == .illegal)
        let guest = try TestGuest([.word(undefined), .full(ecall)], isa: isa)
        #expect(Interpreter.run(guest.machine, budget: 10) == .trap(Trap(.illegalInstruction, value: undefined, pc: TestGuest.codeBase)))
    }

    /// Random straight-line Zb* code over random registers: the threaded handlers and the
    /// generic executor end with the same register file.
    @Test func threadedMatchesGeneric() throws {
        let opcodes = Opcode.allCases.filter { $0.bitManipExtension != nil }
        for seed in UInt64(0)..<100 {
            var random = SplitMix64(seed: seed)
            var program: [Instruction] = []
            for _ in 0..<60 {
                let op = opcodes[random.below(opcodes.count)]
                let rd = UInt8(random.below(32)), rs1 = UInt8(random.below(32)), rs2 = UInt8(random.below(32))
                if Self.immediateForms.contains(op) {
                    program.append(Instruction(op, rd: rd, rs1: rs1, imm: Int32(random.below(32))))
                } else if Self.unaryForms.contains(op) {
                    program.append(Instruction(op, rd: rd, rs1: rs1))
                } else {
                    program.append(Instruction(op, rd: rd, rs1: rs1, rs2: rs2))
                }
            }
            program.append(ecall)
            let fast = try TestGuest(program), slow = try TestGuest(program)
            for guest in [fast, slow] { InterpreterDifferentialTests.prepare(guest, seed: seed) }
            let fastStop = Interpreter.run(fast.machine, budget: 1000)
            let slowStop = InterpreterDifferentialTests.runSlow(slow, limit: 1000)
            #expect(fastStop == slowStop, "seed \(seed)")
            #expect(fast.hart.registerFile == slow.hart.registerFile, "seed \(seed)")
            #expect(fast.hart.instret == 60 && slow.hart.instret == 60, "seed \(seed)")
        }
    }

    /// Random programs with Zb* items under emu and qemu-riscv32 (whose default CPU has
    /// Zba, Zbb, Zbc and Zbs): the same registers, memory and exit.
    @Test(.enabled(if: Oracle.available("qemu-riscv32")), arguments: 0..<2)
    func emuMatchesQemu(batch: UInt64) throws {
        guard let qemu = try Oracle.require("qemu-riscv32") else { return }
        let programs = try QemuDifferentialTests.compare(
            qemu, ProgramGenerator(options: .init(bitManip: true)), seeds: (batch * 150)..<(batch * 150 + 150),
            name: "emu-bitmanip-diff-\(batch)", rerun: "emu fuzz --bitmanip")
        let bitManipInstructions = programs.flatMap(\.items).flatMap(\.instructions)
            .filter { $0.opcode.bitManipExtension != nil }.count
        #expect(bitManipInstructions > 1000)
    }
}
