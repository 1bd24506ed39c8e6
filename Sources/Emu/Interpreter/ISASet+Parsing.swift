// MARK: - ISA strings (`--isa`)

/// Why an ISA string was refused; `description` is the message for the user.
public enum ISAStringError: Error, Equatable, CustomStringConvertible {
    /// Nothing to parse.
    case empty
    /// The string does not start with `rv` and a width.
    case notAnISAString(String)
    /// A base other than RV32 (`rv64gc`).
    case notRV32(width: String)
    /// RV32E (16 registers), which emu does not run.
    case embeddedBase
    /// The first letter after `rv32` is neither `i` nor `g`.
    case missingBase(found: String)
    /// A single-letter extension emu does not know or implement.
    case unknownLetter(Character)
    /// A multi-letter extension emu does not know or implement.
    case unknownExtension(String)
    /// An extension named twice (also when `g` already brings it).
    case duplicate(String)
    /// Two underscores in a row, or one at the end.
    case emptyExtension
    /// An extension without one it depends on (`d` without `f`).
    case missingDependency(String, needs: String)

    public var description: String {
        switch self {
        case .empty:
            return "an ISA string such as rv32imac or rv32gc_zba_zbb is required"
        case .notAnISAString(let text):
            return "'\(text)' is not an ISA string: it starts with rv32, e.g. rv32imac or rv32gc_zbb"
        case .notRV32(let width):
            return "emu runs RV32 only, not RV\(width): use rv32..."
        case .embeddedBase:
            return "emu runs the RV32I base only, not RV32E: use rv32i..."
        case .missingBase(let found):
            return "the base extension i (or g) must come first after rv32, found '\(found)'"
        case .unknownLetter(let letter):
            if letter == "b" { return "unknown extension 'b': name its parts, _zba_zbb_zbs" }
            if letter == "z" || letter == "s" || letter == "x" {
                return "multi-letter extensions follow an underscore, e.g. rv32imac_zicsr"
            }
            return "unknown or unsupported extension '\(letter)' (emu has i, m, a, f, d, c, g)"
        case .unknownExtension(let name):
            return "unknown or unsupported extension '\(name)' (emu has zicsr, zifencei, zba, zbb, zbc, zbs)"
        case .duplicate(let name):
            return "extension '\(name)' is named twice"
        case .emptyExtension:
            return "an empty extension name (two underscores in a row, or one at the end)"
        case .missingDependency(let name, let needs):
            return "extension '\(name)' needs '\(needs)'"
        }
    }
}

extension ISASet {
    /// Parses an ISA string as the RISC-V spec's "ISA Extension Naming Conventions" spell
    /// them, case-insensitively: `rv32`, then `i` or `g` (`g` = `imafd_zicsr_zifencei`), more
    /// single letters (`m`, `a`, `f`, `d`, `c`), then multi-letter extensions each after an
    /// underscore (`_zicsr`, `_zifencei`, `_zba`, `_zbb`, `_zbc`, `_zbs`). Each name may
    /// carry a version (`i2p1`, `zba1p0`), which is ignored. Letters may come in any
    /// order; naming one twice is an error.
    ///
    /// Zicsr and Zifencei are always present: naming them only documents them.
    public static func parse(_ text: String) throws(ISAStringError) -> ISASet {
        let lower = text.lowercased()
        guard !lower.isEmpty else { throw .empty }
        guard lower.hasPrefix("rv") else { throw .notAnISAString(text) }
        let afterRV = lower.dropFirst(2)
        let width = afterRV.prefix { $0.isASCII && $0.isNumber }
        guard !width.isEmpty else { throw .notAnISAString(text) }
        guard width == "32" else { throw .notRV32(width: String(width)) }
        let parts = afterRV.dropFirst(width.count).split(separator: "_", omittingEmptySubsequences: false)
        var set = ISASet.base
        var named: Set<String> = []
        func add(_ name: String) throws(ISAStringError) {
            guard named.insert(name).inserted else { throw .duplicate(name) }
            switch name {
            case "i", "zicsr", "zifencei": break
            case "m": set.m = true
            case "a": set.a = true
            case "f": set.f = true
            case "d": set.d = true
            case "c": set.c = true
            case "zba": set.zba = true
            case "zbb": set.zbb = true
            case "zbc": set.zbc = true
            case "zbs": set.zbs = true
            default:
                if name.count == 1, let letter = name.first { throw .unknownLetter(letter) }
                throw .unknownExtension(name)
            }
        }
        // Single letters, each with an optional version: digits, then `p` and digits.
        var letters = Substring(parts.first ?? "")
        guard let first = letters.first else { throw .missingBase(found: "") }
        if first == "e" { throw .embeddedBase }
        guard first == "i" || first == "g" else { throw .missingBase(found: String(first)) }
        while let letter = letters.first {
            letters = dropVersion(letters.dropFirst())
            if letter == "g" {
                guard named.isEmpty else { throw .duplicate("g") }
                for name in ["i", "m", "a", "f", "d", "zicsr", "zifencei"] { try add(name) }
            } else {
                try add(String(letter))
            }
        }
        for part in parts.dropFirst() {
            guard !part.isEmpty else { throw .emptyExtension }
            // A name is letters; a version (digits, `p`, digits) may follow it.
            let name = part.prefix { !($0.isASCII && $0.isNumber) }
            guard dropVersion(part.dropFirst(name.count)).isEmpty else {
                throw .unknownExtension(String(part))
            }
            try add(String(name))
        }
        if set.d && !set.f { throw .missingDependency("d", needs: "f") }
        return set
    }

    /// Parses like `parse(_:)`; nil for anything it refuses.
    public init?(parsing text: String) {
        guard let set = try? ISASet.parse(text) else { return nil }
        self = set
    }

    /// `rest` without a leading version number (`2p1`, `2`, `1p0`).
    private static func dropVersion(_ rest: Substring) -> Substring {
        let major = rest.prefix { $0.isASCII && $0.isNumber }
        guard !major.isEmpty else { return rest }
        var after = rest.dropFirst(major.count)
        if after.first == "p", let next = after.dropFirst().first, next.isASCII, next.isNumber {
            after = after.dropFirst().drop { $0.isASCII && $0.isNumber }
        }
        return after
    }
}
