import Decoder

/// The set of extensions a machine implements, as chosen with `--isa` (parsed by
/// `ISASet.parse(_:)`, in ISASet+Parsing.swift).
public struct ISASet: Sendable, Equatable, CustomStringConvertible {
    /// The M extension (multiply and divide).
    public var m: Bool
    /// The A extension (atomics).
    public var a: Bool
    /// The F extension (single-precision floating point).
    public var f: Bool
    /// The D extension (double-precision floating point; needs F).
    public var d: Bool
    /// The C extension (compressed instructions).
    public var c: Bool
    /// Zba (shift-and-add).
    public var zba: Bool
    /// Zbb (basic bit manipulation).
    public var zbb: Bool
    /// Zbc (carry-less multiplication).
    public var zbc: Bool
    /// Zbs (single-bit operations).
    public var zbs: Bool

    /// Creates a set; RV32I, Zicsr and Zifencei are always present.
    public init(m: Bool = true, a: Bool = true, f: Bool = true, d: Bool = true, c: Bool = true,
                zba: Bool = true, zbb: Bool = true, zbc: Bool = true, zbs: Bool = true) {
        self.m = m
        self.a = a
        self.f = f
        self.d = d
        self.c = c
        self.zba = zba
        self.zbb = zbb
        self.zbc = zbc
        self.zbs = zbs
    }

    /// RV32I with Zicsr and Zifencei only.
    public static let base = ISASet(m: false, a: false, f: false, d: false, c: false,
                                    zba: false, zbb: false, zbc: false, zbs: false)

    /// Everything emu implements, and the default: `rv32gc_zba_zbb_zbc_zbs`.
    public static let all = ISASet()

    /// Whether the set has `ext` (the base, Zicsr, Zifencei and the privileged
    /// instructions always).
    public func contains(_ ext: ISAExtension) -> Bool {
        switch ext {
        case .i, .zicsr, .zifencei, .privileged: return true
        case .m: return m
        case .a: return a
        case .f: return f
        case .d: return d
        case .zba: return zba
        case .zbb: return zbb
        case .zbc: return zbc
        case .zbs: return zbs
        }
    }

    /// Whether an instruction belongs to this set.
    public func allows(_ instruction: Instruction) -> Bool {
        if instruction.isCompressed && !c { return false }
        return contains(instruction.opcode.isaExtension)
    }

    /// The `misa` extension bits (A = bit 0, C = bit 2, D = bit 3, F = bit 5, I = bit 8,
    /// M = bit 12, U = bit 20).
    ///
    /// misa has no bit for the Zb* extensions on their own (bit 1, B, means
    /// Zba + Zbb + Zbs only in specs newer than qemu 7.2, which does not set it).
    public var misaExtensions: UInt32 {
        var bits: UInt32 = 1 << 8 | 1 << 20
        if a { bits |= 1 << 0 }
        if c { bits |= 1 << 2 }
        if d { bits |= 1 << 3 }
        if f { bits |= 1 << 5 }
        if m { bits |= 1 << 12 }
        return bits
    }

    /// The canonical ISA string, e.g. `rv32imafdc_zicsr_zifencei_zba_zbb_zbc_zbs`: the
    /// single letters in the spec's order (IMAFDC), then the multi-letter extensions by
    /// category (Zi before Zb, the order of I and B) and alphabetically within one.
    public var description: String {
        var text = "rv32i"
        for (has, letter) in [(m, "m"), (a, "a"), (f, "f"), (d, "d"), (c, "c")] where has { text += letter }
        text += "_zicsr_zifencei"
        for (has, name) in [(zba, "zba"), (zbb, "zbb"), (zbc, "zbc"), (zbs, "zbs")] where has { text += "_" + name }
        return text
    }
}
