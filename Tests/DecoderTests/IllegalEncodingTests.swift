import Decoder
import Testing

/// Reserved and unknown encodings, 32-bit and 16-bit: each must decode to `.illegal`
/// with its bits kept and the right length, and print as objdump prints unknown bits.
@Suite("decode: illegal encodings")
struct IllegalEncodingTests {
    /// 32-bit words that are not RV32IMAFD/Zicsr/Zifencei/privileged instructions.
    static let words: [UInt32] = [
        0x0200_9093,  // slli ra,ra,32: shamt[5] (bit 25) set, reserved on RV32
        0x0200_d093,  // srli with bit 25 set
        0x4200_d093,  // srai with bit 25 set
        0x8000_d093,  // srli with funct7 1000000
        0x0000_2063,  // branch funct3 010
        0x0000_3063,  // branch funct3 011
        0x0000_3003,  // load funct3 011 (ld is RV64)
        0x0000_6003,  // load funct3 110 (lwu is RV64)
        0x0000_3023,  // store funct3 011 (sd is RV64)
        0x0000_1067,  // jalr funct3 001
        0x8000_0033,  // add with funct7 1000000
        0x4000_1033,  // sll with funct7 0100000
        0x0400_0033,  // funct7 0000010
        0x0000_0013 | 0x7f,  // opcode 1111111: a 80-bit-and-longer prefix
        0x0000_001f,  // 48-bit prefix
        0x0000_003f,  // 64-bit prefix
        0x0000_000b,  // custom-0
        0x0000_4007,  // LOAD-FP funct3 100 (flq: no Q extension)
        0x0000_1007,  // LOAD-FP funct3 001 (flh: no Zfh)
        0x0000_4027,  // STORE-FP funct3 100 (fsq)
        0x0600_0053,  // OP-FP fadd with fmt 11 (Q)
        0x0400_0043,  // fmadd with fmt 10 (H)
        0xe200_0053,  // fmv.x.d (RV64 only)
        0xc020_0053,  // fcvt.l.s (RV64 only)
        0x5810_0053,  // fsqrt.s with rs2 = 1
        0x2000_3053,  // fsgnj funct3 011
        0xa000_3053,  // fcmp funct3 011
        0xf000_1053,  // fmv.w.x with funct3 001
        0x0000_001b,  // OP-IMM-32 (RV64)
        0x0000_003b,  // OP-32 (RV64)
        0x0ff0_008f,  // fence with rd = ra
        0x0ff0_800f,  // fence with rs1 = ra
        0x1ff0_000f,  // fence with fm = 0001
        0x8ff0_000f,  // fence with fm = 1000 but not pred = succ = rw
        0x0000_200f,  // MISC-MEM funct3 010
        0x0010_100f,  // fence.i with imm = 1
        0x0000_108f,  // fence.i with rd = ra
        0x0000_900f,  // fence.i with rs1 = ra
        0x0020_0073,  // uret (N extension, not implemented)
        0x7b20_0073,  // dret (debug mode)
        0x0000_0873,  // ecall with rd = a6
        0x0000_8073,  // ecall with rs1 = ra
        0x0010_80f3,  // ebreak with rd/rs1 set
        0x1200_00f3,  // sfence.vma with rd = ra
        0x3020_0873,  // mret with rd set
        0x0000_4073,  // SYSTEM funct3 100 (hypervisor loads)
        0x1000_0073,  // SYSTEM funct12 0x100
        0x1061_252f,  // lr.w with rs2 = ra
        0x0000_352f,  // AMO funct3 011 (RV64 .d)
        0x0000_152f,  // AMO funct3 001
        0x2800_252f,  // AMO funct5 00101
        0xf800_252f,  // AMO funct5 11111
    ]

    @Test("reserved 32-bit encodings are illegal", arguments: words)
    func thirtyTwoBit(_ word: UInt32) {
        let inst = decode(word)
        #expect(inst == Instruction(.illegal, raw: word, length: 4))
        #expect(disassemble(inst, pc: 0) == ".4byte\t0x" + String(word, radix: 16))
    }

    /// 16-bit halfwords that are reserved or RV64-only.
    static let halves: [UInt16] = [
        0x0000,  // all zero: defined illegal
        0x0004,  // c.addi4spn with nzuimm = 0
        0x001c,  // c.addi4spn with nzuimm = 0 and rd' = a5
        0x8000,  // quadrant 0 funct3 100: reserved
        0x6101,  // c.addi16sp with nzimm = 0
        0x6081,  // c.lui ra with nzimm = 0
        0x6001,  // c.lui zero with nzimm = 0
        0x9001,  // c.srli with shamt[5] = 1
        0x9401,  // c.srai with shamt[5] = 1
        0x9c01,  // c.subw (RV64)
        0x9c21,  // c.addw (RV64)
        0x9c41,  // reserved
        0x9c61,  // reserved
        0x1002,  // c.slli with shamt[5] = 1
        0x4002,  // c.lwsp with rd = 0
        0x8002,  // c.jr with rs1 = 0
    ]

    @Test("reserved 16-bit encodings are illegal", arguments: halves)
    func sixteenBit(_ half: UInt16) {
        let inst = decodeCompressed(half)
        #expect(inst == Instruction(.illegal, raw: UInt32(half), length: 2))
        let text = disassemble(inst, pc: 0)
        #expect(text == (half == 0 ? "unimp" : ".2byte\t0x" + String(half, radix: 16)))
        // Through decode(_:) too, with garbage in the upper halfword.
        #expect(decode(0xabcd_0000 | UInt32(half)) == inst)
    }

    @Test("a halfword whose low bits are 11 is not compressed")
    func notCompressed() {
        #expect(decodeCompressed(0x0013) == Instruction(.illegal, raw: 0x13, length: 2))
    }
}
