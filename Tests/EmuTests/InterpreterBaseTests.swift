import Decoder
import Testing

@testable import Emu

/// RV32I semantics, one instruction (or a few) at a time, with the corner cases.
@Suite struct InterpreterBaseTests {
    /// Runs `inst` with a0 = `a`, a1 = `b` and returns a2.
    func result(_ inst: Instruction, a: UInt32, b: UInt32 = 0) throws -> UInt32 {
        let guest = try TestGuest([inst, ecall])
        guest.set(10, a)
        guest.set(11, b)
        guest.runToEcall()
        return guest[12]
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let inst: Instruction
        let a: UInt32
        let b: UInt32
        let expected: UInt32
        var testDescription: String { "\(inst.opcode) a=\(String(a, radix: 16)) b=\(String(b, radix: 16))" }
    }

    static let aluCases: [Case] = [
        // add a2, a0, a1 (wraps)
        Case(inst: Instruction(.add, rd: 12, rs1: 10, rs2: 11), a: 0xFFFF_FFFF, b: 2, expected: 1),
        // sub a2, a0, a1 (wraps)
        Case(inst: Instruction(.sub, rd: 12, rs1: 10, rs2: 11), a: 0, b: 1, expected: 0xFFFF_FFFF),
        // sll a2, a0, a1: only the low 5 bits of a1 count (33 -> 1)
        Case(inst: Instruction(.sll, rd: 12, rs1: 10, rs2: 11), a: 1, b: 33, expected: 2),
        // sll a2, a0, a1: 0xFFFFFFE0 shifts by 0
        Case(inst: Instruction(.sll, rd: 12, rs1: 10, rs2: 11), a: 5, b: 0xFFFF_FFE0, expected: 5),
        // srl a2, a0, a1: logical, low 5 bits (63 -> 31)
        Case(inst: Instruction(.srl, rd: 12, rs1: 10, rs2: 11), a: 0x8000_0000, b: 63, expected: 1),
        // sra a2, a0, a1: arithmetic, low 5 bits (36 -> 4)
        Case(inst: Instruction(.sra, rd: 12, rs1: 10, rs2: 11), a: 0x8000_0000, b: 36, expected: 0xF800_0000),
        // sra a2, a0, a1 of a positive value
        Case(inst: Instruction(.sra, rd: 12, rs1: 10, rs2: 11), a: 0x7000_0000, b: 4, expected: 0x0700_0000),
        // slt a2, a0, a1: -1 < 1 signed
        Case(inst: Instruction(.slt, rd: 12, rs1: 10, rs2: 11), a: 0xFFFF_FFFF, b: 1, expected: 1),
        // sltu a2, a0, a1: 0xFFFFFFFF > 1 unsigned
        Case(inst: Instruction(.sltu, rd: 12, rs1: 10, rs2: 11), a: 0xFFFF_FFFF, b: 1, expected: 0),
        // slt a2, a0, a1: INT_MIN < INT_MAX
        Case(inst: Instruction(.slt, rd: 12, rs1: 10, rs2: 11), a: 0x8000_0000, b: 0x7FFF_FFFF, expected: 1),
        // sltu a2, a0, a1: 0x80000000 > 0x7FFFFFFF unsigned
        Case(inst: Instruction(.sltu, rd: 12, rs1: 10, rs2: 11), a: 0x8000_0000, b: 0x7FFF_FFFF, expected: 0),
        // slt a2, a0, a1: equal is not less
        Case(inst: Instruction(.slt, rd: 12, rs1: 10, rs2: 11), a: 7, b: 7, expected: 0),
        // xor/or/and a2, a0, a1
        Case(inst: Instruction(.xor, rd: 12, rs1: 10, rs2: 11), a: 0xF0F0_FF00, b: 0xFF00_F0F0, expected: 0x0FF0_0FF0),
        Case(inst: Instruction(.or, rd: 12, rs1: 10, rs2: 11), a: 0xF0F0_0000, b: 0x0000_0F0F, expected: 0xF0F0_0F0F),
        Case(inst: Instruction(.and, rd: 12, rs1: 10, rs2: 11), a: 0xF0F0_FFFF, b: 0xFF00_0F0F, expected: 0xF000_0F0F),
        // addi a2, a0, -2048 (the most negative immediate)
        Case(inst: Instruction(.addi, rd: 12, rs1: 10, imm: -2048), a: 0, b: 0, expected: 0xFFFF_F800),
        // addi a2, a0, 2047
        Case(inst: Instruction(.addi, rd: 12, rs1: 10, imm: 2047), a: 1, b: 0, expected: 2048),
        // slti a2, a0, -1: -2 < -1
        Case(inst: Instruction(.slti, rd: 12, rs1: 10, imm: -1), a: 0xFFFF_FFFE, b: 0, expected: 1),
        // sltiu a2, a0, -1: the immediate is sign-extended, then compared unsigned (0xFFFFFFFF)
        Case(inst: Instruction(.sltiu, rd: 12, rs1: 10, imm: -1), a: 0xFFFF_FFFE, b: 0, expected: 1),
        // sltiu a2, a0, 1 (seqz)
        Case(inst: Instruction(.sltiu, rd: 12, rs1: 10, imm: 1), a: 0, b: 0, expected: 1),
        // slti a2, a0, 1 with a0 = 0x80000000 (negative)
        Case(inst: Instruction(.slti, rd: 12, rs1: 10, imm: 1), a: 0x8000_0000, b: 0, expected: 1),
        // sltiu a2, a0, 1 with a0 = 0x80000000
        Case(inst: Instruction(.sltiu, rd: 12, rs1: 10, imm: 1), a: 0x8000_0000, b: 0, expected: 0),
        // xori a2, a0, -1 (not)
        Case(inst: Instruction(.xori, rd: 12, rs1: 10, imm: -1), a: 0x1234_5678, b: 0, expected: 0xEDCB_A987),
        // ori a2, a0, -2048
        Case(inst: Instruction(.ori, rd: 12, rs1: 10, imm: -2048), a: 1, b: 0, expected: 0xFFFF_F801),
        // andi a2, a0, 0x7ff
        Case(inst: Instruction(.andi, rd: 12, rs1: 10, imm: 0x7FF), a: 0xFFFF_FFFF, b: 0, expected: 0x7FF),
        // slli a2, a0, 31
        Case(inst: Instruction(.slli, rd: 12, rs1: 10, imm: 31), a: 3, b: 0, expected: 0x8000_0000),
        // srli a2, a0, 31
        Case(inst: Instruction(.srli, rd: 12, rs1: 10, imm: 31), a: 0x8000_0000, b: 0, expected: 1),
        // srai a2, a0, 31
        Case(inst: Instruction(.srai, rd: 12, rs1: 10, imm: 31), a: 0x8000_0000, b: 0, expected: 0xFFFF_FFFF),
        // srai a2, a0, 0
        Case(inst: Instruction(.srai, rd: 12, rs1: 10, imm: 0), a: 0x8000_0001, b: 0, expected: 0x8000_0001),
        // lui a2, 0xfffff
        Case(inst: Instruction(.lui, rd: 12, imm: Int32(bitPattern: 0xFFFF_F000)), a: 0, b: 0, expected: 0xFFFF_F000),
    ]

    @Test(arguments: aluCases)
    func alu(_ c: Case) throws {
        #expect(try result(c.inst, a: c.a, b: c.b) == c.expected)
    }

    @Test func auipcAddsPC() throws {
        // nop; auipc a0, 0x12345
        let guest = try TestGuest([Instruction(.addi), Instruction(.auipc, rd: 10, imm: 0x1234_5000), ecall])
        guest.runToEcall()
        #expect(guest[10] == TestGuest.codeBase + 4 + 0x1234_5000)
    }

    // MARK: - Loads and stores

    struct LoadCase: Sendable {
        let opcode: Opcode
        let expected: UInt32
    }

    /// Memory holds 0x80, 0xFF, 0x7F, 0x81 at dataBase: sign extension from bit 7/15.
    @Test(arguments: [
        LoadCase(opcode: .lb, expected: 0xFFFF_FF80),
        LoadCase(opcode: .lbu, expected: 0x80),
        LoadCase(opcode: .lh, expected: 0xFFFF_FF80),
        LoadCase(opcode: .lhu, expected: 0xFF80),
        LoadCase(opcode: .lw, expected: 0x817F_FF80),
    ])
    func loadsExtend(_ c: LoadCase) throws {
        // l? a2, 0(a0)
        let guest = try TestGuest([Instruction(c.opcode, rd: 12, rs1: 10), ecall])
        guest.memory.write([0x80, 0xFF, 0x7F, 0x81], at: TestGuest.dataBase)
        guest.set(10, TestGuest.dataBase)
        guest.runToEcall()
        #expect(guest[12] == c.expected)
    }

    @Test func loadWithNegativeOffset() throws {
        // lh a2, -2(a0): 0x7F, 0x81 -> 0xFFFF817F
        let guest = try TestGuest([Instruction(.lh, rd: 12, rs1: 10, imm: -2), ecall])
        guest.memory.write([0x80, 0xFF, 0x7F, 0x81], at: TestGuest.dataBase)
        guest.set(10, TestGuest.dataBase + 4)
        guest.runToEcall()
        #expect(guest[12] == 0xFFFF_817F)
    }

    @Test func storesWriteOnlyTheirWidth() throws {
        let guest = try TestGuest([
            // sb a1, 0(a0)
            Instruction(.sb, rs1: 10, rs2: 11),
            // sh a1, 4(a0)
            Instruction(.sh, rs1: 10, rs2: 11, imm: 4),
            // sw a1, 8(a0)
            Instruction(.sw, rs1: 10, rs2: 11, imm: 8),
            ecall,
        ])
        guest.memory.write([UInt8](repeating: 0xEE, count: 12), at: TestGuest.dataBase)
        guest.set(10, TestGuest.dataBase)
        guest.set(11, 0x1122_3344)
        guest.runToEcall()
        #expect(guest.word(at: TestGuest.dataBase) == 0xEEEE_EE44)
        #expect(guest.word(at: TestGuest.dataBase + 4) == 0xEEEE_3344)
        #expect(guest.word(at: TestGuest.dataBase + 8) == 0x1122_3344)
    }

    /// Misaligned data accesses complete, as on Linux (which emulates them).
    @Test func misalignedLoadsAndStores() throws {
        let guest = try TestGuest([
            // sw a1, 1(a0)
            Instruction(.sw, rs1: 10, rs2: 11, imm: 1),
            // sh a1, 7(a0)
            Instruction(.sh, rs1: 10, rs2: 11, imm: 7),
            // lw a2, 1(a0)
            Instruction(.lw, rd: 12, rs1: 10, imm: 1),
            // lh a3, 3(a0)
            Instruction(.lh, rd: 13, rs1: 10, imm: 3),
            // lhu a4, 7(a0)
            Instruction(.lhu, rd: 14, rs1: 10, imm: 7),
            ecall,
        ])
        guest.set(10, TestGuest.dataBase)
        guest.set(11, 0x8899_AABB)
        guest.runToEcall()
        #expect(guest.memory.read(TestGuest.dataBase, count: 9) == [0, 0xBB, 0xAA, 0x99, 0x88, 0, 0, 0xBB, 0xAA])
        #expect(guest[12] == 0x8899_AABB)
        #expect(guest[13] == 0xFFFF_8899)
        #expect(guest[14] == 0xAABB)
    }

    /// A misaligned word store that straddles a page boundary inside writable memory.
    @Test func misalignedStoreAcrossPages() throws {
        // sw a1, -2(a0)
        let guest = try TestGuest([Instruction(.sw, rs1: 10, rs2: 11, imm: -2), Instruction(.lw, rd: 12, rs1: 10, imm: -2), ecall])
        guest.set(10, TestGuest.dataBase + 0x1000)
        guest.set(11, 0xCAFE_BABE)
        guest.runToEcall()
        #expect(guest[12] == 0xCAFE_BABE)
    }

    // MARK: - Branches and jumps

    struct BranchCase: Sendable {
        let opcode: Opcode
        let a: UInt32
        let b: UInt32
        let taken: Bool
    }

    @Test(arguments: [
        BranchCase(opcode: .beq, a: 5, b: 5, taken: true),
        BranchCase(opcode: .beq, a: 5, b: 6, taken: false),
        BranchCase(opcode: .bne, a: 5, b: 6, taken: true),
        BranchCase(opcode: .bne, a: 5, b: 5, taken: false),
        BranchCase(opcode: .blt, a: 0xFFFF_FFFF, b: 0, taken: true),
        BranchCase(opcode: .bltu, a: 0xFFFF_FFFF, b: 0, taken: false),
        BranchCase(opcode: .bge, a: 0, b: 0xFFFF_FFFF, taken: true),
        BranchCase(opcode: .bgeu, a: 0, b: 0xFFFF_FFFF, taken: false),
        BranchCase(opcode: .bge, a: 3, b: 3, taken: true),
        BranchCase(opcode: .bgeu, a: 0x8000_0000, b: 0x7FFF_FFFF, taken: true),
        BranchCase(opcode: .blt, a: 0x8000_0000, b: 0x7FFF_FFFF, taken: true),
        BranchCase(opcode: .bltu, a: 0x8000_0000, b: 0x7FFF_FFFF, taken: false),
    ])
    func branch(_ c: BranchCase) throws {
        let guest = try TestGuest([
            // b?? a0, a1, +8
            Instruction(c.opcode, rs1: 10, rs2: 11, imm: 8),
            // addi a2, zero, 1 (skipped when taken)
            Instruction(.addi, rd: 12, imm: 1),
            // addi a3, zero, 1
            Instruction(.addi, rd: 13, imm: 1),
            ecall,
        ])
        guest.set(10, c.a)
        guest.set(11, c.b)
        guest.runToEcall()
        #expect(guest[12] == (c.taken ? 0 : 1))
        #expect(guest[13] == 1)
    }

    @Test func backwardBranchLoops() throws {
        let guest = try TestGuest([
            // addi a0, zero, 10
            Instruction(.addi, rd: 10, imm: 10),
            // loop: addi a1, a1, 3
            Instruction(.addi, rd: 11, rs1: 11, imm: 3),
            // addi a0, a0, -1
            Instruction(.addi, rd: 10, rs1: 10, imm: -1),
            // bnez a0, loop
            Instruction(.bne, rs1: 10, imm: -8),
            ecall,
        ])
        guest.runToEcall()
        #expect(guest[11] == 30)
        #expect(guest.hart.instret == 1 + 30)
    }

    @Test func jalLinksAndJumps() throws {
        let guest = try TestGuest([
            // jal ra, +8
            Instruction(.jal, rd: 1, imm: 8),
            // addi a0, zero, 1 (skipped)
            Instruction(.addi, rd: 10, imm: 1),
            ecall,
        ])
        guest.runToEcall()
        #expect(guest[1] == TestGuest.codeBase + 4)
        #expect(guest[10] == 0)
        #expect(guest.hart.pc == TestGuest.codeBase + 8)
    }

    /// §2.5.1: JALR clears bit 0 of the target, and reads rs1 before writing rd.
    @Test func jalrClearsBitZeroAndReadsBeforeWriting() throws {
        let guest = try TestGuest([
            // jalr a0, 1(a0): target = (a0 + 1) & ~1, a0 = link
            Instruction(.jalr, rd: 10, rs1: 10, imm: 1),
            // addi a1, zero, 1 (skipped)
            Instruction(.addi, rd: 11, imm: 1),
            ecall,
        ])
        guest.set(10, TestGuest.codeBase + 8)
        guest.runToEcall()
        #expect(guest.hart.pc == TestGuest.codeBase + 8)
        #expect(guest[10] == TestGuest.codeBase + 4)
        #expect(guest[11] == 0)
    }

    // MARK: - x0

    /// x0 reads as zero whatever is written to it, by every kind of instruction.
    @Test func x0StaysZero() throws {
        let guest = try TestGuest([
            // addi zero, zero, 5
            Instruction(.addi, rd: 0, imm: 5),
            // add zero, a0, a0
            Instruction(.add, rd: 0, rs1: 10, rs2: 10),
            // lw zero, 0(a1)
            Instruction(.lw, rd: 0, rs1: 11),
            // lui zero, 0x12345
            Instruction(.lui, rd: 0, imm: 0x1234_5000),
            // auipc zero, 1
            Instruction(.auipc, rd: 0, imm: 0x1000),
            // jal zero, +4
            Instruction(.jal, rd: 0, imm: 4),
            // auipc a2, 0: a2 = this pc
            Instruction(.auipc, rd: 12, imm: 0),
            // jalr zero, 12(a2): to the add below
            Instruction(.jalr, rd: 0, rs1: 12, imm: 12),
            // addi a3, zero, 1 (skipped)
            Instruction(.addi, rd: 13, imm: 1),
            // add a4, zero, zero: reads x0 after all of the above
            Instruction(.add, rd: 14, rs1: 0, rs2: 0),
            // addi a5, zero, 0x7ff: an x0 read through an immediate form
            Instruction(.addi, rd: 15, rs1: 0, imm: 0x7FF),
            ecall,
        ])
        guest.set(10, 77)
        guest.set(11, TestGuest.dataBase)
        guest.set(14, 99)
        guest.memory.write([1, 2, 3, 4], at: TestGuest.dataBase)
        guest.runToEcall()
        #expect(guest[0] == 0)
        #expect(guest.hart.registers[0] == 0)
        #expect(guest[13] == 0)
        #expect(guest[14] == 0)
        #expect(guest[15] == 0x7FF)
    }

    /// A load into x0 still performs the access, so a bad address still faults.
    @Test func loadIntoX0StillFaults() throws {
        // lw zero, 0(zero)
        let guest = try TestGuest([Instruction(.lw, rd: 0, rs1: 0), ecall])
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.loadAccessFault, value: 0, pc: TestGuest.codeBase)))
    }

    // MARK: - System

    @Test func ecallAndEbreakTrapWithoutRetiring() throws {
        // ebreak
        let guest = try TestGuest([Instruction(.ebreak), ecall])
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.breakpoint, value: TestGuest.codeBase, pc: TestGuest.codeBase)))
        #expect(guest.hart.instret == 0)
        #expect(guest.hart.pc == TestGuest.codeBase)
    }

    @Test func rdinstretCountsRetiredInstructions() throws {
        let guest = try TestGuest([
            // nop; nop
            Instruction(.addi), Instruction(.addi),
            // rdinstret a0 (csrrs a0, instret, zero)
            Instruction(.csrrs, rd: 10, imm: 0xC02),
            ecall,
        ])
        guest.runToEcall()
        #expect(guest[10] == 2)
        #expect(guest.hart.instret == 3)
    }
}
