// MARK: - F and D

/// The ABI names of f0...f31, as GNU objdump prints them.
public let abiFloatRegisterNames: [String] = [
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
    "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
]

/// The ABI name of f`n`; `f<n>` for a number no register has (never a trap).
func floatRegName(_ n: UInt8) -> String {
    n < 32 ? abiFloatRegisterNames[Int(n)] : "f\(n)"
}

/// objdump's text for an F or D instruction, or nil for any other opcode.
///
/// objdump (binutils 2.40) prints the rounding mode as a last operand unless it is the
/// dynamic one (7), spells the reserved modes 5 and 6 `unknown`, and prints sign
/// injection with equal sources as `fmv`/`fneg`/`fabs`. The exact conversions to double
/// (`fcvt.d.w`, `fcvt.d.wu`, `fcvt.d.s`) print without a rounding mode: binutils 2.40
/// knows them only with rm = 000 and prints the other rm values as `.4byte` (a quirk the
/// objdump test lists), though they are valid instructions.
func floatText(_ inst: Instruction) -> String? {
    guard let shape = inst.opcode.floatShape, let mnemonic = inst.opcode.floatMnemonic else { return nil }
    func name(_ n: UInt8, _ file: FloatOperandFile) -> String {
        file == .float ? floatRegName(n) : regName(n)
    }
    let roundingSuffix: [String]
    switch inst.opcode {
    case .fcvtDW, .fcvtDWu, .fcvtDS: roundingSuffix = []
    default:
        switch inst.rm {
        case 7: roundingSuffix = []
        case 5, 6: roundingSuffix = ["unknown"]
        default: roundingSuffix = [["rne", "rtz", "rdn", "rup", "rmm"][Int(inst.rm)]]
        }
    }
    func join(_ mnemonic: String, _ operands: [String]) -> String {
        mnemonic + "\t" + operands.joined(separator: ",")
    }
    let fd = floatRegName(inst.rd), fs1 = floatRegName(inst.rs1), fs2 = floatRegName(inst.rs2)
    switch shape {
    case .load:
        return line(mnemonic, fd, memory(inst.imm, inst.rs1))
    case .store:
        return line(mnemonic, fs2, memory(inst.imm, inst.rs1))
    case .fused:
        return join(mnemonic, [fd, fs1, fs2, floatRegName(inst.rs3)] + roundingSuffix)
    case .binary:
        return join(mnemonic, [fd, fs1, fs2] + roundingSuffix)
    case .unary(_, _, let rdFile, let rs1File):
        return join(mnemonic, [name(inst.rd, rdFile), name(inst.rs1, rs1File)] + roundingSuffix)
    case .fixed(_, let funct3, let rdFile, let rs1File, let twoSources):
        let fmt = inst.opcode.isDoublePrecision ? ".d" : ".s"
        if inst.opcode.floatShape.map(isSignInjection) == true, inst.rs1 == inst.rs2 {
            return line(["fmv", "fneg", "fabs"][Int(funct3)] + fmt, fd, fs1)
        }
        let rd = name(inst.rd, rdFile), rs1 = name(inst.rs1, rs1File)
        return twoSources ? line(mnemonic, rd, rs1, fs2) : line(mnemonic, rd, rs1)
    }
}

/// Whether a shape is OP-FP's sign injection (funct7 0010000 or 0010001).
private func isSignInjection(_ shape: FloatShape) -> Bool {
    if case .fixed(let funct7, _, _, _, _) = shape { return funct7 >> 1 == 0b001_000 }
    return false
}
