// MARK: - Zba, Zbb, Zbc, Zbs: what each bit-manipulation opcode is called and how it is encoded

/// How a bit-manipulation instruction lays out its operands, with the fixed fields that
/// select it (all from the "B" chapter of the unprivileged spec, RV32 forms).
enum BitManipShape {
    /// OP (0110011) with `funct7` and `funct3`: `rd, rs1, rs2`.
    case registerRegister(funct7: UInt32, funct3: UInt32)
    /// One source register: the whole `imm[11:0]` field (bits 31:20) is fixed, so the
    /// `rs2` field is part of the opcode (`clz` is 0x600, `ctz` 0x601, ...). `major` is
    /// OP-IMM (0010011) for all of them except RV32's `zext.h`, which is OP (0110011).
    case unary(major: UInt32, funct3: UInt32, funct12: UInt32)
    /// OP-IMM with `funct7` and `funct3` and a 5-bit shift amount in bits 24:20 (RV32:
    /// bit 25, `shamt[5]`, must be 0).
    case shiftImmediate(funct7: UInt32, funct3: UInt32)
}

extension Opcode {
    /// The encoding shape of a Zba/Zbb/Zbc/Zbs opcode; nil for every other opcode.
    var bitManipShape: BitManipShape? {
        switch self {
        // Zba
        case .sh1add: return .registerRegister(funct7: 0b001_0000, funct3: 0b010)
        case .sh2add: return .registerRegister(funct7: 0b001_0000, funct3: 0b100)
        case .sh3add: return .registerRegister(funct7: 0b001_0000, funct3: 0b110)
        // Zbb
        case .andn: return .registerRegister(funct7: 0b010_0000, funct3: 0b111)
        case .orn: return .registerRegister(funct7: 0b010_0000, funct3: 0b110)
        case .xnor: return .registerRegister(funct7: 0b010_0000, funct3: 0b100)
        case .clz: return .unary(major: 0b001_0011, funct3: 0b001, funct12: 0x600)
        case .ctz: return .unary(major: 0b001_0011, funct3: 0b001, funct12: 0x601)
        case .cpop: return .unary(major: 0b001_0011, funct3: 0b001, funct12: 0x602)
        case .sextB: return .unary(major: 0b001_0011, funct3: 0b001, funct12: 0x604)
        case .sextH: return .unary(major: 0b001_0011, funct3: 0b001, funct12: 0x605)
        case .max: return .registerRegister(funct7: 0b000_0101, funct3: 0b110)
        case .maxu: return .registerRegister(funct7: 0b000_0101, funct3: 0b111)
        case .min: return .registerRegister(funct7: 0b000_0101, funct3: 0b100)
        case .minu: return .registerRegister(funct7: 0b000_0101, funct3: 0b101)
        // RV32's zext.h is the OP encoding of pack with rs2 = x0 (RV64 uses OP-32).
        case .zextH: return .unary(major: 0b011_0011, funct3: 0b100, funct12: 0x080)
        case .rol: return .registerRegister(funct7: 0b011_0000, funct3: 0b001)
        case .ror: return .registerRegister(funct7: 0b011_0000, funct3: 0b101)
        case .rori: return .shiftImmediate(funct7: 0b011_0000, funct3: 0b101)
        case .orcB: return .unary(major: 0b001_0011, funct3: 0b101, funct12: 0x287)
        // RV32's rev8 (0x698); RV64's is 0x6b8.
        case .rev8: return .unary(major: 0b001_0011, funct3: 0b101, funct12: 0x698)
        // Zbc
        case .clmul: return .registerRegister(funct7: 0b000_0101, funct3: 0b001)
        case .clmulr: return .registerRegister(funct7: 0b000_0101, funct3: 0b010)
        case .clmulh: return .registerRegister(funct7: 0b000_0101, funct3: 0b011)
        // Zbs
        case .bset: return .registerRegister(funct7: 0b001_0100, funct3: 0b001)
        case .bclr: return .registerRegister(funct7: 0b010_0100, funct3: 0b001)
        case .binv: return .registerRegister(funct7: 0b011_0100, funct3: 0b001)
        case .bext: return .registerRegister(funct7: 0b010_0100, funct3: 0b101)
        case .bseti: return .shiftImmediate(funct7: 0b001_0100, funct3: 0b001)
        case .bclri: return .shiftImmediate(funct7: 0b010_0100, funct3: 0b001)
        case .binvi: return .shiftImmediate(funct7: 0b011_0100, funct3: 0b001)
        case .bexti: return .shiftImmediate(funct7: 0b010_0100, funct3: 0b101)
        default: return nil
        }
    }

    /// The extension of a Zba/Zbb/Zbc/Zbs opcode; nil for every other opcode.
    public var bitManipExtension: ISAExtension? {
        switch self {
        case .sh1add, .sh2add, .sh3add: return .zba
        case .andn, .orn, .xnor, .clz, .ctz, .cpop, .max, .maxu, .min, .minu,
            .sextB, .sextH, .zextH, .rol, .ror, .rori, .orcB, .rev8:
            return .zbb
        case .clmul, .clmulh, .clmulr: return .zbc
        case .bset, .bclr, .binv, .bext, .bseti, .bclri, .binvi, .bexti: return .zbs
        default: return nil
        }
    }

    /// The spec's mnemonic of a Zba/Zbb/Zbc/Zbs opcode; nil for every other opcode.
    var bitManipMnemonic: String? {
        switch self {
        case .sextB: return "sext.b"
        case .sextH: return "sext.h"
        case .zextH: return "zext.h"
        case .orcB: return "orc.b"
        default: return bitManipExtension == nil ? nil : "\(self)"
        }
    }
}
