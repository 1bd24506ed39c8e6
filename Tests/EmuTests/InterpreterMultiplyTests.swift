import Decoder
import Testing

@testable import Emu

/// The M extension, with the spec's division corner cases (§7.2) and the signedness of
/// each high-half multiply.
@Suite struct InterpreterMultiplyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let opcode: Opcode
        let a: UInt32
        let b: UInt32
        let expected: UInt32
        var testDescription: String { "\(opcode) \(String(a, radix: 16)), \(String(b, radix: 16))" }
    }

    static let intMin: UInt32 = 0x8000_0000
    static let minusOne: UInt32 = 0xFFFF_FFFF

    static let cases: [Case] = [
        Case(opcode: .mul, a: 0xFFFF_FFFF, b: 0xFFFF_FFFF, expected: 1),
        Case(opcode: .mul, a: 0x1234_5678, b: 0x10, expected: 0x2345_6780),
        // MULH: signed x signed. -1 * -1 = 1 -> high 0; INT_MIN * INT_MIN = 2^62 -> high 0x40000000
        Case(opcode: .mulh, a: minusOne, b: minusOne, expected: 0),
        Case(opcode: .mulh, a: intMin, b: intMin, expected: 0x4000_0000),
        Case(opcode: .mulh, a: intMin, b: 1, expected: minusOne),
        Case(opcode: .mulh, a: 0x7FFF_FFFF, b: 0x7FFF_FFFF, expected: 0x3FFF_FFFF),
        // MULHSU: signed rs1 x unsigned rs2. -1 * 0xFFFFFFFF = -(2^32 - 1) -> high 0xFFFFFFFF
        Case(opcode: .mulhsu, a: minusOne, b: 0xFFFF_FFFF, expected: minusOne),
        Case(opcode: .mulhsu, a: 1, b: 0xFFFF_FFFF, expected: 0),
        Case(opcode: .mulhsu, a: intMin, b: 0xFFFF_FFFF, expected: 0x8000_0000),
        Case(opcode: .mulhsu, a: 2, b: 0x8000_0000, expected: 1),
        // MULHU: unsigned x unsigned. 0xFFFFFFFF^2 = 0xFFFFFFFE_00000001
        Case(opcode: .mulhu, a: 0xFFFF_FFFF, b: 0xFFFF_FFFF, expected: 0xFFFF_FFFE),
        Case(opcode: .mulhu, a: intMin, b: 2, expected: 1),
        // Division by zero: quotient all ones, remainder the dividend.
        Case(opcode: .div, a: 7, b: 0, expected: minusOne),
        Case(opcode: .div, a: intMin, b: 0, expected: minusOne),
        Case(opcode: .divu, a: 7, b: 0, expected: 0xFFFF_FFFF),
        Case(opcode: .rem, a: 7, b: 0, expected: 7),
        Case(opcode: .rem, a: intMin, b: 0, expected: intMin),
        Case(opcode: .remu, a: 7, b: 0, expected: 7),
        // Overflow: INT_MIN / -1 = INT_MIN, remainder 0.
        Case(opcode: .div, a: intMin, b: minusOne, expected: intMin),
        Case(opcode: .rem, a: intMin, b: minusOne, expected: 0),
        // Every other division by -1 is a negation, remainder 0 (the semantics test only
        // the divisor for -1, so these cover the path the overflow case shares).
        Case(opcode: .div, a: 7, b: minusOne, expected: UInt32(bitPattern: -7)),
        Case(opcode: .div, a: UInt32(bitPattern: -7), b: minusOne, expected: 7),
        Case(opcode: .div, a: 0, b: minusOne, expected: 0),
        Case(opcode: .div, a: 0x7FFF_FFFF, b: minusOne, expected: 0x8000_0001),
        Case(opcode: .rem, a: 7, b: minusOne, expected: 0),
        Case(opcode: .rem, a: UInt32(bitPattern: -7), b: minusOne, expected: 0),
        // ...while unsigned it is an ordinary division.
        Case(opcode: .divu, a: intMin, b: minusOne, expected: 0),
        Case(opcode: .remu, a: intMin, b: minusOne, expected: intMin),
        // Signed division truncates toward zero; the remainder takes the dividend's sign.
        Case(opcode: .div, a: UInt32(bitPattern: -7), b: 2, expected: UInt32(bitPattern: -3)),
        Case(opcode: .rem, a: UInt32(bitPattern: -7), b: 2, expected: UInt32(bitPattern: -1)),
        Case(opcode: .div, a: 7, b: UInt32(bitPattern: -2), expected: UInt32(bitPattern: -3)),
        Case(opcode: .rem, a: 7, b: UInt32(bitPattern: -2), expected: 1),
        Case(opcode: .divu, a: UInt32(bitPattern: -7), b: 2, expected: 0x7FFF_FFFC),
        Case(opcode: .remu, a: UInt32(bitPattern: -7), b: 2, expected: 1),
    ]

    @Test(arguments: cases)
    func multiplyDivide(_ c: Case) throws {
        // <op> a2, a0, a1
        let guest = try TestGuest([Instruction(c.opcode, rd: 12, rs1: 10, rs2: 11), ecall])
        guest.set(10, c.a)
        guest.set(11, c.b)
        guest.runToEcall()
        #expect(guest[12] == c.expected)
    }

    /// The same cases through the generic executor, which `step` over a breakpoint and the
    /// slow path use.
    @Test(arguments: cases)
    func multiplyDivideSlowPath(_ c: Case) throws {
        let guest = try TestGuest([Instruction(c.opcode, rd: 12, rs1: 10, rs2: 11), ecall])
        guest.set(10, c.a)
        guest.set(11, c.b)
        guard case .next(let pc) = Interpreter.executeSlow(guest.machine, pc: guest.hart.pc) else {
            Issue.record("did not retire")
            return
        }
        #expect(pc == TestGuest.codeBase + 4)
        #expect(guest[12] == c.expected)
    }

    /// rd may equal a source register: the result replaces it only after both are read.
    @Test func destinationOverlapsSource() throws {
        // mulhu a0, a0, a0
        let guest = try TestGuest([Instruction(.mulhu, rd: 10, rs1: 10, rs2: 10), ecall])
        guest.set(10, 0x8000_0000)
        guest.runToEcall()
        #expect(guest[10] == 0x4000_0000)
    }
}
