import Decoder
import Testing

@testable import Emu

/// The A extension: LR/SC reservations and the AMOs (§8).
@Suite struct InterpreterAtomicTests {
    let address = TestGuest.dataBase + 0x100

    @Test func loadReservedThenStoreConditionalSucceeds() throws {
        let guest = try TestGuest([
            // lr.w a2, (a0)
            Instruction(.lrW, rd: 12, rs1: 10),
            // sc.w a3, a1, (a0)
            Instruction(.scW, rd: 13, rs1: 10, rs2: 11),
            ecall,
        ])
        guest.memory.store32(address, 41)
        guest.set(10, address)
        guest.set(11, 42)
        guest.set(13, 99)
        guest.runToEcall()
        #expect(guest[12] == 41)
        #expect(guest[13] == 0)
        #expect(guest.word(at: address) == 42)
        #expect(guest.machine.reservation == nil)
    }

    @Test func storeConditionalWithoutReservationFails() throws {
        // sc.w a3, a1, (a0)
        let guest = try TestGuest([Instruction(.scW, rd: 13, rs1: 10, rs2: 11), ecall])
        guest.memory.store32(address, 41)
        guest.set(10, address)
        guest.set(11, 42)
        guest.runToEcall()
        #expect(guest[13] == 1)
        #expect(guest.word(at: address) == 41)
    }

    @Test func secondStoreConditionalFails() throws {
        let guest = try TestGuest([
            // lr.w a2, (a0); sc.w a3, a1, (a0); sc.w a4, a1, (a0)
            Instruction(.lrW, rd: 12, rs1: 10),
            Instruction(.scW, rd: 13, rs1: 10, rs2: 11),
            Instruction(.scW, rd: 14, rs1: 10, rs2: 12),
            ecall,
        ])
        guest.memory.store32(address, 41)
        guest.set(10, address)
        guest.set(11, 42)
        guest.runToEcall()
        #expect(guest[13] == 0)
        #expect(guest[14] == 1)
        #expect(guest.word(at: address) == 42)
    }

    @Test func storeConditionalToAnotherAddressFails() throws {
        let guest = try TestGuest([
            // lr.w a2, (a0); sc.w a3, a1, 0(a4)
            Instruction(.lrW, rd: 12, rs1: 10),
            Instruction(.scW, rd: 13, rs1: 14, rs2: 11),
            ecall,
        ])
        guest.set(10, address)
        guest.set(14, address + 4)
        guest.set(11, 42)
        guest.runToEcall()
        #expect(guest[13] == 1)
        #expect(guest.word(at: address + 4) == 0)
    }

    /// A plain store to the reserved word between LR and SC clears the reservation
    /// (issue 5: "a reservation that any store to the reserved word ... clears").
    @Test(arguments: [Opcode.sw, .sh, .sb])
    func storeClearsReservation(_ store: Opcode) throws {
        let guest = try TestGuest([
            // lr.w a2, (a0)
            Instruction(.lrW, rd: 12, rs1: 10),
            // s? a1, 0(a0)
            Instruction(store, rs1: 10, rs2: 11),
            // sc.w a3, a4, (a0)
            Instruction(.scW, rd: 13, rs1: 10, rs2: 14),
            ecall,
        ])
        guest.memory.store32(address, 41)
        guest.set(10, address)
        guest.set(11, 7)
        guest.set(14, 1234)
        guest.runToEcall()
        #expect(guest[13] == 1, "sc.w after a \(store) to the reserved word must fail")
        #expect(guest.word(at: address) != 1234)
    }

    /// An AMO is a store too.
    @Test func amoClearsReservation() throws {
        let guest = try TestGuest([
            // lr.w a2, (a0); amoadd.w zero, a1, (a0); sc.w a3, a4, (a0)
            Instruction(.lrW, rd: 12, rs1: 10),
            Instruction(.amoaddW, rd: 0, rs1: 10, rs2: 11),
            Instruction(.scW, rd: 13, rs1: 10, rs2: 14),
            ecall,
        ])
        guest.set(10, address)
        guest.set(11, 1)
        guest.set(14, 1234)
        guest.runToEcall()
        #expect(guest[13] == 1)
        #expect(guest.word(at: address) == 1)
    }

    struct AMOCase: Sendable, CustomTestStringConvertible {
        let opcode: Opcode
        let memory: UInt32
        let source: UInt32
        let expected: UInt32
        var testDescription: String { "\(opcode) mem=\(String(memory, radix: 16)) src=\(String(source, radix: 16))" }
    }

    @Test(arguments: [
        AMOCase(opcode: .amoswapW, memory: 5, source: 9, expected: 9),
        AMOCase(opcode: .amoaddW, memory: 0xFFFF_FFFF, source: 2, expected: 1),
        AMOCase(opcode: .amoxorW, memory: 0xFF00, source: 0x0FF0, expected: 0xF0F0),
        AMOCase(opcode: .amoandW, memory: 0xFF00, source: 0x0FF0, expected: 0x0F00),
        AMOCase(opcode: .amoorW, memory: 0xFF00, source: 0x0FF0, expected: 0xFFF0),
        // Signed: -1 < 1; unsigned: 0xFFFFFFFF > 1.
        AMOCase(opcode: .amominW, memory: 0xFFFF_FFFF, source: 1, expected: 0xFFFF_FFFF),
        AMOCase(opcode: .amomaxW, memory: 0xFFFF_FFFF, source: 1, expected: 1),
        AMOCase(opcode: .amominuW, memory: 0xFFFF_FFFF, source: 1, expected: 1),
        AMOCase(opcode: .amomaxuW, memory: 0xFFFF_FFFF, source: 1, expected: 0xFFFF_FFFF),
        AMOCase(opcode: .amominW, memory: 0x8000_0000, source: 0x7FFF_FFFF, expected: 0x8000_0000),
        AMOCase(opcode: .amomaxW, memory: 0x8000_0000, source: 0x7FFF_FFFF, expected: 0x7FFF_FFFF),
        AMOCase(opcode: .amominuW, memory: 0x8000_0000, source: 0x7FFF_FFFF, expected: 0x7FFF_FFFF),
        AMOCase(opcode: .amomaxuW, memory: 0x8000_0000, source: 0x7FFF_FFFF, expected: 0x8000_0000),
    ])
    func amo(_ c: AMOCase) throws {
        // amo?.w.aqrl a2, a1, (a0): rd gets the old value, memory the result
        let guest = try TestGuest([Instruction(c.opcode, rd: 12, rs1: 10, rs2: 11, imm: 3), ecall])
        guest.memory.store32(address, c.memory)
        guest.set(10, address)
        guest.set(11, c.source)
        guest.runToEcall()
        #expect(guest[12] == c.memory)
        #expect(guest.word(at: address) == c.expected)
    }

    /// rd == rs2: the old value goes to rd only after rs2 was read.
    @Test func amoswapWithRdEqualRs2() throws {
        // amoswap.w a1, a1, (a0)
        let guest = try TestGuest([Instruction(.amoswapW, rd: 11, rs1: 10, rs2: 11), ecall])
        guest.memory.store32(address, 5)
        guest.set(10, address)
        guest.set(11, 9)
        guest.runToEcall()
        #expect(guest[11] == 5)
        #expect(guest.word(at: address) == 9)
    }

    /// §8.4: a misaligned AMO raises an address-misaligned exception (emu does not emulate
    /// misaligned atomics), and memory is not changed.
    @Test(arguments: [
        (Opcode.amoaddW, TrapCause.storeAddressMisaligned),
        (.amoswapW, .storeAddressMisaligned),
        (.amomaxuW, .storeAddressMisaligned),
        (.scW, .storeAddressMisaligned),
        (.lrW, .loadAddressMisaligned),
    ])
    func misalignedAtomicTraps(_ opcode: Opcode, _ cause: TrapCause) throws {
        let inst = opcode == .lrW ? Instruction(.lrW, rd: 12, rs1: 10) : Instruction(opcode, rd: 12, rs1: 10, rs2: 11)
        let guest = try TestGuest([inst, ecall])
        guest.set(10, address + 2)
        guest.set(11, 0xFFFF_FFFF)
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(cause, value: address + 2, pc: TestGuest.codeBase)))
        #expect(guest.hart.instret == 0)
        #expect(guest[12] == 0)
        #expect(guest.memory.read(address, count: 8) == [UInt8](repeating: 0, count: 8))
    }

    @Test func amoOnReadOnlyMemoryFaults() throws {
        // amoadd.w a2, a1, (a0)
        let guest = try TestGuest([Instruction(.amoaddW, rd: 12, rs1: 10, rs2: 11), ecall])
        guest.set(10, TestGuest.readOnlyBase)
        guest.set(11, 1)
        let stop = Interpreter.run(guest.machine, budget: 10)
        #expect(stop == .trap(Trap(.storeAccessFault, value: TestGuest.readOnlyBase, pc: TestGuest.codeBase)))
        #expect(guest.word(at: TestGuest.readOnlyBase) == 0)
    }
}
