import Decoder
import Testing

@testable import Emu

/// The fast dispatch loop against the generic executor (`Interpreter.executeSlow`), a
/// second, straightforward implementation of every instruction: random programs of ALU,
/// M, load/store, atomic, branch and jump instructions, some compressed, must leave the
/// same registers, pc, counter and memory.
@Suite struct InterpreterDifferentialTests {

    /// gp holds the middle of the data region; no instruction writes it, so every memory
    /// access `imm(gp)` stays inside writable memory.
    static let gp: UInt8 = 3
    static let gpValue = TestGuest.dataBase + 0x800

    /// A random program ending in `ecall`, some instructions compressed.
    static func program(seed: UInt64, length: Int) -> [TestGuest.Piece] {
        var random = SplitMix64(seed: seed)
        func register() -> UInt8 {
            let r = UInt8(random.below(32))
            return r == gp ? 0 : r
        }
        func source() -> UInt8 { random.below(8) == 0 ? gp : UInt8(random.below(32)) }
        func imm12() -> Int32 { Int32(random.below(4096)) - 2048 }
        let rOps: [Opcode] = [.add, .sub, .sll, .slt, .sltu, .xor, .srl, .sra, .or, .and,
                              .mul, .mulh, .mulhsu, .mulhu, .div, .divu, .rem, .remu]
        let iOps: [Opcode] = [.addi, .slti, .sltiu, .xori, .ori, .andi]
        let shiftOps: [Opcode] = [.slli, .srli, .srai]
        let loads: [Opcode] = [.lb, .lh, .lw, .lbu, .lhu]
        let stores: [Opcode] = [.sb, .sh, .sw]
        let branches: [Opcode] = [.beq, .bne, .blt, .bge, .bltu, .bgeu]
        let atomics: [Opcode] = [.amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW,
                                 .amomaxW, .amominuW, .amomaxuW, .scW]

        // First pass: instructions, with jump targets as instruction indices.
        var instructions: [Instruction] = []
        var targets: [Int: Int] = [:]
        for index in 0..<length {
            var inst: Instruction
            switch random.below(20) {
            case 0..<6: inst = Instruction(rOps[random.below(rOps.count)], rd: register(), rs1: source(), rs2: source())
            case 6..<9: inst = Instruction(iOps[random.below(iOps.count)], rd: register(), rs1: source(), imm: imm12())
            case 9: inst = Instruction(shiftOps[random.below(3)], rd: register(), rs1: source(), imm: Int32(random.below(32)))
            case 10: inst = Instruction(random.bool() ? .lui : .auipc, rd: register(), imm: Int32(bitPattern: random.word() & 0xFFFF_F000))
            case 11..<13: inst = Instruction(loads[random.below(5)], rd: register(), rs1: gp, imm: imm12())
            case 13..<15: inst = Instruction(stores[random.below(3)], rs1: gp, rs2: source(), imm: imm12())
            case 15..<17:
                inst = Instruction(branches[random.below(6)], rs1: source(), rs2: source())
                targets[index] = index + 1 + random.below(min(6, length - index))
            case 17:
                inst = Instruction(.jal, rd: register())
                targets[index] = index + 1 + random.below(min(4, length - index))
            case 18:
                inst = Instruction(.lrW, rd: register(), rs1: gp)
            default:
                inst = Instruction(atomics[random.below(atomics.count)], rd: register(), rs1: gp, rs2: source(), imm: Int32(random.below(4)))
            }
            instructions.append(inst)
        }
        instructions.append(ecall)
        // Second pass: pick compressed forms (not for jumps, whose offsets come later), lay out.
        var compressed = instructions.indices.map { index in
            targets[index] == nil && random.below(3) == 0 && encodeCompressed(instructions[index]) != nil
        }
        compressed[instructions.count - 1] = false
        var addresses: [UInt32] = []
        var address = TestGuest.codeBase
        for index in instructions.indices {
            addresses.append(address)
            address += compressed[index] ? 2 : 4
        }
        for (index, target) in targets {
            instructions[index].imm = Int32(bitPattern: addresses[target] &- addresses[index])
        }
        return instructions.indices.map { compressed[$0] ? .compressed(instructions[$0]) : .full(instructions[$0]) }
    }

    /// Sets the same random register file and data in a guest.
    static func prepare(_ guest: TestGuest, seed: UInt64) {
        var random = SplitMix64(seed: seed ^ 0xA5A5_A5A5)
        for index in 1..<32 { guest.set(index, random.word()) }
        guest.set(Int(gp), gpValue)
        var bytes: [UInt8] = []
        for _ in 0..<0x1000 { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
        guest.memory.write(bytes, at: TestGuest.dataBase + 0x800 - 0x800)
    }

    /// Runs a guest with the generic executor alone, one instruction at a time.
    static func runSlow(_ guest: TestGuest, limit: Int) -> StopReason {
        for _ in 0..<limit {
            switch Interpreter.executeSlow(guest.machine, pc: guest.hart.pc) {
            case .next(let pc):
                guest.hart.pc = pc
                Interpreter.retire(guest.machine)
            case .stop(let reason):
                return reason
            }
        }
        return .budgetExhausted
    }

    func compare(_ a: TestGuest, _ b: TestGuest, seed: UInt64, _ what: String) {
        #expect(a.hart.registerFile == b.hart.registerFile, "seed \(seed): registers (\(what))")
        #expect(a.hart.pc == b.hart.pc, "seed \(seed): pc (\(what))")
        #expect(a.hart.instret == b.hart.instret, "seed \(seed): instret (\(what))")
        #expect(a.machine.reservation == b.machine.reservation, "seed \(seed): reservation (\(what))")
        // Compare as a first differing offset: printing 12 KiB on failure helps no one.
        let left = a.memory.read(TestGuest.dataBase, count: 0x3000) ?? []
        let right = b.memory.read(TestGuest.dataBase, count: 0x3000) ?? []
        let firstDifference = zip(left, right).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(left.count == 0x3000 && right.count == 0x3000)
        #expect(firstDifference == nil, "seed \(seed): data memory differs at offset \(firstDifference ?? 0) (\(what))")
    }

    @Test(arguments: 0..<8)
    func fastLoopMatchesGenericExecutor(batch: Int) throws {
        for seed in UInt64(batch * 50)..<UInt64(batch * 50 + 50) {
            let program = InterpreterDifferentialTests.program(seed: seed, length: 80)
            let fast = try TestGuest(program)
            let slow = try TestGuest(program)
            let stepped = try TestGuest(program)
            for guest in [fast, slow, stepped] { InterpreterDifferentialTests.prepare(guest, seed: seed) }

            let fastStop = Interpreter.run(fast.machine, budget: 10_000)
            let slowStop = InterpreterDifferentialTests.runSlow(slow, limit: 10_000)
            var steppedStop: StopReason = .budgetExhausted
            for _ in 0..<10_000 {
                if let stop = Interpreter.step(stepped.machine) { steppedStop = stop; break }
            }
            guard case .trap(let trap) = slowStop, trap.cause == .environmentCallFromU else {
                Issue.record("seed \(seed): the generic executor stopped with \(slowStop)")
                continue
            }
            #expect(fastStop == slowStop, "seed \(seed)")
            #expect(steppedStop == slowStop, "seed \(seed)")
            compare(fast, slow, seed: seed, "run")
            compare(stepped, slow, seed: seed, "step")
        }
    }
}

extension SplitMix64 {
    /// Mostly interesting register values: small, extreme, or random.
    mutating func word() -> UInt32 {
        switch below(6) {
        case 0: return UInt32(truncatingIfNeeded: below(64)) &- 32
        case 1: return [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 31, 32][below(7)]
        default: return UInt32(truncatingIfNeeded: next())
        }
    }
}
