// MARK: - F and D: what each floating-point opcode is called and how it is encoded

/// Which register file an operand of a floating-point instruction names.
public enum FloatOperandFile: Sendable {
    /// x0–x31.
    case integer
    /// f0–f31.
    case float
}

/// How a floating-point instruction lays out its operands, with the fixed fields that
/// select it (unprivileged spec, chapters "F" and "D", RV32 forms).
///
/// In `Instruction` the rounding mode (`funct3` of the forms that have one) is kept in
/// `imm`, and the fused forms keep `rs3 << 3 | rm` there (see `Instruction.rm`,
/// `Instruction.rs3`).
enum FloatShape {
    /// LOAD-FP (0000111): `rd(f), imm(rs1)`; `funct3` is the width.
    case load(funct3: UInt32)
    /// STORE-FP (0100111): `rs2(f), imm(rs1)`.
    case store(funct3: UInt32)
    /// R4-type fused multiply-add: `major` is MADD/MSUB/NMSUB/NMADD, `fmt` 00 (S) or 01 (D).
    case fused(major: UInt32, fmt: UInt32)
    /// OP-FP with a rounding mode and two float sources: `rd, rs1, rs2` all f.
    case binary(funct7: UInt32)
    /// OP-FP with a rounding mode and one source; the `rs2` field is part of the opcode.
    case unary(funct7: UInt32, rs2: UInt32, rd: FloatOperandFile, rs1: FloatOperandFile)
    /// OP-FP with `funct3` fixed (no rounding mode): sign injection, min/max, compares,
    /// moves, classify. `twoSources` false: the `rs2` field must be 0.
    case fixed(funct7: UInt32, funct3: UInt32, rd: FloatOperandFile, rs1: FloatOperandFile, twoSources: Bool)
}

extension Opcode {
    /// The encoding shape of an F or D opcode; nil for every other opcode.
    var floatShape: FloatShape? {
        switch self {
        case .flw: return .load(funct3: 0b010)
        case .fld: return .load(funct3: 0b011)
        case .fsw: return .store(funct3: 0b010)
        case .fsd: return .store(funct3: 0b011)
        case .fmaddS: return .fused(major: 0b100_0011, fmt: 0)
        case .fmsubS: return .fused(major: 0b100_0111, fmt: 0)
        case .fnmsubS: return .fused(major: 0b100_1011, fmt: 0)
        case .fnmaddS: return .fused(major: 0b100_1111, fmt: 0)
        case .fmaddD: return .fused(major: 0b100_0011, fmt: 1)
        case .fmsubD: return .fused(major: 0b100_0111, fmt: 1)
        case .fnmsubD: return .fused(major: 0b100_1011, fmt: 1)
        case .fnmaddD: return .fused(major: 0b100_1111, fmt: 1)
        case .faddS: return .binary(funct7: 0b000_0000)
        case .faddD: return .binary(funct7: 0b000_0001)
        case .fsubS: return .binary(funct7: 0b000_0100)
        case .fsubD: return .binary(funct7: 0b000_0101)
        case .fmulS: return .binary(funct7: 0b000_1000)
        case .fmulD: return .binary(funct7: 0b000_1001)
        case .fdivS: return .binary(funct7: 0b000_1100)
        case .fdivD: return .binary(funct7: 0b000_1101)
        case .fsqrtS: return .unary(funct7: 0b010_1100, rs2: 0, rd: .float, rs1: .float)
        case .fsqrtD: return .unary(funct7: 0b010_1101, rs2: 0, rd: .float, rs1: .float)
        case .fsgnjS: return .fixed(funct7: 0b001_0000, funct3: 0, rd: .float, rs1: .float, twoSources: true)
        case .fsgnjnS: return .fixed(funct7: 0b001_0000, funct3: 1, rd: .float, rs1: .float, twoSources: true)
        case .fsgnjxS: return .fixed(funct7: 0b001_0000, funct3: 2, rd: .float, rs1: .float, twoSources: true)
        case .fsgnjD: return .fixed(funct7: 0b001_0001, funct3: 0, rd: .float, rs1: .float, twoSources: true)
        case .fsgnjnD: return .fixed(funct7: 0b001_0001, funct3: 1, rd: .float, rs1: .float, twoSources: true)
        case .fsgnjxD: return .fixed(funct7: 0b001_0001, funct3: 2, rd: .float, rs1: .float, twoSources: true)
        case .fminS: return .fixed(funct7: 0b001_0100, funct3: 0, rd: .float, rs1: .float, twoSources: true)
        case .fmaxS: return .fixed(funct7: 0b001_0100, funct3: 1, rd: .float, rs1: .float, twoSources: true)
        case .fminD: return .fixed(funct7: 0b001_0101, funct3: 0, rd: .float, rs1: .float, twoSources: true)
        case .fmaxD: return .fixed(funct7: 0b001_0101, funct3: 1, rd: .float, rs1: .float, twoSources: true)
        case .fcvtSD: return .unary(funct7: 0b010_0000, rs2: 1, rd: .float, rs1: .float)
        case .fcvtDS: return .unary(funct7: 0b010_0001, rs2: 0, rd: .float, rs1: .float)
        case .feqS: return .fixed(funct7: 0b101_0000, funct3: 2, rd: .integer, rs1: .float, twoSources: true)
        case .fltS: return .fixed(funct7: 0b101_0000, funct3: 1, rd: .integer, rs1: .float, twoSources: true)
        case .fleS: return .fixed(funct7: 0b101_0000, funct3: 0, rd: .integer, rs1: .float, twoSources: true)
        case .feqD: return .fixed(funct7: 0b101_0001, funct3: 2, rd: .integer, rs1: .float, twoSources: true)
        case .fltD: return .fixed(funct7: 0b101_0001, funct3: 1, rd: .integer, rs1: .float, twoSources: true)
        case .fleD: return .fixed(funct7: 0b101_0001, funct3: 0, rd: .integer, rs1: .float, twoSources: true)
        case .fcvtWS: return .unary(funct7: 0b110_0000, rs2: 0, rd: .integer, rs1: .float)
        case .fcvtWuS: return .unary(funct7: 0b110_0000, rs2: 1, rd: .integer, rs1: .float)
        case .fcvtWD: return .unary(funct7: 0b110_0001, rs2: 0, rd: .integer, rs1: .float)
        case .fcvtWuD: return .unary(funct7: 0b110_0001, rs2: 1, rd: .integer, rs1: .float)
        case .fcvtSW: return .unary(funct7: 0b110_1000, rs2: 0, rd: .float, rs1: .integer)
        case .fcvtSWu: return .unary(funct7: 0b110_1000, rs2: 1, rd: .float, rs1: .integer)
        case .fcvtDW: return .unary(funct7: 0b110_1001, rs2: 0, rd: .float, rs1: .integer)
        case .fcvtDWu: return .unary(funct7: 0b110_1001, rs2: 1, rd: .float, rs1: .integer)
        case .fmvXW: return .fixed(funct7: 0b111_0000, funct3: 0, rd: .integer, rs1: .float, twoSources: false)
        case .fclassS: return .fixed(funct7: 0b111_0000, funct3: 1, rd: .integer, rs1: .float, twoSources: false)
        case .fclassD: return .fixed(funct7: 0b111_0001, funct3: 1, rd: .integer, rs1: .float, twoSources: false)
        case .fmvWX: return .fixed(funct7: 0b111_1000, funct3: 0, rd: .float, rs1: .integer, twoSources: false)
        default: return nil
        }
    }

    /// The extension of an F or D opcode; nil for every other opcode.
    public var floatExtension: ISAExtension? {
        switch self {
        case .flw, .fsw, .fmaddS, .fmsubS, .fnmsubS, .fnmaddS, .faddS, .fsubS, .fmulS, .fdivS,
            .fsqrtS, .fsgnjS, .fsgnjnS, .fsgnjxS, .fminS, .fmaxS, .fcvtWS, .fcvtWuS, .fmvXW,
            .feqS, .fltS, .fleS, .fclassS, .fcvtSW, .fcvtSWu, .fmvWX:
            return .f
        case .fld, .fsd, .fmaddD, .fmsubD, .fnmsubD, .fnmaddD, .faddD, .fsubD, .fmulD, .fdivD,
            .fsqrtD, .fsgnjD, .fsgnjnD, .fsgnjxD, .fminD, .fmaxD, .fcvtSD, .fcvtDS,
            .feqD, .fltD, .fleD, .fclassD, .fcvtWD, .fcvtWuD, .fcvtDW, .fcvtDWu:
            return .d
        default: return nil
        }
    }

    /// Whether the F/D instruction has a rounding-mode field (`Instruction.rm`).
    public var hasRoundingMode: Bool {
        switch floatShape {
        case .fused, .binary, .unary: return true
        default: return false
        }
    }

    /// How many source registers an F/D instruction reads: 1 (`rs1`), 2 (`rs1`, `rs2`) or
    /// 3 (the fused forms' `rs1`, `rs2`, `rs3`); 0 for other opcodes.
    public var floatSourceCount: Int {
        switch floatShape {
        case .load, .unary: return 1
        case .store, .binary: return 2
        case .fused: return 3
        case .fixed(_, _, _, _, let twoSources): return twoSources ? 2 : 1
        case nil: return 0
        }
    }

    /// Whether the F/D opcode operates on double-precision values (its `fmt` is D); for
    /// conversions, whether its floating-point source is double (`fcvt.s.d`, `fcvt.w.d`).
    public var isDoublePrecision: Bool { floatExtension == .d && self != .fcvtDS }

    /// The file `rd` of an F/D instruction names (stores have no `rd`: `.float` is unused).
    public var floatDestinationFile: FloatOperandFile {
        switch floatShape {
        case .unary(_, _, let rd, _), .fixed(_, _, let rd, _, _): return rd
        default: return .float
        }
    }

    /// The file `rs1` of an F/D instruction names (the base of loads and stores: integer).
    public var floatSourceFile: FloatOperandFile {
        switch floatShape {
        case .load, .store: return .integer
        case .unary(_, _, _, let rs1), .fixed(_, _, _, let rs1, _): return rs1
        default: return .float
        }
    }

    /// The spec's mnemonic of an F or D opcode (`fmadd.s`, `fcvt.wu.d`); nil for others.
    var floatMnemonic: String? {
        guard let ext = floatExtension else { return nil }
        switch self {
        case .flw: return "flw"
        case .fsw: return "fsw"
        case .fld: return "fld"
        case .fsd: return "fsd"
        case .fmvXW: return "fmv.x.w"
        case .fmvWX: return "fmv.w.x"
        case .fcvtWS: return "fcvt.w.s"
        case .fcvtWuS: return "fcvt.wu.s"
        case .fcvtSW: return "fcvt.s.w"
        case .fcvtSWu: return "fcvt.s.wu"
        case .fcvtWD: return "fcvt.w.d"
        case .fcvtWuD: return "fcvt.wu.d"
        case .fcvtDW: return "fcvt.d.w"
        case .fcvtDWu: return "fcvt.d.wu"
        case .fcvtSD: return "fcvt.s.d"
        case .fcvtDS: return "fcvt.d.s"
        default:
            // faddS -> fadd.s: the case name without its final letter, then the format.
            let name = "\(self)"
            return String(name.dropLast()) + (ext == .d ? ".d" : ".s")
        }
    }
}

extension Instruction {
    /// The rounding-mode field of an F/D instruction that has one (0...7; 7 is dynamic).
    public var rm: UInt8 { UInt8(truncatingIfNeeded: imm & 7) }
    /// The third source register of a fused multiply-add (R4-type).
    public var rs3: UInt8 { UInt8(truncatingIfNeeded: (imm >> 3) & 31) }
}
