import Decoder

/// The threaded dispatch loop (`Interpreter.run`) against the generic executor
/// (`Interpreter.stepGeneric`, one instruction at a time) on arbitrary code: both start
/// from the same registers and memory and must stop for the same reason with the same
/// registers, pc, instruction count, reservation and every byte of memory.
///
/// Input layout: byte 0 picks the memory layout, bytes 1...8 seed the register file and the
/// data, the rest is the code (up to two pages, the remainder zero, which is an illegal
/// instruction). Layout 0 maps every page of the arena; layout 1 leaves an unmapped page
/// and a read-only page inside it, where the executors' memory policies meet.
public enum InterpreterFuzz {
    static let codeBase: UInt32 = 0x1_0000
    static let codeSize: UInt32 = 0x2000
    static let dataBase: UInt32 = 0x1_2000
    static let arenaEnd: UInt32 = 0x1_6000
    /// Instructions each executor may run. More than `Interpreter.run`'s headroom for an
    /// exact budget (the cache's longest straight line, 4,096 entries for two pages, plus 2):
    /// with a budget below it `run` steps every instruction through the generic executor,
    /// and the fuzzer would compare that executor with itself.
    static let budget: UInt64 = 6_000

    /// Runs the input's code on both executors and compares them.
    public static func run(_ bytes: [UInt8]) -> [FuzzFailure] {
        var input = FuzzInput(bytes)
        let layout = input.byte() % 2
        var seed: UInt64 = 0
        for _ in 0..<8 { seed = seed << 8 | UInt64(input.byte()) }
        let code = Array(input.rest().prefix(Int(codeSize)))
        guard let fast = machine(layout: layout, seed: seed, code: code),
            let slow = machine(layout: layout, seed: seed, code: code)
        else { return [FuzzFailure("cannot build the test machine")] }

        let fastStop = Interpreter.run(fast, budget: budget)
        var slowStop = StopReason.budgetExhausted
        for _ in 0..<budget {
            if let stop = Interpreter.stepGeneric(slow) { slowStop = stop; break }
        }
        var failures: [FuzzFailure] = []
        func expect(_ same: Bool, _ what: @autoclosure () -> String) {
            if !same { failures.append(FuzzFailure("layout \(layout): " + what())) }
        }
        expect(fastStop == slowStop, "stop \(fastStop) (threaded) != \(slowStop) (generic)")
        expect(fast.hart.pc == slow.hart.pc, "pc \(hex(fast.hart.pc)) != \(hex(slow.hart.pc))")
        expect(fast.hart.instret == slow.hart.instret, "instret \(fast.hart.instret) != \(slow.hart.instret)")
        for index in 1..<32 where fast.hart[index] != slow.hart[index] {
            expect(false, "x\(index) \(hex(fast.hart[index])) != \(hex(slow.hart[index]))")
        }
        expect(fast.reservation == slow.reservation, "reservation \(String(describing: fast.reservation)) != \(String(describing: slow.reservation))")
        let left = fast.memory.read(codeBase, count: Int(arenaEnd - codeBase)) ?? []
        let right = slow.memory.read(codeBase, count: Int(arenaEnd - codeBase)) ?? []
        // Arrays compare in the (uninstrumented) standard library: a loop here would be
        // most of each run under the fuzzer's comparison tracing.
        if left != right, let offset = zip(left, right).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            expect(false, "memory differs first at \(hex(codeBase + UInt32(offset)))")
        }
        return failures
    }

    static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }

    /// A fresh machine with `code` at `codeBase` and registers and data from `seed`.
    static func machine(layout: UInt8, seed: UInt64, code: [UInt8]) -> Machine? {
        guard let memory = try? Memory(base: codeBase, size: arenaEnd - codeBase) else { return nil }
        memory.setPermissions([.read, .execute], address: codeBase, count: codeSize)
        memory.setPermissions([.read, .write], address: dataBase, count: arenaEnd - dataBase)
        if layout == 1 {
            memory.setPermissions([], address: dataBase + 0x1000, count: 0x1000)
            memory.setPermissions([.read], address: arenaEnd - 0x1000, count: 0x1000)
        }
        guard let machine = try? Machine(memory: memory, codeStart: codeBase, codeEnd: codeBase + codeSize) else {
            return nil
        }
        _ = memory.write(code, at: codeBase)
        var random = SplitMix64(seed: seed)
        // The first 512 bytes of each data page random, the rest zero: enough for loads to
        // see varied values, cheap enough not to dominate a run.
        var block: [UInt8] = []
        for _ in 0..<64 { withUnsafeBytes(of: random.next()) { block += $0 } }
        for page in stride(from: dataBase, to: arenaEnd, by: 0x1000) { _ = memory.write(block, at: page) }
        // Register values that make memory instructions land in interesting places most of
        // the time: inside the data, near the arena's end, at the code, or anywhere.
        for index in 1..<32 {
            let value: UInt32
            switch random.below(8) {
            case 0, 1, 2: value = dataBase + UInt32(random.below(Int(arenaEnd - dataBase)))
            case 3: value = arenaEnd &- UInt32(random.below(16))
            case 4: value = codeBase + UInt32(random.below(Int(codeSize)))
            case 5: value = UInt32(truncatingIfNeeded: random.below(64)) &- 32
            default: value = UInt32(truncatingIfNeeded: random.next())
            }
            machine.hart[index] = value
        }
        machine.hart.pc = codeBase
        return machine
    }
}
