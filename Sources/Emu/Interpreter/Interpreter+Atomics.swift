import CHostCalls
import Decoder

extension Interpreter {
    /// The A extension once guest threads share the memory (`Memory.isSharedByThreads`).
    ///
    /// - An AMO is one host atomic read-modify-write of the word (`emu_amo32`, sequentially
    ///   consistent: a locked instruction on x86-64, so it is ordered as an AMO with aq and
    ///   rl both set, which satisfies every aq/rl combination).
    /// - LR.W loads the word and remembers, in this hart only, the address and the value it
    ///   read. SC.W succeeds only if the reservation is for that address and a host
    ///   compare-and-swap from the value LR read to the new value succeeds. A store of the
    ///   same value by another hart in between (ABA) is not seen, as under qemu; what the
    ///   spec requires still holds: an SC never succeeds after another hart changed the
    ///   word, and a constrained LR/SC loop makes progress, since SC fails only when another
    ///   hart's store changed the word (that hart made progress).
    static func executeSharedAtomic(_ machine: Machine, _ inst: Instruction, address: UInt32, pc: UInt32,
                                    next: UInt32) -> SlowResult {
        let hart = machine.hart
        let rd = Int(inst.rd)
        let source = hart[Int(inst.rs2)]
        let memory = machine.memory
        if inst.opcode == .lrW {
            guard let pointer = memory.loadPointer(address, count: 4) else {
                return .stop(.trap(Trap(.loadAccessFault, value: address, pc: pc)))
            }
            let value = emu_load32_acquire(pointer)
            hart[rd] = value
            machine.threadReservation = (address, value)
            return .next(next)
        }
        guard memory.check(address, count: 4, has: [.read, .write]), let host = memory.hostPointer(address, count: 4)
        else { return .stop(.trap(Trap(.storeAccessFault, value: address, pc: pc))) }
        if inst.opcode == .scW {
            let reserved = machine.threadReservation
            machine.threadReservation = nil
            var stored = false
            if let reserved, reserved.address == address { stored = emu_cas32(host, reserved.value, source) != 0 }
            hart[rd] = stored ? 0 : 1
            return .next(next)
        }
        let operation: Int32
        switch inst.opcode {
        case .amoswapW: operation = Int32(EMU_AMO_SWAP)
        case .amoaddW: operation = Int32(EMU_AMO_ADD)
        case .amoxorW: operation = Int32(EMU_AMO_XOR)
        case .amoandW: operation = Int32(EMU_AMO_AND)
        case .amoorW: operation = Int32(EMU_AMO_OR)
        case .amominW: operation = Int32(EMU_AMO_MIN)
        case .amomaxW: operation = Int32(EMU_AMO_MAX)
        case .amominuW: operation = Int32(EMU_AMO_MINU)
        default: operation = Int32(EMU_AMO_MAXU)
        }
        machine.threadReservation = nil
        hart[rd] = emu_amo32(operation, host, source)
        return .next(next)
    }
}
