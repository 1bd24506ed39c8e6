import Decoder
import Testing

/// RVC expansion: every compressed form with its edge immediates, expanded to the base
/// instruction. The halfwords were hand-encoded and checked against objdump (its text is
/// the comment; targets are for the pc noted).
@Suite("decode: compressed forms")
struct CompressedDecodeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var half: UInt16
        var expected: Instruction
        var testDescription: String { "0x" + String(half, radix: 16) }
    }

    static func c(
        _ half: UInt16, _ op: Opcode, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0,
        imm: Int32 = 0
    ) -> Case {
        Case(
            half: half,
            expected: Instruction(
                op, rd: rd, rs1: rs1, rs2: rs2, imm: imm, raw: UInt32(half), length: 2))
    }

    static let cases: [Case] = [
        c(0x0020, .addi, rd: 8, rs1: 2, imm: 8),  // c.addi4spn: add s0,sp,8
        c(0x1ffc, .addi, rd: 15, rs1: 2, imm: 1020),  // add a5,sp,1020
        c(0x4000, .lw, rd: 8, rs1: 8, imm: 0),  // c.lw: lw s0,0(s0)
        c(0x5ffc, .lw, rd: 15, rs1: 15, imm: 124),  // lw a5,124(a5)
        c(0xdffc, .sw, rs1: 15, rs2: 15, imm: 124),  // c.sw: sw a5,124(a5)
        c(0x0001, .addi),  // c.nop: nop
        c(0x1001, .addi, imm: -32),  // c.nop -32 (a HINT)
        c(0x01fd, .addi, rd: 3, rs1: 3, imm: 31),  // c.addi: add gp,gp,31
        c(0x10fd, .addi, rd: 1, rs1: 1, imm: -1),  // add ra,ra,-1
        c(0x0081, .addi, rd: 1, rs1: 1, imm: 0),  // c.addi ra,0 (a HINT): add ra,ra,0
        c(0x2ffd, .jal, rd: 1, imm: 2046),  // c.jal: jal 0x804 (at 0x6)
        c(0x3001, .jal, rd: 1, imm: -2048),  // jal 0xfffff808 (at 0x8)
        c(0xaffd, .jal, rd: 0, imm: 2046),  // c.j: j 0x808 (at 0xa)
        c(0xb001, .jal, rd: 0, imm: -2048),  // j 0xfffff80c (at 0xc)
        c(0x5ffd, .addi, rd: 31, rs1: 0, imm: -1),  // c.li: li t6,-1
        c(0x507d, .addi, rd: 0, rs1: 0, imm: -1),  // c.li zero,-1 (a HINT)
        c(0x7101, .addi, rd: 2, rs1: 2, imm: -512),  // c.addi16sp: add sp,sp,-512
        c(0x617d, .addi, rd: 2, rs1: 2, imm: 496),  // add sp,sp,496
        c(0x72fd, .lui, rd: 5, imm: -4096),  // c.lui: lui t0,0xfffff
        c(0x6085, .lui, rd: 1, imm: 4096),  // lui ra,0x1
        c(0x6005, .lui, rd: 0, imm: 4096),  // c.lui zero,0x1 (a HINT)
        c(0x8005, .srli, rd: 8, rs1: 8, imm: 1),  // c.srli: srl s0,s0,0x1
        c(0x8001, .srli, rd: 8, rs1: 8, imm: 0),  // c.srli64 s0 (a HINT)
        c(0x85fd, .srai, rd: 11, rs1: 11, imm: 31),  // c.srai: sra a1,a1,0x1f
        c(0x8801, .andi, rd: 8, rs1: 8, imm: 0),  // c.andi: and s0,s0,0
        c(0x9bfd, .andi, rd: 15, rs1: 15, imm: -1),  // and a5,a5,-1
        c(0x8c05, .sub, rd: 8, rs1: 8, rs2: 9),  // c.sub: sub s0,s0,s1
        c(0x8c25, .xor, rd: 8, rs1: 8, rs2: 9),  // c.xor
        c(0x8c45, .or, rd: 8, rs1: 8, rs2: 9),  // c.or
        c(0x8df5, .and, rd: 11, rs1: 11, rs2: 13),  // c.and: and a1,a1,a3
        c(0xdffd, .beq, rs1: 15, imm: -2),  // c.beqz: beqz a5,0xc (at 0xe)
        c(0xd001, .beq, rs1: 8, imm: -256),  // beqz s0,-256
        c(0xcffd, .beq, rs1: 15, imm: 254),  // beqz a5,+254
        c(0xfffd, .bne, rs1: 15, imm: -2),  // c.bnez: bnez a5,0x10 (at 0x12)
        c(0x0fe2, .slli, rd: 31, rs1: 31, imm: 24),  // c.slli: sll t6,t6,0x18
        c(0x0006, .slli, rd: 0, rs1: 0, imm: 1),  // c.slli zero,0x1 (a HINT)
        c(0x0002, .slli, rd: 0, rs1: 0, imm: 0),  // c.slli64 zero (a HINT)
        c(0x5ffe, .lw, rd: 31, rs1: 2, imm: 252),  // c.lwsp: lw t6,252(sp)
        c(0x4082, .lw, rd: 1, rs1: 2, imm: 0),  // lw ra,0(sp)
        c(0xdffe, .sw, rs1: 2, rs2: 31, imm: 252),  // c.swsp: sw t6,252(sp)
        c(0x8f82, .jalr, rd: 0, rs1: 31),  // c.jr: jr t6
        c(0x8082, .jalr, rd: 0, rs1: 1),  // ret
        c(0x9f82, .jalr, rd: 1, rs1: 31),  // c.jalr: jalr t6
        c(0x8ffe, .add, rd: 31, rs1: 0, rs2: 31),  // c.mv: mv t6,t6
        c(0x8006, .add, rd: 0, rs1: 0, rs2: 1),  // c.mv zero,ra (a HINT)
        c(0x9ffe, .add, rd: 31, rs1: 31, rs2: 31),  // c.add: add t6,t6,t6
        c(0x9006, .add, rd: 0, rs1: 0, rs2: 1),  // c.add zero,ra (a HINT)
        c(0x9002, .ebreak),  // c.ebreak
    ]

    @Test("known halfwords expand to the expected base instruction", arguments: cases)
    func knownHalfwords(_ c: Case) {
        #expect(decodeCompressed(c.half) == c.expected)
        #expect(decode(UInt32(c.half)) == c.expected)
    }

    @Test("all 65536 halfwords decode without trapping, with length 2 and raw kept")
    func everyHalfword() {
        var legal = 0
        for value in 0...0xffff {
            let half = UInt16(value)
            let inst = decodeCompressed(half)
            #expect(inst.length == 2 && inst.raw == UInt32(half))
            #expect(inst.rd < 32 && inst.rs1 < 32 && inst.rs2 < 32)
            if inst.opcode != .illegal {
                legal += 1
                #expect(half & 3 != 3)
                // Every expansion is a valid base instruction.
                #expect(encode(inst) != nil, "0x\(String(half, radix: 16))")
            }
            _ = disassemble(inst, pc: 0x1000)
        }
        // Quadrants 0-2 hold 49152 halfwords; the reserved and F/D ones are illegal.
        #expect(legal > 25_000 && legal < 49_152)
    }
}
