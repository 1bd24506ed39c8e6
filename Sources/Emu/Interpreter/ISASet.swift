import Decoder

/// The set of extensions a machine implements, as chosen with `--isa`.
public struct ISASet: Sendable, Equatable, CustomStringConvertible {
    /// The M extension (multiply and divide).
    public var m: Bool
    /// The A extension (atomics).
    public var a: Bool
    /// The C extension (compressed instructions).
    public var c: Bool

    /// Creates a set; RV32I, Zicsr and Zifencei are always present.
    public init(m: Bool = true, a: Bool = true, c: Bool = true) {
        self.m = m
        self.a = a
        self.c = c
    }

    /// Everything emu implements.
    public static let all = ISASet()

    /// Parses an ISA string such as `rv32i`, `rv32imac`, `rv32ima_zicsr_zifencei`, `rv32g`
    /// is refused (no F/D). Returns nil for anything emu cannot honour.
    public init?(parsing text: String) {
        var rest = Substring(text.lowercased())
        guard rest.hasPrefix("rv32") else { return nil }
        rest = rest.dropFirst(4)
        let parts = rest.split(separator: "_", omittingEmptySubsequences: false)
        guard let letters = parts.first, letters.first == "i" else { return nil }
        var set = ISASet(m: false, a: false, c: false)
        for letter in letters.dropFirst() {
            switch letter {
            case "m": set.m = true
            case "a": set.a = true
            case "c": set.c = true
            default: return nil
            }
        }
        for ext in parts.dropFirst() where !["zicsr", "zifencei"].contains(ext) { return nil }
        self = set
    }

    /// Whether an instruction belongs to this set.
    public func allows(_ instruction: Instruction) -> Bool {
        if instruction.isCompressed && !c { return false }
        switch instruction.opcode.isaExtension {
        case .m: return m
        case .a: return a
        default: return true
        }
    }

    /// The `misa` extension bits (A = bit 0, C = bit 2, I = bit 8, M = bit 12, U = bit 20).
    public var misaExtensions: UInt32 {
        var bits: UInt32 = 1 << 8 | 1 << 20
        if a { bits |= 1 << 0 }
        if c { bits |= 1 << 2 }
        if m { bits |= 1 << 12 }
        return bits
    }

    /// The canonical name, e.g. `rv32imac_zicsr_zifencei`.
    public var description: String {
        "rv32i" + (m ? "m" : "") + (a ? "a" : "") + (c ? "c" : "") + "_zicsr_zifencei"
    }
}
