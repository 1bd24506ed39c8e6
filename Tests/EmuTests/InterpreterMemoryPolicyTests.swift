import Decoder
import Testing

@testable import Emu

/// One memory policy, Linux's, on every executor: an access to a page without the
/// permission it needs (unmapped pages inside the arena, the arena's end, read-only data,
/// code) faults on the threaded loop, the generic executor and single steps alike.
@Suite struct InterpreterMemoryPolicyTests {
    /// Addresses around every kind of boundary of `TestGuest`'s layout.
    static let interesting: [(String, UInt32)] = [
        ("data", TestGuest.dataBase + 0x100),
        ("unmapped gap", 0x1_8000),
        ("gap to data", TestGuest.dataBase - 2),
        ("data to read-only", TestGuest.readOnlyBase - 2),
        ("arena end", TestGuest.arenaEnd - 2),
        ("code end", TestGuest.codeEnd - 2),
        ("past the arena", TestGuest.arenaEnd + 0x10),
    ]

    /// What Linux does for a `width`-byte access at `address` in this layout.
    static func linuxAllows(_ address: UInt32, width: UInt32, store: Bool) -> Bool {
        func page(_ a: UInt32) -> Bool {
            if a >= TestGuest.codeBase && a < TestGuest.codeEnd { return !store }
            if a >= TestGuest.dataBase && a < TestGuest.readOnlyBase { return true }
            if a >= TestGuest.readOnlyBase && a < TestGuest.arenaEnd { return !store }
            return false
        }
        return page(address) && page(address &+ width - 1)
    }

    @Test(arguments: [Opcode.lb, .lbu, .lh, .lhu, .lw, .sb, .sh, .sw])
    func accessFaultsExactlyWhereLinuxWould(_ opcode: Opcode) throws {
        let store = [.sb, .sh, .sw].contains(opcode)
        let width: UInt32 = [.lb, .lbu, .sb].contains(opcode) ? 1 : [.lh, .lhu, .sh].contains(opcode) ? 2 : 4
        for (name, base) in Self.interesting {
            for delta in -4...4 {
                let address = base &+ UInt32(bitPattern: Int32(delta))
                let access = store ? Instruction(opcode, rs1: 5, rs2: 6) : Instruction(opcode, rd: 7, rs1: 5)
                // "run" with a budget this small is the exact loop (see `Interpreter.run`);
                // "threaded" (not exact) runs the access in the threaded handlers.
                for executor in ["threaded", "run", "step", "generic"] {
                    let guest = try TestGuest([access, ecall])
                    guest.set(5, address)
                    guest.set(6, 0x1234_5678)
                    let stop: StopReason
                    switch executor {
                    case "threaded": stop = Interpreter.run(guest.machine, budget: 100, exact: false)
                    case "run": stop = Interpreter.run(guest.machine, budget: 100)
                    case "step": stop = Interpreter.step(guest.machine) ?? (Interpreter.step(guest.machine) ?? .budgetExhausted)
                    default: stop = InterpreterDifferentialTests.runSlow(guest, limit: 100)
                    }
                    let allowed = Self.linuxAllows(address, width: width, store: store)
                    let expected: StopReason = allowed
                        ? .trap(Trap(.environmentCallFromU, value: 0, pc: TestGuest.codeBase + 4))
                        : .trap(Trap(store ? .storeAccessFault : .loadAccessFault, value: address, pc: TestGuest.codeBase))
                    #expect(stop == expected, "\(opcode) \(executor) at \(name)\(delta >= 0 ? "+" : "")\(delta)")
                }
            }
        }
    }

    /// A random program of loads and stores, most to mapped data, some near the boundaries
    /// above, with ALU work between: the threaded loop, single steps and the generic
    /// executor must stop at the same instruction for the same reason with the same state.
    static func program(seed: UInt64, length: Int) -> [TestGuest.Piece] {
        var random = SplitMix64(seed: seed)
        var pieces: [TestGuest.Piece] = []
        let loads: [Opcode] = [.lb, .lbu, .lh, .lhu, .lw]
        let stores: [Opcode] = [.sb, .sh, .sw]
        for _ in 0..<length {
            // Base registers x5...x11 hold the interesting addresses; x12...x15 are scratch.
            let base = UInt8(5 + (random.below(4) == 0 ? random.below(7) : 0))
            let imm = Int32(random.below(17)) - 8
            let inst: Instruction
            switch random.below(5) {
            case 0, 1: inst = Instruction(loads[random.below(loads.count)], rd: UInt8(12 + random.below(4)), rs1: base, imm: imm)
            case 2, 3: inst = Instruction(stores[random.below(stores.count)], rs1: base, rs2: UInt8(12 + random.below(4)), imm: imm)
            default: inst = Instruction(.add, rd: UInt8(12 + random.below(4)), rs1: UInt8(12 + random.below(4)), rs2: UInt8(12 + random.below(4)))
            }
            pieces.append(random.below(3) == 0 && encodeCompressed(inst) != nil ? .compressed(inst) : .full(inst))
        }
        return pieces + [.full(ecall)]
    }

    @Test(arguments: 0..<4)
    func executorsAgreeOnRandomAccesses(batch: Int) throws {
        for seed in UInt64(batch * 100)..<UInt64(batch * 100 + 100) {
            let program = Self.program(seed: seed, length: 40)
            let guests = try (0..<3).map { _ in try TestGuest(program) }
            for guest in guests {
                var random = SplitMix64(seed: seed ^ 0x5A5A)
                for (index, (_, address)) in Self.interesting.enumerated() {
                    guest.set(5 + index, address)
                }
                for index in 12...15 { guest.set(index, random.word()) }
            }
            let fast = Interpreter.run(guests[0].machine, budget: 1000, exact: false)
            var stepped: StopReason = .budgetExhausted
            for _ in 0..<1000 {
                if let stop = Interpreter.step(guests[1].machine) { stepped = stop; break }
            }
            let generic = InterpreterDifferentialTests.runSlow(guests[2], limit: 1000)
            #expect(fast == generic, "seed \(seed): run")
            #expect(stepped == generic, "seed \(seed): step")
            for other in guests.dropFirst() {
                #expect(guests[0].hart.registerFile == other.hart.registerFile, "seed \(seed): registers")
                #expect(guests[0].hart.instret == other.hart.instret, "seed \(seed): instret")
                #expect(guests[0].memory.read(TestGuest.dataBase, count: 0x3000) == other.memory.read(TestGuest.dataBase, count: 0x3000),
                        "seed \(seed): memory")
            }
        }
    }
}
