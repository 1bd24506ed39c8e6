import Decoder
import Testing

@testable import Emu

/// `--isa` restrictions: what a machine without M, A or C does with those instructions,
/// and the instruction-alignment rule that C changes (§1.5, §2.2).
@Suite struct InterpreterISATests {
    static let rv32i = ISASet.base

    @Test func isaStringsParse() {
        #expect(ISASet(parsing: "rv32i") == InterpreterISATests.rv32i)
        #expect(ISASet(parsing: "rv32imac") == ISASet(f: false, d: false, zba: false, zbb: false, zbc: false, zbs: false))
        #expect(ISASet(parsing: "RV32IM_zicsr_zifencei") == ISASet.base.with(m: true))
        #expect(ISASet(parsing: "rv64i") == nil)
        #expect(ISASet(parsing: "rv32gc_zba_zbb_zbc_zbs") == ISASet.all)
        #expect(ISASet(parsing: "") == nil)
    }

    @Test(arguments: [
        // mul a2, a0, a1
        (Instruction(.mul, rd: 12, rs1: 10, rs2: 11), ISASet(m: false, a: true, c: true)),
        // divu a2, a0, a1
        (Instruction(.divu, rd: 12, rs1: 10, rs2: 11), ISASet(m: false, a: true, c: true)),
        // lr.w a2, (a0)
        (Instruction(.lrW, rd: 12, rs1: 10), ISASet(m: true, a: false, c: true)),
        // amoadd.w a2, a1, (a0)
        (Instruction(.amoaddW, rd: 12, rs1: 10, rs2: 11), ISASet(m: true, a: false, c: true)),
    ])
    func extensionInstructionIsIllegalWithoutIt(_ inst: Instruction, _ isa: ISASet) throws {
        let guest = try TestGuest([inst, ecall], isa: isa)
        guest.set(10, TestGuest.dataBase)
        guest.set(11, 3)
        let stop = Interpreter.run(guest.machine, budget: 10)
        let raw = try #require(encode(inst))
        #expect(stop == .trap(Trap(.illegalInstruction, value: raw, pc: TestGuest.codeBase)))
        #expect(guest[12] == 0)
        #expect(guest.hart.instret == 0)
        // ...and the same instruction runs on the full ISA.
        let full = try TestGuest([inst, ecall])
        full.set(10, TestGuest.dataBase)
        full.set(11, 3)
        full.runToEcall()
    }

    @Test func compressedIsIllegalWithoutC() throws {
        // c.li a0, 5
        let half = try #require(encodeCompressed(Instruction(.addi, rd: 10, imm: 5)))
        let guest = try TestGuest([.half(half), .half(0x0001), .full(ecall)], isa: ISASet(m: true, a: true, c: false))
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.illegalInstruction, value: UInt32(half), pc: TestGuest.codeBase)))
        #expect(guest[10] == 0)
    }

    /// Without C, a taken jump or branch to an address that is not 4-byte aligned raises
    /// instruction-address-misaligned at the jump (the jump does not retire); with C,
    /// 2-byte alignment is enough.
    @Test(arguments: [false, true])
    func misalignedJalTarget(withC: Bool) throws {
        let guest = try TestGuest(
            [
                // jal ra, +6
                .full(Instruction(.jal, rd: 1, imm: 6)),
                // c.nop (bits 0x0001; never run)
                .half(0x0001),
                // addi a0, zero, 1 (at +6)
                .full(Instruction(.addi, rd: 10, imm: 1)),
                .full(ecall),
            ], isa: ISASet(m: true, a: true, c: withC))
        let stop = Interpreter.run(guest.machine, budget: 10)
        if withC {
            guard case .trap(let trap) = stop else { Issue.record("\(stop)"); return }
            #expect(trap.cause == .environmentCallFromU)
            #expect(guest[10] == 1)
            #expect(guest[1] == TestGuest.codeBase + 4)
        } else {
            #expect(stop == .trap(Trap(.instructionAddressMisaligned, value: TestGuest.codeBase + 6, pc: TestGuest.codeBase)))
            #expect(guest[1] == 0, "a jump that traps must not write its link register")
            #expect(guest.hart.instret == 0)
        }
    }

    @Test(arguments: [false, true])
    func misalignedJalrTarget(withC: Bool) throws {
        let guest = try TestGuest(
            [
                // jalr ra, 2(a0)
                Instruction(.jalr, rd: 1, rs1: 10, imm: 2),
                // nop
                Instruction(.addi),
                ecall,
            ], isa: ISASet(m: true, a: true, c: withC))
        // Target = codeBase + 6: the upper half of the nop, so with C it decodes 0x0000
        // (illegal), which is how we see that the jump was taken.
        guest.set(10, TestGuest.codeBase + 4)
        let stop = Interpreter.run(guest.machine, budget: 10)
        if withC {
            #expect(stop == .trap(Trap(.illegalInstruction, value: 0, pc: TestGuest.codeBase + 6)))
            #expect(guest[1] == TestGuest.codeBase + 4)
        } else {
            #expect(stop == .trap(Trap(.instructionAddressMisaligned, value: TestGuest.codeBase + 6, pc: TestGuest.codeBase)))
            #expect(guest[1] == 0)
        }
    }

    /// Bit 0 is cleared before the alignment check, so an odd jalr target that becomes
    /// 4-byte aligned is fine even without C.
    @Test func jalrOddTargetWithoutC() throws {
        let guest = try TestGuest(
            [
                // jalr ra, 1(a0)
                Instruction(.jalr, rd: 1, rs1: 10, imm: 1),
                // addi a1, zero, 1 (skipped)
                Instruction(.addi, rd: 11, imm: 1),
                ecall,
            ], isa: InterpreterISATests.rv32i)
        guest.set(10, TestGuest.codeBase + 8)
        guest.runToEcall()
        #expect(guest[11] == 0)
    }

    /// A misaligned branch target only faults when the branch is taken.
    @Test(arguments: [true, false])
    func misalignedBranchTargetWithoutC(taken: Bool) throws {
        let guest = try TestGuest(
            [
                // beq a0, zero, +6
                Instruction(.beq, rs1: 10, imm: 6),
                // addi a1, zero, 1
                Instruction(.addi, rd: 11, imm: 1),
                ecall,
            ], isa: InterpreterISATests.rv32i)
        guest.set(10, taken ? 0 : 1)
        let stop = Interpreter.run(guest.machine, budget: 10)
        if taken {
            #expect(stop == .trap(Trap(.instructionAddressMisaligned, value: TestGuest.codeBase + 6, pc: TestGuest.codeBase)))
        } else {
            guard case .trap(let trap) = stop else { Issue.record("\(stop)"); return }
            #expect(trap.cause == .environmentCallFromU)
            #expect(guest[11] == 1)
        }
    }

    /// misa reports the chosen extensions.
    @Test func misaBits() {
        #expect(ISASet.all.misaExtensions & (1 << 12 | 1 << 0 | 1 << 2 | 1 << 8) == (1 << 12 | 1 << 0 | 1 << 2 | 1 << 8))
        #expect(InterpreterISATests.rv32i.misaExtensions & (1 << 12 | 1 << 0 | 1 << 2) == 0)
    }
}
