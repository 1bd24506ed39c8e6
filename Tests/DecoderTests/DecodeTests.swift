import Decoder
import Testing

/// 32-bit decoding: every format with its edge immediates, x0 and x31. The words were
/// hand-encoded from the specification and checked against objdump (the comment on each
/// is objdump's text for it at the address noted, when a target is involved).
@Suite("decode: 32-bit forms")
struct DecodeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var word: UInt32
        var expected: Instruction
        var testDescription: String { "0x" + String(word, radix: 16) }
    }

    static func c(
        _ word: UInt32, _ op: Opcode, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0,
        imm: Int32 = 0
    ) -> Case {
        Case(
            word: word,
            expected: Instruction(op, rd: rd, rs1: rs1, rs2: rs2, imm: imm, raw: word, length: 4))
    }

    static let cases: [Case] = [
        c(0x8000_00b7, .lui, rd: 1, imm: Int32(bitPattern: 0x8000_0000)),  // lui ra,0x80000
        c(0xffff_f097, .auipc, rd: 1, imm: -4096),  // auipc ra,0xfffff
        c(0x7fff_f0ef, .jal, rd: 1, imm: 1_048_574),  // jal 0x100006 (at 0x8)
        c(0x8000_00ef, .jal, rd: 1, imm: -1_048_576),  // jal 0xfff0000c (at 0xc)
        c(0xfff0_0f93, .addi, rd: 31, rs1: 0, imm: -1),  // li t6,-1
        c(0x7ff0_8013, .addi, rd: 0, rs1: 1, imm: 2047),  // add zero,ra,2047
        c(0x8000_8013, .addi, rd: 0, rs1: 1, imm: -2048),  // add zero,ra,-2048
        c(0xfe0f_8fe3, .beq, rs1: 31, rs2: 0, imm: -2),  // beqz t6,0x1a (at 0x1c)
        c(0x7e0f_9fe3, .bne, rs1: 31, rs2: 0, imm: 4094),  // bnez t6,0x101e (at 0x20)
        c(0x8000_0f67, .jalr, rd: 30, rs1: 0, imm: -2048),  // jalr t5,-2048(zero)
        c(0xfff0_2003, .lw, rd: 0, rs1: 0, imm: -1),  // lw zero,-1(zero)
        c(0x7e1f_af23, .sw, rs1: 31, rs2: 1, imm: 2046),  // sw ra,2046(t6)
        c(0x81f0_2023, .sw, rs1: 0, rs2: 31, imm: -2048),  // sw t6,-2048(zero)
        c(0x01ff_5f93, .srli, rd: 31, rs1: 30, imm: 31),  // srl t6,t5,0x1f
        c(0x41ff_5f93, .srai, rd: 31, rs1: 30, imm: 31),  // sra t6,t5,0x1f
        c(0x01ff_9f93, .slli, rd: 31, rs1: 31, imm: 31),  // sll t6,t6,0x1f
        c(0x41f0_0fb3, .sub, rd: 31, rs1: 0, rs2: 31),  // neg t6,t6
        c(0x03ff_7fb3, .remu, rd: 31, rs1: 30, rs2: 31),  // remu t6,t5,t6
        c(0x100f_afaf, .lrW, rd: 31, rs1: 31),  // lr.w t6,(t6)
        c(0x1fff_afaf, .scW, rd: 31, rs1: 31, rs2: 31, imm: 3),  // sc.w.aqrl t6,t6,(t6)
        c(0x0ff0_000f, .fence, imm: 0x0ff),  // fence
        c(0x8330_000f, .fence, imm: 0x833),  // fence.tso
        c(0x0000_100f, .fenceI),  // fence.i
        c(0x0000_0073, .ecall),
        c(0x0010_0073, .ebreak),
        c(0x3020_0073, .mret),
        c(0x1020_0073, .sret),
        c(0x1050_0073, .wfi),
        c(0xf140_2ff3, .csrrs, rd: 31, rs1: 0, imm: 0xf14),  // csrr t6,mhartid
        c(0xfff7_dff3, .csrrwi, rd: 31, rs1: 15, imm: 0xfff),  // csrrw t6,0xfff,15
        c(0x3401_1073, .csrrw, rd: 0, rs1: 2, imm: 0x340),  // csrw mscratch,sp
        c(0x12a0_0073, .sfenceVma, rs1: 0, rs2: 10),  // sfence.vma zero,a0
        c(0x0000_0033, .add),  // add zero,zero,zero
        c(0x40b6_0033, .sub, rd: 0, rs1: 12, rs2: 11),  // sub zero,a2,a1
        c(0xe4b6_252f, .amomaxuW, rd: 10, rs1: 12, rs2: 11, imm: 2),  // amomaxu.w.aq
        c(0x0ab6_252f, .amoswapW, rd: 10, rs1: 12, rs2: 11, imm: 1),  // amoswap.w.rl
        c(0x8000_0063, .beq, imm: -4096),  // beq zero,zero,-4096: minimum branch offset
        c(0xffff_8f83, .lb, rd: 31, rs1: 31, imm: -1),
        c(0x0000_4003, .lbu), c(0x0000_5003, .lhu), c(0x0000_1003, .lh),
        c(0x0000_0023, .sb), c(0x0000_1023, .sh),
    ]

    @Test("known words decode to the expected fields", arguments: cases)
    func knownWords(_ c: Case) {
        #expect(decode(c.word) == c.expected)
    }

    @Test("every R-type funct7/funct3 pair of OP maps to the right opcode")
    func opFunctions() {
        let table: [(UInt32, UInt32, Opcode)] = [
            (0, 0, .add), (0x20, 0, .sub), (0, 1, .sll), (0, 2, .slt), (0, 3, .sltu),
            (0, 4, .xor), (0, 5, .srl), (0x20, 5, .sra), (0, 6, .or), (0, 7, .and),
            (1, 0, .mul), (1, 1, .mulh), (1, 2, .mulhsu), (1, 3, .mulhu),
            (1, 4, .div), (1, 5, .divu), (1, 6, .rem), (1, 7, .remu),
            // Zba, Zbb, Zbc, Zbs (rs2 = x31 here, so pack rd,rs1,x31 is not zext.h)
            (0x10, 2, .sh1add), (0x10, 4, .sh2add), (0x10, 6, .sh3add),
            (0x20, 7, .andn), (0x20, 6, .orn), (0x20, 4, .xnor),
            (5, 6, .max), (5, 7, .maxu), (5, 4, .min), (5, 5, .minu),
            (0x30, 1, .rol), (0x30, 5, .ror), (5, 1, .clmul), (5, 2, .clmulr), (5, 3, .clmulh),
            (0x14, 1, .bset), (0x24, 1, .bclr), (0x34, 1, .binv), (0x24, 5, .bext),
        ]
        for funct7 in 0..<128 as Range<UInt32> {
            for funct3 in 0..<8 as Range<UInt32> {
                let word = funct7 << 25 | 31 << 20 | 1 << 15 | funct3 << 12 | 31 << 7 | 0x33
                let expected = table.first { $0.0 == funct7 && $0.1 == funct3 }?.2 ?? .illegal
                let inst = decode(word)
                #expect(inst.opcode == expected, "funct7 \(funct7) funct3 \(funct3)")
                if expected != .illegal {
                    #expect(inst.rd == 31 && inst.rs1 == 1 && inst.rs2 == 31 && inst.imm == 0)
                }
            }
        }
    }

    @Test("AMO funct5 values map to the right opcode and keep aq/rl")
    func atomics() {
        let table: [UInt32: Opcode] = [
            0b00010: .lrW, 0b00011: .scW, 0b00001: .amoswapW, 0b00000: .amoaddW,
            0b00100: .amoxorW, 0b01100: .amoandW, 0b01000: .amoorW, 0b10000: .amominW,
            0b10100: .amomaxW, 0b11000: .amominuW, 0b11100: .amomaxuW,
        ]
        for funct5 in 0..<32 as Range<UInt32> {
            for aqrl in 0..<4 as Range<UInt32> {
                let word = funct5 << 27 | aqrl << 25 | 2 << 12 | 5 << 15 | 7 << 7 | 0x2f
                let inst = decode(word)
                #expect(inst.opcode == table[funct5] ?? .illegal)
                if inst.opcode != .illegal { #expect(inst.imm == Int32(aqrl)) }
            }
        }
    }

    @Test("a halfword in the low bits of a word is decoded as compressed")
    func compressedDelegation() {
        // 0x4505 is c.li a0,1; the upper halfword is the next instruction and is ignored.
        let inst = decode(0xdead_4505)
        #expect(inst == Instruction(.addi, rd: 10, rs1: 0, imm: 1, raw: 0x4505, length: 2))
    }

    @Test("every ISA extension groups the right opcodes")
    func extensions() {
        #expect(Opcode.mul.isaExtension == .m && Opcode.remu.isaExtension == .m)
        #expect(Opcode.lrW.isaExtension == .a && Opcode.amomaxuW.isaExtension == .a)
        #expect(Opcode.csrrci.isaExtension == .zicsr)
        #expect(Opcode.fenceI.isaExtension == .zifencei)
        #expect(Opcode.sfenceVma.isaExtension == .privileged && Opcode.wfi.isaExtension == .privileged)
        #expect(Opcode.fence.isaExtension == .i && Opcode.ecall.isaExtension == .i)
        let counts = Dictionary(grouping: Opcode.allCases.filter { $0 != .illegal }) { $0.isaExtension }
            .mapValues(\.count)
        #expect(counts[.i] == 40)
        #expect(counts[.m] == 8)
        #expect(counts[.a] == 11)
        #expect(counts[.zicsr] == 6)
        #expect(counts[.zifencei] == 1)
        #expect(counts[.privileged] == 4)
        #expect(counts[.f] == 26)
        #expect(counts[.d] == 26)
    }
}
