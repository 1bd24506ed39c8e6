import Decoder
import Testing

@testable import Emu

/// The threaded FP handlers (loads, stores, sign injection, the four operations in Swift,
/// the fused multiply-adds in C) against the generic executor, which computes every F/D
/// instruction with its own flags: for each of `InterpreterFloatTests.cases` whose
/// instruction has a handler, the same result and the same fflags, once from the threaded
/// loop (where the handler runs) and once one step at a time (the generic executor); and
/// the flags the handlers leave in the host FPU reach fcsr wherever the guest can read it.
@Suite struct InterpreterFloatHandlerTests {
    typealias Case = InterpreterFloatTests.Case

    /// The opcodes with threaded handlers (Linux guests).
    static let fastOpcodes: Set<Opcode> = [
        .faddS, .fsubS, .fmulS, .fdivS, .faddD, .fsubD, .fmulD, .fdivD,
        .fsgnjS, .fsgnjnS, .fsgnjxS, .fsgnjD, .fsgnjnD, .fsgnjxD,
        .fmaddS, .fmsubS, .fnmsubS, .fnmaddS, .fmaddD, .fmsubD, .fnmsubD, .fnmaddD,
    ]

    static let cases = InterpreterFloatTests.cases.filter { fastOpcodes.contains($0.op) }

    static func instruction(_ c: Case) -> Instruction {
        let fused = c.op.floatSourceCount == 3
        return Instruction(c.op, rd: 10, rs1: 11, rs2: 12,
                           imm: c.op.hasRoundingMode ? (fused ? 13 << 3 | c.rm : c.rm) : 0)
    }

    /// The guest after `inst` ran with `c`'s operands, and fflags.
    static func result(_ c: Case, _ inst: Instruction, stepping: Bool) throws -> (UInt64, UInt32, Handler) {
        let guest = try InterpreterFloatTests.run(inst, f: [11: c.a, 12: c.b, 13: c.c])
        if stepping {
            while guest.hart.pc == TestGuest.codeBase { _ = Interpreter.step(guest.machine) }
        } else {
            guest.runToEcall()
        }
        return (guest.hart.floatRegister(10), guest.hart.fcsr & 0x1F, guest.machine.code.kind(at: TestGuest.codeBase))
    }

    @Test("the handlers' results and flags are the generic executor's", arguments: cases)
    func handlerMatchesGeneric(_ c: Case) throws {
        let inst = Self.instruction(c)
        let threaded = try Self.result(c, inst, stepping: false)
        let generic = try Self.result(c, inst, stepping: true)
        #expect(threaded.0 == generic.0, "threaded 0x\(String(threaded.0, radix: 16)), generic 0x\(String(generic.0, radix: 16))")
        #expect(threaded.1 == generic.1)
        #expect(threaded.1 == c.flags)
        // Nearest-even (static or dynamic with frm = 0) runs the handler; the other modes
        // are the generic executor's.
        let handled = c.rm == InterpreterFloatTests.rne || c.rm == InterpreterFloatTests.dyn || !c.op.hasRoundingMode
        let fusedAvailable = c.op.floatSourceCount < 3 || FusedFloatHandlers.available
        #expect((threaded.2 != .slow) == (handled && fusedAvailable), "entry kind \(threaded.2)")
    }

    @Test("flags raised by handlers are read by frflags inside the loop, and survive a generic FP instruction")
    func flagsReachTheCSR() throws {
        let one: UInt64 = 0x3FF0_0000_0000_0000, three: UInt64 = 0x4008_0000_0000_0000
        let guest = try TestGuest([
            Instruction(.fdivD, rd: 1, rs1: 2, rs2: 3, imm: InterpreterFloatTests.dyn),  // 1/3: NX
            Instruction(.csrrs, rd: Reg.a0, rs1: 0, imm: 0x001),  // frflags a0
            Instruction(.fdivD, rd: 4, rs1: 2, rs2: 5, imm: InterpreterFloatTests.dyn),  // 1/0: DZ
            Instruction(.fsqrtD, rd: 6, rs1: 7, imm: InterpreterFloatTests.dyn),  // generic: sqrt(-1), NV
            Instruction(.csrrs, rd: Reg.a1, rs1: 0, imm: 0x001),  // frflags a1
            Instruction(.csrrwi, rd: 0, rs1: 0, imm: 0x001),  // fsflags 0
            Instruction(.fmulD, rd: 8, rs1: 2, rs2: 2, imm: InterpreterFloatTests.dyn),  // exact: no flag
            ecall,
        ])
        guest.hart.setFloatRegister(2, one)
        guest.hart.setFloatRegister(3, three)
        guest.hart.setFloatRegister(5, 0)
        guest.hart.setFloatRegister(7, 0xBFF0_0000_0000_0000)
        guest.runToEcall()
        #expect(guest.machine.code.kind(at: TestGuest.codeBase) == .fdivD)
        #expect(guest[Int(Reg.a0)] == InterpreterFloatTests.nx)
        #expect(guest[Int(Reg.a1)] == InterpreterFloatTests.nx | InterpreterFloatTests.dz | InterpreterFloatTests.nv)
        #expect(guest.hart.fcsr & 0x1F == 0)
    }

    @Test("flags raised by handlers reach fcsr when the loop stops at a system call")
    func flagsReachFcsrAtTheStop() throws {
        let guest = try TestGuest([Instruction(.faddS, rd: 1, rs1: 2, rs2: 2, imm: InterpreterFloatTests.rne), ecall])
        guest.hart.setFloatRegister(2, InterpreterFloatTests.s(0x7F7F_FFFF))  // FLT_MAX + FLT_MAX overflows
        guest.runToEcall()
        #expect(guest.machine.code.kind(at: TestGuest.codeBase) == .faddS)
        #expect(guest.hart.floatRegister(1) == InterpreterFloatTests.s(0x7F80_0000))
        #expect(guest.hart.fcsr & 0x1F == InterpreterFloatTests.of | InterpreterFloatTests.nx)
    }

    @Test("a dynamic rounding mode other than nearest-even leaves the handler for the generic executor")
    func dynamicModeChangesRounding() throws {
        let one = InterpreterFloatTests.s(0x3F80_0000), tiny = InterpreterFloatTests.s(0x3380_0001)  // just above half an ulp
        let guest = try TestGuest([
            Instruction(.faddS, rd: 1, rs1: 2, rs2: 3, imm: InterpreterFloatTests.dyn),  // RNE: rounds up
            Instruction(.csrrwi, rd: 0, rs1: 1, imm: 0x002),  // fsrmi RTZ
            Instruction(.faddS, rd: 4, rs1: 2, rs2: 3, imm: InterpreterFloatTests.dyn),  // RTZ: 1.0
            ecall,
        ])
        guest.hart.setFloatRegister(2, one)
        guest.hart.setFloatRegister(3, tiny)
        guest.runToEcall()
        #expect(guest.hart.floatRegister(1) == InterpreterFloatTests.s(0x3F80_0001))
        #expect(guest.hart.floatRegister(4) == one)
    }

    @Test("an unboxed single operand is the canonical NaN, through the generic executor")
    func unboxedSingle() throws {
        let guest = try TestGuest([
            Instruction(.faddS, rd: 1, rs1: 2, rs2: 3, imm: InterpreterFloatTests.rne),
            Instruction(.fsgnjS, rd: 4, rs1: 2, rs2: 3),
            Instruction(.fmaddS, rd: 5, rs1: 3, rs2: 3, imm: 2 << 3 | InterpreterFloatTests.rne),
            ecall,
        ])
        guest.hart.setFloatRegister(2, 0x3FF0_0000_0000_0000)  // a double, not a boxed single
        guest.hart.setFloatRegister(3, InterpreterFloatTests.s(0x3F80_0000))
        guest.runToEcall()
        let canonical = InterpreterFloatTests.s(0x7FC0_0000)
        #expect(guest.hart.floatRegister(1) == canonical)
        #expect(guest.hart.floatRegister(4) == canonical)
        #expect(guest.hart.floatRegister(5) == canonical)
        #expect(guest.hart.fcsr & 0x1F == 0)
    }

    @Test("bare-metal machines run F and D in the generic executor, which keeps mstatus.FS")
    func bareMetalKeepsTheGenericExecutor() throws {
        let guest = try TestGuest([Instruction(.faddD, rd: 1, rs1: 2, rs2: 2, imm: InterpreterFloatTests.rne), ecall])
        guest.machine.csrs.machineMode = true
        guest.machine.csrs.mstatus |= CSRFile.floatStatusInitial << CSRFile.floatStatusShift
        guest.runToEcall()
        #expect(guest.machine.code.kind(at: TestGuest.codeBase) == .slow)
        #expect(guest.machine.csrs.mstatus >> CSRFile.floatStatusShift & 3 == CSRFile.floatStatusDirty)
    }

    @Test("the C handlers' view of DecodedOp and LoopContext is Swift's layout")
    func fusedHandlerLayout() {
        #if arch(x86_64)
            #expect(FusedFloatHandlers.layoutMatches)
        #endif
    }
}
