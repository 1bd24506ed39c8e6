import Decoder
import Testing

@testable import Emu

/// The A extension and FENCE once guest threads share the memory
/// (`Memory.isSharedByThreads`): LR/SC as a per-hart compare-and-swap, AMOs as host
/// atomics, and which fences need a host barrier.
@Suite struct SharedMemoryAtomicTests {
    let address = TestGuest.dataBase + 0x100

    /// lr.w a2, (a0); ecall; sc.w a3, a1, (a0); ecall — the first ecall lets the test act as
    /// another hart between the LR and the SC.
    func reserveThenConditionalStore(between: (TestGuest) -> Void) throws -> TestGuest {
        let guest = try TestGuest([
            Instruction(.lrW, rd: 12, rs1: 10), ecall, Instruction(.scW, rd: 13, rs1: 10, rs2: 11), ecall,
        ])
        guest.memory.isSharedByThreads = true
        guest.memory.store32(address, 41)
        guest.set(10, address)
        guest.set(11, 42)
        guest.set(13, 99)
        guest.runToEcall()
        between(guest)
        guest.machine.hart.pc &+= 4
        guest.runToEcall()
        return guest
    }

    @Test func conditionalStoreSucceedsWhenTheWordIsUnchanged() throws {
        let guest = try reserveThenConditionalStore { _ in }
        #expect(guest[12] == 41)
        #expect(guest[13] == 0)
        #expect(guest.word(at: address) == 42)
        // The single-hart tracking (which routes stores to the reserved page through the
        // slow path) is not used in this mode.
        #expect(guest.memory.reservedWord == nil)
    }

    @Test func conditionalStoreFailsAfterAnotherHartChangedTheWord() throws {
        let guest = try reserveThenConditionalStore { guest in guest.memory.store32(address, 7) }
        #expect(guest[13] == 1)
        #expect(guest.word(at: address) == 7)
    }

    @Test func conditionalStoreFailsAfterATrapClearedTheReservation() throws {
        let guest = try reserveThenConditionalStore { guest in guest.machine.reservation = nil }
        #expect(guest[13] == 1)
        #expect(guest.word(at: address) == 41)
    }

    @Test func amosAreReadModifyWritesWithTheirOldValue() throws {
        let guest = try TestGuest([
            Instruction(.amoaddW, rd: 12, rs1: 10, rs2: 11),
            Instruction(.amomaxW, rd: 13, rs1: 10, rs2: 14),
            Instruction(.amominuW, rd: 15, rs1: 10, rs2: 11),
            ecall,
        ])
        guest.memory.isSharedByThreads = true
        guest.memory.store32(address, 100)
        guest.set(10, address)
        guest.set(11, 5)
        guest.set(14, UInt32(bitPattern: -3))
        guest.runToEcall()
        #expect(guest[12] == 100)
        #expect(guest[13] == 105)  // max(105, -3) keeps 105
        #expect(guest[15] == 105)
        #expect(guest.word(at: address) == 5)  // minu(105, 5)
    }

    @Test func amoOnReadOnlyMemoryFaults() throws {
        let guest = try TestGuest([Instruction(.amoswapW, rd: 12, rs1: 10, rs2: 11), ecall])
        guest.memory.isSharedByThreads = true
        guest.set(10, TestGuest.readOnlyBase)
        let stop = Interpreter.run(guest.machine, budget: 10)
        guard case .trap(let trap) = stop else {
            Issue.record("expected a fault, got \(stop)")
            return
        }
        #expect(trap.cause == .storeAccessFault)
    }

    /// Only a fence ordering earlier stores before later loads needs mfence on x86-64.
    @Test(arguments: [
        (0x0330_000F as UInt32, true),  // fence rw,rw
        (0x0120_000F, true),  // fence w,r
        (0x0130_000F, true),  // fence w,rw
        (0x0220_000F, false),  // fence r,r
        (0x0110_000F, false),  // fence w,w
        (0x0230_000F, false),  // fence r,rw
        (0x8330_000F, false),  // fence.tso
    ])
    func fencesNeedingAHostBarrier(_ word: UInt32, _ needs: Bool) {
        #expect(Lowering.ordersStoresBeforeLoads(decode(word)) == needs)
    }

    /// With `hostFences`, such a fence goes to the generic executor; without, it stays a nop.
    @Test func storeLoadFenceIsLoweredToTheGenericPathOnlyWhenShared() throws {
        let guest = try TestGuest([decode(0x0330_000F), decode(0x0220_000F), ecall])
        let code = guest.machine.code
        #expect(Lowering.lower(decode(0x0330_000F), pc: TestGuest.codeBase, code: code, isa: .all).kind == .nop)
        code.hostFences = true
        #expect(Lowering.lower(decode(0x0330_000F), pc: TestGuest.codeBase, code: code, isa: .all).kind == .slow)
        #expect(Lowering.lower(decode(0x0220_000F), pc: TestGuest.codeBase, code: code, isa: .all).kind == .nop)
        guest.memory.isSharedByThreads = true
        guest.machine.codeChanged()
        guest.runToEcall()
    }
}
