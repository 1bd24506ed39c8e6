import Decoder
import Testing

@testable import Emu

/// The C extension: 16-bit instructions run as their expansions, pc advances by 2, and
/// 32-bit instructions may sit at any 2-byte boundary, even across a page.
@Suite struct InterpreterCompressedTests {
    @Test func compressedInstructionsRunExpandedAndAdvanceByTwo() throws {
        let guest = try TestGuest([
            // c.li a0, 5
            .compressed(Instruction(.addi, rd: 10, rs1: 0, imm: 5)),
            // c.addi a0, -1
            .compressed(Instruction(.addi, rd: 10, rs1: 10, imm: -1)),
            // c.mv a1, a0
            .compressed(Instruction(.add, rd: 11, rs1: 0, rs2: 10)),
            // c.slli a1, 4
            .compressed(Instruction(.slli, rd: 11, rs1: 11, imm: 4)),
            // c.add a1, a0
            .compressed(Instruction(.add, rd: 11, rs1: 11, rs2: 10)),
            // c.lui a2, 0x1f (a2 = 0x1f000)
            .compressed(Instruction(.lui, rd: 12, imm: 0x1F000)),
            // c.srai s0, 1
            .compressed(Instruction(.srai, rd: 8, rs1: 8, imm: 1)),
            // c.sw a1, 4(s1)
            .compressed(Instruction(.sw, rs1: 9, rs2: 11, imm: 4)),
            // c.lw a3, 4(s1)
            .compressed(Instruction(.lw, rd: 13, rs1: 9, imm: 4)),
            // c.sub s0, s1
            .compressed(Instruction(.sub, rd: 8, rs1: 8, rs2: 9)),
            .full(ecall),
        ])
        guest.set(8, 0x8000_0000)
        guest.set(9, TestGuest.dataBase)
        guest.runToEcall()
        #expect(guest[10] == 4)
        #expect(guest[11] == 4 << 4 + 4)
        #expect(guest[12] == 0x1F000)
        #expect(guest[13] == 68)
        #expect(guest.word(at: TestGuest.dataBase + 4) == 68)
        #expect(guest[8] == 0xC000_0000 &- TestGuest.dataBase)
        #expect(guest.hart.pc == TestGuest.codeBase + 20)
        #expect(guest.hart.instret == 10)
    }

    @Test func compressedJumpsLinkPCPlusTwo() throws {
        let guest = try TestGuest([
            // c.jal +6 (to the c.jr below)
            .compressed(Instruction(.jal, rd: 1, imm: 6)),
            // c.li a0, 1 (skipped)
            .compressed(Instruction(.addi, rd: 10, imm: 1)),
            // c.li a0, 2 (skipped)
            .compressed(Instruction(.addi, rd: 10, imm: 2)),
            // c.mv t0, ra
            .compressed(Instruction(.add, rd: 5, rs1: 0, rs2: 1)),
            // c.addi t0, 12 (t0 = the ecall)
            .compressed(Instruction(.addi, rd: 5, rs1: 5, imm: 12)),
            // c.jalr t0
            .compressed(Instruction(.jalr, rd: 1, rs1: 5)),
            // c.li a0, 3 (skipped)
            .compressed(Instruction(.addi, rd: 10, imm: 3)),
            .full(ecall),
        ])
        guest.runToEcall()
        #expect(guest[10] == 0)
        #expect(guest[5] == TestGuest.codeBase + 14)
        #expect(guest[1] == TestGuest.codeBase + 12)
        #expect(guest.hart.pc == TestGuest.codeBase + 14)
    }

    @Test func compressedBranches() throws {
        let guest = try TestGuest([
            // c.beqz s0, +4 (taken: s0 = 0)
            .compressed(Instruction(.beq, rs1: 8, rs2: 0, imm: 4)),
            // c.li a0, 1 (skipped)
            .compressed(Instruction(.addi, rd: 10, imm: 1)),
            // c.bnez s0, +4 (not taken)
            .compressed(Instruction(.bne, rs1: 8, rs2: 0, imm: 4)),
            // c.li a1, 1
            .compressed(Instruction(.addi, rd: 11, imm: 1)),
            .full(ecall),
        ])
        guest.runToEcall()
        #expect(guest[10] == 0)
        #expect(guest[11] == 1)
    }

    @Test func compressedEbreakTraps() throws {
        // c.ebreak
        let guest = try TestGuest([.compressed(Instruction(.ebreak)), .full(ecall)])
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.breakpoint, value: TestGuest.codeBase, pc: TestGuest.codeBase)))
    }

    /// The all-zero halfword is defined illegal (§16.1), with the bits (0) as the value.
    @Test func allZeroHalfwordIsIllegal() throws {
        let guest = try TestGuest([.compressed(Instruction(.addi)), .half(0), .full(ecall)])
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.illegalInstruction, value: 0, pc: TestGuest.codeBase + 2)))
        #expect(guest.hart.instret == 1)
    }

    /// A 32-bit instruction at a 2-byte aligned address whose halves lie in two pages.
    @Test func wordInstructionAcrossPageBoundary() throws {
        let guest = try TestGuest(
            [
                // c.nop (at 0x...ffc)
                .compressed(Instruction(.addi)),
                // addi a0, a0, 0x555 (at 0x...ffe, its upper half in the next page)
                .full(Instruction(.addi, rd: 10, rs1: 10, imm: 0x555)),
                // lui a1, 0xabcde
                .full(Instruction(.lui, rd: 11, imm: Int32(bitPattern: 0xABCD_E000))),
                .full(ecall),
            ], at: 0xFFC)
        guest.set(10, 0x1000)
        guest.runToEcall()
        #expect(guest[10] == 0x1555)
        #expect(guest[11] == 0xABCD_E000)
        #expect(guest.hart.pc == TestGuest.codeBase + 0x1006)
        #expect(guest.hart.instret == 3)
    }

    /// A jump to a 2-byte aligned (not 4-byte aligned) 32-bit instruction works with C.
    @Test func jumpToHalfwordAlignedTarget() throws {
        let guest = try TestGuest([
            // jal zero, +6
            .full(Instruction(.jal, imm: 6)),
            // c.nop
            .compressed(Instruction(.addi)),
            // addi a0, zero, 1 (at +6)
            .full(Instruction(.addi, rd: 10, imm: 1)),
            .full(ecall),
        ])
        guest.runToEcall()
        #expect(guest[10] == 1)
        #expect(guest.hart.instret == 2)
    }
}
