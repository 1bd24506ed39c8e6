import Decoder
import Emu

/// Small hand-assembled guest programs for the debugger tests, built with the project's own
/// encoder and ELF writer so that every address in a test is known exactly.
enum DebugTestProgram {
    static let text: UInt32 = 0x10000
    static let data: UInt32 = 0x11000

    /// Assembles `instructions` (4 bytes each) at `text`, with a writable data page holding
    /// `dataBytes`, and the given labels as symbols.
    static func elf(_ instructions: [Instruction], dataBytes: [UInt8], symbols: [String: Int]) throws -> ELFFile {
        var code: [UInt8] = []
        for instruction in instructions {
            let word = encode(instruction)!
            for shift in stride(from: 0, to: 32, by: 8) { code.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
        }
        let writer = ELFWriter(
            entry: text,
            segments: [
                .init(vaddr: text, bytes: code, permissions: [.read, .execute]),
                .init(vaddr: data, bytes: dataBytes, memsz: 4096, permissions: [.read, .write]),
            ],
            symbols: symbols.map { ELFWriter.Symbol(name: $0.key, value: text + UInt32($0.value * 4), kind: .function) })
        return try ELFFile(bytes: writer.write())
    }

    static let zero: UInt8 = 0, ra: UInt8 = 1, sp: UInt8 = 2, t0: UInt8 = 5, s0: UInt8 = 8
    static let a0: UInt8 = 10, a1: UInt8 = 11, a2: UInt8 = 12, a7: UInt8 = 17

    /// Index of each labelled instruction in `main`.
    enum Label {
        static let callDouble = 2, storeResult = 3, writeCall = 8, read = 13, secondStore = 15
        static let exitCall = 18, double = 19
    }

    /// ```
    ///  0 _start: lui   s0, 0x11          # s0 = data
    ///  1         addi  a0, zero, 5
    ///  2         jal   ra, double
    ///  3         sw    a0, 0(s0)         # data[0] = 10
    ///  4         addi  a0, zero, 1
    ///  5         addi  a1, s0, 8         # "hi\n"
    ///  6         addi  a2, zero, 3
    ///  7         addi  a7, zero, 64      # write(1, data+8, 3)
    ///  8         ecall
    ///  9         addi  a0, zero, 0
    /// 10         addi  a1, s0, 16
    /// 11         addi  a2, zero, 4
    /// 12         addi  a7, zero, 63      # read(0, data+16, 4)
    /// 13         ecall
    /// 14         addi  t0, zero, 7
    /// 15         sw    t0, 4(s0)         # data[1] = 7   (or a store to 0 when faulting)
    /// 16         lw    a0, 0(s0)
    /// 17         addi  a7, zero, 93      # exit(data[0])
    /// 18         ecall
    /// 19 double: add   a0, a0, a0
    /// 20         jalr  zero, 0(ra)
    /// ```
    static func main(faulting: Bool = false) throws -> ELFFile {
        let program: [Instruction] = [
            Instruction(.lui, rd: s0, imm: Int32(data)),
            Instruction(.addi, rd: a0, rs1: zero, imm: 5),
            Instruction(.jal, rd: ra, imm: Int32((Label.double - 2) * 4)),
            Instruction(.sw, rs1: s0, rs2: a0, imm: 0),
            Instruction(.addi, rd: a0, rs1: zero, imm: 1),
            Instruction(.addi, rd: a1, rs1: s0, imm: 8),
            Instruction(.addi, rd: a2, rs1: zero, imm: 3),
            Instruction(.addi, rd: a7, rs1: zero, imm: 64),
            Instruction(.ecall),
            Instruction(.addi, rd: a0, rs1: zero, imm: 0),
            Instruction(.addi, rd: a1, rs1: s0, imm: 16),
            Instruction(.addi, rd: a2, rs1: zero, imm: 4),
            Instruction(.addi, rd: a7, rs1: zero, imm: 63),
            Instruction(.ecall),
            Instruction(.addi, rd: t0, rs1: zero, imm: 7),
            Instruction(.sw, rs1: faulting ? zero : s0, rs2: t0, imm: 4),
            Instruction(.lw, rd: a0, rs1: s0, imm: 0),
            Instruction(.addi, rd: a7, rs1: zero, imm: 93),
            Instruction(.ecall),
            Instruction(.add, rd: a0, rs1: a0, rs2: a0),
            Instruction(.jalr, rd: zero, rs1: ra, imm: 0),
        ]
        var dataBytes = [UInt8](repeating: 0, count: 16)
        dataBytes.replaceSubrange(8..<11, with: Array("hi\n".utf8))
        return try elf(program, dataBytes: dataBytes, symbols: ["_start": 0, "double": Label.double])
    }

    static func address(_ index: Int) -> UInt32 { text + UInt32(index * 4) }
}
