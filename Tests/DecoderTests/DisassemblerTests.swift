import Decoder
import Testing

/// Disassembler behaviour that the objdump oracle tests cannot pin down on their own
/// (symbols, the pc, robustness against odd field values), plus the name tables. The
/// expected strings are objdump's output for the same bits.
@Suite("disassembler")
struct DisassemblerTests {
    @Test("targets are absolute hex with the symbol text in angle brackets")
    func targets() {
        // 100bc: fef71ee3  bne a4,a5,100b8 <main+0x14>
        let bne = decode(0xfef7_1ee3)
        #expect(disassemble(bne, pc: 0x100bc) == "bne\ta4,a5,100b8")
        var asked: [UInt32] = []
        let text = disassemble(bne, pc: 0x100bc) { address in
            asked.append(address)
            return "main+0x14"
        }
        #expect(text == "bne\ta4,a5,100b8 <main+0x14>")
        #expect(asked == [0x100b8])
        // 100da: 37e9  jal 100a4 <main>
        #expect(disassembleRaw(word: 0x37e9, pc: 0x100da) { _ in "main" } == "jal\t100a4 <main>")
        // 100dc: a001  j 100dc <_start+0xa>
        #expect(disassembleRaw(word: 0xa001, pc: 0x100dc) == "j\t100dc")
    }

    @Test("targets wrap around the 32-bit address space")
    func wrapping() {
        // jal 0xfff0000c at pc 0xc (offset -1 MiB)
        #expect(disassembleRaw(word: 0x8000_00ef, pc: 0xc) == "jal\tfff0000c")
        #expect(disassembleRaw(word: 0x7fff_f0ef, pc: 0xffff_fff0) == "jal\tfffee")
    }

    @Test("instructions without a target ignore the symbol closure")
    func noTarget() {
        var called = false
        let text = disassembleRaw(word: 0x0015_1793, pc: 0) { _ in
            called = true
            return "x"
        }
        #expect(text == "sll\ta5,a0,0x1")
        #expect(!called)
    }

    @Test("objdump's aliases for common forms")
    func aliases() {
        let table: [(UInt32, String)] = [
            (0x0000_0013, "nop"), (0x0050_0513, "li\ta0,5"), (0x0005_8513, "mv\ta0,a1"),
            (0xfff5_c513, "not\ta0,a1"), (0x0015_b513, "seqz\ta0,a1"),
            (0x40b0_0533, "neg\ta0,a1"), (0x00b0_3533, "snez\ta0,a1"),
            (0x0005_a533, "sltz\ta0,a1"), (0x00b0_2533, "sgtz\ta0,a1"),
            (0x0ff5_f513, "zext.b\ta0,a1"), (0x0000_8067, "ret"), (0x0005_0067, "jr\ta0"),
            (0x0005_00e7, "jalr\ta0"), (0x0045_0567, "jalr\ta0,4(a0)"),
            (0xc000_20f3, "rdcycle\tra"), (0xc820_20f3, "rdinstreth\tra"),
            (0xc000_1073, "unimp"), (0x3000_20f3, "csrr\tra,mstatus"),
            (0x3000_5073, "csrw\tmstatus,0"), (0x0011_5073, "fsflagsi\tzero,2"),
            (0x0000_000f, "fence\tunknown,unknown"), (0x0330_000f, "fence\trw,rw"),
            (0x1206_252f, "lr.w.rl\ta0,(a2)"), (0x1220_8073, "sfence.vma\tra,sp"),
        ]
        for (word, text) in table {
            #expect(disassembleRaw(word: word, pc: 0) == text, "0x\(String(word, radix: 16))")
        }
    }

    @Test("field values no decoder produces print without trapping")
    func hostileFields() {
        let odd = Instruction(.add, rd: 200, rs1: 32, rs2: 255)
        #expect(disassemble(odd, pc: 0) == "add\tx200,x32,x255")
        let csr = Instruction(.csrrs, rd: 1, rs1: 0, imm: -1)
        #expect(disassemble(csr, pc: 0) == "csrr\tra,0xffffffff")
        _ = disassemble(Instruction(.addi, rd: 99, imm: 5, raw: 0x4505, length: 2), pc: 0)
        _ = disassemble(Instruction(.fence, imm: .min), pc: 0)
    }

    @Test("ABI register names")
    func registerNames() {
        #expect(abiRegisterNames.count == 32)
        #expect(abiRegisterNames[0] == "zero" && abiRegisterNames[2] == "sp")
        #expect(abiRegisterNames[8] == "s0" && abiRegisterNames[10] == "a0")
        #expect(abiRegisterNames[18] == "s2" && abiRegisterNames[27] == "s11")
        #expect(abiRegisterNames[28] == "t3" && abiRegisterNames[31] == "t6")
        #expect(Set(abiRegisterNames).count == 32)
    }

    @Test("CSR names as objdump spells them")
    func csrNames() {
        let table: [(UInt16, String?)] = [
            (0x300, "mstatus"), (0x301, "misa"), (0x304, "mie"), (0x305, "mtvec"),
            (0x340, "mscratch"), (0x341, "mepc"), (0x342, "mcause"), (0x343, "mtval"),
            (0x344, "mip"), (0xf14, "mhartid"), (0xf11, "mvendorid"), (0x3a3, "pmpcfg3"),
            (0x3bf, "pmpaddr15"), (0xb00, "mcycle"), (0xb82, "minstreth"), (0x180, "satp"),
            (0x100, "sstatus"), (0xc00, "cycle"), (0xc81, "timeh"), (0xc03, "hpmcounter3"),
            (0xc9f, "hpmcounter31h"), (0x323, "mhpmevent3"), (0x001, "fflags"),
            (0x7c0, nil), (0x000, nil), (0xfff, nil),
        ]
        for (number, name) in table {
            #expect(csrName(number) == name, "0x\(String(number, radix: 16))")
        }
    }
}
