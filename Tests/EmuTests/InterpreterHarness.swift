import Decoder
import Testing

@testable import Emu

/// A small guest for the interpreter tests: instructions assembled with `Decoder.encode`
/// (and `encodeCompressed`) into an executable code region, a writable data region, a
/// read-only page, and the hart at the first instruction.
///
/// Layout (guest addresses):
/// - `[0x1_0000, 0x1_2000)` code, read + execute (two pages, so an instruction can cross
///   a page boundary);
/// - `[0x1_2000, 0x2_0000)` unmapped (inside the arena: loads and stores there fault);
/// - `[0x2_0000, 0x2_3000)` data, read + write;
/// - `[0x2_3000, 0x2_4000)` read-only data.
final class TestGuest {
    static let codeBase: UInt32 = 0x1_0000
    static let codeEnd: UInt32 = 0x1_2000
    static let dataBase: UInt32 = 0x2_0000
    static let readOnlyBase: UInt32 = 0x2_3000
    static let arenaEnd: UInt32 = 0x2_4000

    let machine: Machine
    var hart: Hart { machine.hart }
    var memory: Memory { machine.memory }

    /// One piece of a program: a 32-bit instruction, a 16-bit (RVC) one, or raw bits.
    enum Piece {
        case full(Instruction)
        case compressed(Instruction)
        case word(UInt32)
        case half(UInt16)
    }

    struct AssemblyError: Error, CustomStringConvertible {
        let description: String
    }

    /// Builds the machine and assembles `program` at `codeBase + offset`.
    init(_ program: [Piece], isa: ISASet = .all, at offset: UInt32 = 0) throws {
        let memory = try Memory(base: TestGuest.codeBase, size: TestGuest.arenaEnd - TestGuest.codeBase)
        memory.setPermissions([.read, .execute], address: TestGuest.codeBase, count: TestGuest.codeEnd - TestGuest.codeBase)
        memory.setPermissions([.read, .write], address: TestGuest.dataBase, count: TestGuest.readOnlyBase - TestGuest.dataBase)
        memory.setPermissions([.read], address: TestGuest.readOnlyBase, count: TestGuest.arenaEnd - TestGuest.readOnlyBase)
        machine = try Machine(memory: memory, codeStart: TestGuest.codeBase, codeEnd: TestGuest.codeEnd, isa: isa)
        machine.memory.write(try TestGuest.assemble(program), at: TestGuest.codeBase + offset)
        machine.hart.pc = TestGuest.codeBase + offset
    }

    /// Convenience: every instruction as a 32-bit word.
    convenience init(_ instructions: [Instruction], isa: ISASet = .all) throws {
        try self.init(instructions.map { .full($0) }, isa: isa)
    }

    /// The little-endian bytes of `program`.
    static func assemble(_ program: [Piece]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ value: UInt32, _ count: Int) {
            for index in 0..<count { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
        }
        for piece in program {
            switch piece {
            case .full(let inst):
                guard let word = encode(inst) else { throw AssemblyError(description: "cannot encode \(inst)") }
                append(word, 4)
            case .compressed(let inst):
                guard let half = encodeCompressed(inst) else {
                    throw AssemblyError(description: "no compressed form for \(inst)")
                }
                append(UInt32(half), 2)
            case .word(let word): append(word, 4)
            case .half(let half): append(UInt32(half), 2)
            }
        }
        return bytes
    }

    /// Runs until the program's `ecall` (which must be reached within `budget`), and
    /// checks that it stopped there.
    func runToEcall(budget: UInt64 = 100_000, sourceLocation: SourceLocation = #_sourceLocation) {
        let stop = Interpreter.run(machine, budget: budget)
        guard case .trap(let trap) = stop, trap.cause == .environmentCallFromU else {
            Issue.record("expected the ecall, got \(stop) at pc \(String(hart.pc, radix: 16))", sourceLocation: sourceLocation)
            return
        }
    }

    /// Sets x`index`.
    func set(_ index: Int, _ value: UInt32) { hart[index] = value }

    /// Reads x`index`.
    subscript(_ index: Int) -> UInt32 { hart[index] }

    /// The little-endian word at `address` (reads ignore permissions).
    func word(at address: UInt32) -> UInt32? { memory.load32(address) }
}

/// Register numbers by ABI name, for readable tests.
enum Reg {
    static let zero: UInt8 = 0, ra: UInt8 = 1, sp: UInt8 = 2, gp: UInt8 = 3, tp: UInt8 = 4
    static let t0: UInt8 = 5, t1: UInt8 = 6, t2: UInt8 = 7, s0: UInt8 = 8, s1: UInt8 = 9
    static let a0: UInt8 = 10, a1: UInt8 = 11, a2: UInt8 = 12, a3: UInt8 = 13, a4: UInt8 = 14
    static let a5: UInt8 = 15
}

/// The `ecall` every test program ends with.
let ecall = Instruction(.ecall)
