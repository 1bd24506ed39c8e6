import Decoder
import Testing

@testable import Emu

/// Faults the loop returns (never traps on): fetch outside the code, stores to
/// non-writable pages, loads outside memory, illegal instructions. A faulting instruction
/// does not retire and leaves pc on itself.
@Suite struct InterpreterFaultTests {
    @Test func fetchOutsideCodeFaults() throws {
        let guest = try TestGuest([
            // jalr ra, 0(a0)
            Instruction(.jalr, rd: 1, rs1: 10),
            ecall,
        ])
        guest.set(10, TestGuest.dataBase)
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.instructionAccessFault, value: TestGuest.dataBase, pc: TestGuest.dataBase)))
        #expect(guest.hart.pc == TestGuest.dataBase)
    }

    @Test func startingOutsideCodeFaults() throws {
        let guest = try TestGuest([ecall])
        guest.hart.pc = 0x1000
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.instructionAccessFault, value: 0x1000, pc: 0x1000)))
        #expect(Interpreter.step(guest.machine) == .trap(Trap(.instructionAccessFault, value: 0x1000, pc: 0x1000)))
    }

    /// Running off the end of the code region faults at the first address past it.
    @Test func fallingOffTheEndOfCodeFaults() throws {
        // nop at the last word of the code
        let guest = try TestGuest([.full(Instruction(.addi))], at: TestGuest.codeEnd - TestGuest.codeBase - 4)
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.instructionAccessFault, value: TestGuest.codeEnd, pc: TestGuest.codeEnd)))
        #expect(guest.hart.instret == 1)
    }

    /// A 32-bit instruction whose upper half lies past the end of the code cannot be fetched.
    @Test func wordInstructionTruncatedByCodeEnd() throws {
        let guest = try TestGuest([.half(0x0013)], at: TestGuest.codeEnd - TestGuest.codeBase - 2)
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.instructionAccessFault, value: TestGuest.codeEnd - 2, pc: TestGuest.codeEnd - 2)))
    }

    @Test(arguments: [
        (TestGuest.readOnlyBase + 8, "read-only page"),
        (TestGuest.codeBase + 4, "code page"),
        (0x1_2000, "unmapped page inside the arena"),
        (TestGuest.arenaEnd, "past the arena"),
        (0, "null page"),
        (TestGuest.readOnlyBase - 2, "word straddling writable and read-only pages"),
    ])
    func storeToNonWritableMemoryFaults(_ address: UInt32, _ what: String) throws {
        // sw a1, 0(a0)
        let guest = try TestGuest([Instruction(.sw, rs1: 10, rs2: 11), ecall])
        guest.set(10, address)
        guest.set(11, 0xDEAD_BEEF)
        let before = guest.memory.read(address, count: 4)
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.storeAccessFault, value: address, pc: TestGuest.codeBase)), "\(what)")
        #expect(guest.memory.read(address, count: 4) == before, "\(what) must not change")
        #expect(guest.hart.instret == 0)
        #expect(guest.hart.pc == TestGuest.codeBase)
    }

    @Test(arguments: [UInt32(0), 0xFFFF_FFFC, 0x2_4000, 0xFFFF])
    func loadOutsideMemoryFaults(_ address: UInt32) throws {
        // lw a2, 0(a0)
        let guest = try TestGuest([Instruction(.lw, rd: 12, rs1: 10), ecall])
        guest.set(10, address)
        guest.set(12, 5)
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.loadAccessFault, value: address, pc: TestGuest.codeBase)))
        #expect(guest[12] == 5)
    }

    /// An illegal instruction's trap value is its raw bits (for `mtval` and diagnostics).
    @Test(arguments: [UInt32]([
        0xFFFF_FFFF,  // all ones
        0x0000_000B,  // custom-0
        0x0000_5053,  // fadd.s ft0,ft0,ft0 with the reserved rounding mode 101
        0x4400_5033,  // sra with a reserved funct7 bit
        0x3020_0073,  // mret in user mode
        0xC000_1073,  // csrrw zero, cycle, zero: writes a read-only CSR
    ]))
    func illegalInstructionKeepsRawBits(_ word: UInt32) throws {
        let guest = try TestGuest([.word(word), .full(ecall)])
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.illegalInstruction, value: word, pc: TestGuest.codeBase)))
        #expect(guest.hart.instret == 0)
    }

    /// A store into code that already ran is refused, so the decoded cache cannot go stale.
    @Test func storeOverCodeFaultsAndCodeStillRuns() throws {
        let guest = try TestGuest([
            // auipc a0, 0
            Instruction(.auipc, rd: 10),
            // sw zero, 0(a0)
            Instruction(.sw, rs1: 10, rs2: 0),
            ecall,
        ])
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.storeAccessFault, value: TestGuest.codeBase, pc: TestGuest.codeBase + 4)))
        #expect(guest.word(at: TestGuest.codeBase) == encode(Instruction(.auipc, rd: 10)))
    }
}

/// The instruction budget is exact: `run(budget: N)` retires N instructions, whatever
/// the loop's batching does inside.
@Suite struct InterpreterBudgetTests {
    /// An endless loop with a backward branch, a forward jump and an indirect jump.
    func endlessGuest() throws -> TestGuest {
        try TestGuest([
            // auipc s0, 0
            Instruction(.auipc, rd: 8),
            // loop: addi a0, a0, 1
            Instruction(.addi, rd: 10, rs1: 10, imm: 1),
            // jal zero, +8
            Instruction(.jal, imm: 8),
            // ebreak (skipped)
            Instruction(.ebreak),
            // andi a1, a0, 1
            Instruction(.andi, rd: 11, rs1: 10, imm: 1),
            // beqz a1, loop
            Instruction(.beq, rs1: 11, imm: -16),
            // jalr zero, 4(s0)
            Instruction(.jalr, rs1: 8, imm: 4),
        ])
    }

    @Test(arguments: [UInt64(0), 1, 2, 3, 4, 5, 7, 100, 4095, 4096, 4097, 4100, 8195, 10_007, 123_457, 1_000_003])
    func runRetiresExactlyTheBudget(_ budget: UInt64) throws {
        let guest = try endlessGuest()
        let stop = Interpreter.run(guest.machine, budget: budget)
        #expect(stop == .budgetExhausted)
        #expect(guest.hart.instret == budget)
    }

    /// Successive runs add up, and the guest's state equals that of one long run.
    @Test func runsAddUp() throws {
        let pieces: [UInt64] = [1, 3, 5000, 2, 9999, 1]
        let split = try endlessGuest()
        for piece in pieces { #expect(Interpreter.run(split.machine, budget: piece) == .budgetExhausted) }
        let whole = try endlessGuest()
        #expect(Interpreter.run(whole.machine, budget: pieces.reduce(0, +)) == .budgetExhausted)
        #expect(split.hart.instret == whole.hart.instret)
        #expect(split.hart.pc == whole.hart.pc)
        #expect(split.hart.registerFile == whole.hart.registerFile)
    }

    @Test func stepRetiresOne() throws {
        let guest = try endlessGuest()
        for expected in UInt64(1)...50 {
            #expect(Interpreter.step(guest.machine) == nil)
            #expect(guest.hart.instret == expected)
        }
    }

    /// The budget also counts instructions run by the slow path (CSR reads here).
    @Test(arguments: [UInt64(1), 2, 3, 10, 5001])
    func budgetCountsSlowInstructions(_ budget: UInt64) throws {
        let guest = try TestGuest([
            // loop: rdinstret a0
            Instruction(.csrrs, rd: 10, imm: 0xC02),
            // j loop
            Instruction(.jal, imm: -4),
        ])
        #expect(Interpreter.run(guest.machine, budget: budget) == .budgetExhausted)
        #expect(guest.hart.instret == budget)
    }
}
