import Foundation
import TestSupport

/// One instruction line of `objdump -d`/`-D` output.
struct ObjdumpLine {
    /// The address column.
    var address: UInt32
    /// The instruction bits as objdump grouped them (`"00151793"` or `"97aa"`).
    var hex: String
    /// The instruction column (mnemonic, tab, operands), with objdump's trailing
    /// `# ...` comment removed: that comment is a value objdump tracks across earlier
    /// `lui`/`auipc` instructions, which a one-instruction disassembler cannot know.
    var text: String
}

enum ObjdumpOutput {
    /// Parses the instruction lines of objdump's output (lines of the form
    /// `addr:<TAB>hex<TAB>text`); labels, headers and blank lines are skipped.
    static func parse(_ output: String) -> [ObjdumpLine] {
        var lines: [ObjdumpLine] = []
        for raw in output.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = raw.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3 else { continue }
            let addressField = fields[0].trimmingCharacters(in: .whitespaces)
            guard addressField.hasSuffix(":"),
                let address = UInt32(addressField.dropLast(), radix: 16)
            else { continue }
            var text = fields[2...].joined(separator: "\t")
            if let comment = text.range(of: " # ") { text = String(text[..<comment.lowerBound]) }
            while text.last == " " { text.removeLast() }
            lines.append(
                ObjdumpLine(
                    address: address, hex: fields[1].trimmingCharacters(in: .whitespaces),
                    text: text))
        }
        return lines
    }

    /// The mnemonic (first token) of an instruction column.
    static func mnemonic(_ text: String) -> String {
        String(text.prefix { $0 != "\t" })
    }

    /// Every mnemonic objdump can print for an instruction of the extensions emu decodes
    /// (RV32IMAC, Zicsr, Zifencei, Zba/Zbb/Zbc/Zbs, M/S-mode instructions), with its default aliases.
    /// A word objdump prints with one of these must not be illegal for emu.
    static let emuMnemonics: Set<String> = [
        "lui", "auipc", "jal", "j", "jalr", "jr", "ret",
        "beq", "bne", "blt", "bge", "bltu", "bgeu", "beqz", "bnez", "bltz", "bgez", "blez",
        "bgtz", "bgt", "ble", "bgtu", "bleu",
        "lb", "lh", "lw", "lbu", "lhu", "sb", "sh", "sw",
        "addi", "slti", "sltiu", "xori", "ori", "andi", "slli", "srli", "srai",
        "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
        "nop", "li", "mv", "not", "neg", "seqz", "snez", "sltz", "sgtz", "zext.b",
        "fence", "fence.tso", "fence.i", "ecall", "ebreak", "unimp",
        "csrrw", "csrrs", "csrrc", "csrrwi", "csrrsi", "csrrci",
        "csrr", "csrw", "csrs", "csrc", "csrwi", "csrsi", "csrci",
        "rdcycle", "rdtime", "rdinstret", "rdcycleh", "rdtimeh", "rdinstreth",
        "frflags", "fsflags", "fsflagsi", "frrm", "fsrm", "fsrmi", "frcsr", "fscsr",
        "mret", "sret", "wfi", "sfence.vma",
        "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
        "lr.w", "sc.w", "amoswap.w", "amoadd.w", "amoxor.w", "amoand.w", "amoor.w",
        "amomin.w", "amomax.w", "amominu.w", "amomaxu.w",
        "c.nop", "c.li", "c.lui", "c.mv", "c.add", "c.slli", "c.slli64", "c.srli64",
        "c.srai64",
        // Zba, Zbb, Zbc, Zbs (objdump prints the immediate forms with these names too)
        "sh1add", "sh2add", "sh3add", "andn", "orn", "xnor", "clz", "ctz", "cpop",
        "max", "maxu", "min", "minu", "sext.b", "sext.h", "zext.h", "rol", "ror", "rori",
        "orc.b", "rev8", "clmul", "clmulh", "clmulr", "bset", "bclr", "binv", "bext",
        "bseti", "bclri", "binvi", "bexti",
        // F and D, with objdump's aliases for sign injection
        "flw", "fsw", "fld", "fsd", "fmv.x.w", "fmv.w.x", "fcvt.s.d", "fcvt.d.s",
    ]

    /// The mnemonics of the F and D operations that come in `.s` and `.d` forms.
    static let floatMnemonics: Set<String> = {
        let bases: [String] = [
            "fmadd", "fmsub", "fnmsub", "fnmadd", "fadd", "fsub", "fmul", "fdiv", "fsqrt", "fsgnj",
            "fsgnjn", "fsgnjx", "fmin", "fmax", "feq", "flt", "fle", "fclass", "fcvt.w", "fcvt.wu",
            "fmv", "fneg", "fabs",
        ]
        var names: Set<String> = []
        for fmt in ["s", "d"] {
            for base in bases { names.insert(base + "." + fmt) }
            names.insert("fcvt." + fmt + ".w")
            names.insert("fcvt." + fmt + ".wu")
        }
        return names
    }()

    /// Whether objdump's mnemonic names an operation of emu's extensions (ignoring the
    /// `.aq`/`.rl` suffixes of the A extension).
    static func isEmuMnemonic(_ mnemonic: String) -> Bool {
        var base = mnemonic
        for suffix in [".aqrl", ".aq", ".rl"] where base.hasSuffix(suffix) && base.count > suffix.count {
            if emuMnemonics.contains(String(base.dropLast(suffix.count))) {
                base = String(base.dropLast(suffix.count))
                break
            }
        }
        return emuMnemonics.contains(base) || floatMnemonics.contains(base)
    }

    /// Whether `word` is `fcvt.d.w`, `fcvt.d.wu` or `fcvt.d.s` with a rounding mode other
    /// than 000: valid instructions (the conversion is exact, so rm changes nothing, and the
    /// spec leaves the field free), which binutils 2.40 knows only with rm = 000 and prints
    /// as `.4byte`. emu decodes and disassembles them (without the rm operand, as objdump
    /// prints the rm = 000 form); this is where emu says instruction and objdump does not.
    static func isFloatConversionQuirk(_ word: UInt32) -> Bool {
        guard word & 0x7f == 0x53, (word >> 12) & 7 != 0 else { return false }
        let funct7 = word >> 25, rs2 = (word >> 20) & 31
        return (funct7 == 0b110_1001 && rs2 <= 1) || (funct7 == 0b010_0001 && rs2 == 0)
    }

    /// Whether `word` is one of the documented objdump quirks, where emu and objdump
    /// disagree on whether it is an instruction (see also `isFloatConversionQuirk`).
    ///
    /// Known objdump (binutils 2.40) quirks, where emu deliberately differs:
    /// - RV32 compressed shifts with `shamt[5] = 1` (`c.slli`, `c.srli`, `c.srai` with bit 12
    ///   set): objdump prints them as shifts by 32...63 (`srl s1,s1,0x2b`) even for
    ///   `riscv:rv32`, which does not check the shift width for RVC. The RVC spec reserves
    ///   these code points on RV32 ("designated for custom extensions"), and a 32-bit
    ///   register cannot be shifted by 32 or more, so emu decodes them as illegal. The same
    ///   holds for the 32-bit `slli`/`srli`/`srai` with bit 25 set (funct7 0000001/0100001),
    ///   which objdump 2.40 prints as `sll a0,a1,0x25`.
    /// - `c.addi16sp` with `nzimm = 0` (0x6101 with only rd = sp): objdump prints
    ///   `add sp,sp,0`; the RVC spec reserves this code point, and emu decodes it as illegal.
    static func isKnownQuirk(_ word: UInt32, length: Int) -> Bool {
        if length == 4, isFloatConversionQuirk(word) { return true }
        guard length == 2 else {
            // slli/srli/srai with bit 25 (shamt[5]) set.
            let isShift = word & 0x7f == 0x13 && (word >> 12) & 3 == 1
            return isShift && (word >> 25) & 1 == 1
        }
        if word & 0xef83 == 0x6101 { return true }  // c.addi16sp with nzimm = 0
        let quadrant = word & 3, funct3 = (word >> 13) & 7, bit12 = (word >> 12) & 1
        let isQ1Shift = quadrant == 1 && funct3 == 0b100 && (word >> 10) & 3 < 2
        let isQ2Shift = quadrant == 2 && funct3 == 0b000
        return bit12 == 1 && (isQ1Shift || isQ2Shift)
    }
}
