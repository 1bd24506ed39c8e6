import Decoder

/// The extensions a file's `Tag_RISCV_arch` attribute (section `.riscv.attributes`) names,
/// such as `rv32i2p1_m2p0_zicsr2p0`. objdump disassembles a file without mapping symbols
/// for that architecture: an instruction of an extension it lacks prints as `.2byte` or
/// `.4byte` and its bits (see ``ObjdumpListing``).
struct ArchitectureAttribute {
    /// Lowercase extension names: single letters (`m`, `c`) and longer ones (`zicsr`).
    let extensions: Set<String>

    /// The attribute of the file, or nil when it has none that can be read. Every length
    /// is checked against the section: a malformed one gives nil, never a trap.
    init?(table: SectionTable, bytes: [UInt8]) {
        // SHT_RISCV_ATTRIBUTES.
        guard let section = table.sections.first(where: { $0.type == 0x7000_0003 }),
            let contents = table.contents(section, in: bytes), let arch = Self.archString(Array(contents))
        else { return nil }
        self.init(arch)
    }

    /// Parses an architecture string; `g` stands for `imafd_zicsr_zifencei`, `m` brings
    /// `zmmul`, and an `i` before version 2.1 brings `zicsr` and `zifencei`, as binutils'
    /// riscv_implicit_subsets says.
    init?(_ arch: String) {
        let lower = arch.lowercased()
        guard lower.hasPrefix("rv32") || lower.hasPrefix("rv64") else { return nil }
        let parts = lower.dropFirst(4).split(separator: "_")
        var names: Set<String> = []
        let versionCharacters = Set("0123456789p")
        for (index, part) in parts.enumerated() {
            if index == 0 || !(part.first.map { "zsx".contains($0) } ?? true) {
                // Single letters, each with an optional version (`i2p1m2p0` or `imac`).
                var letters = Array(part)[...]
                while let letter = letters.first {
                    letters = letters.dropFirst()
                    let version = String(letters.prefix { versionCharacters.contains($0) })
                    letters = letters.dropFirst(version.count)
                    names.insert(String(letter))
                    // Without a version, `i` is binutils 2.40's default 2.1: nothing implied.
                    if letter == "i" && (version == "2" || version.hasPrefix("2p0") || version.hasPrefix("1")) {
                        names.formUnion(["zicsr", "zifencei"])
                    }
                }
            } else {
                var name = Substring(part)
                while let last = name.last, versionCharacters.contains(last) { name = name.dropLast() }
                names.insert(String(name))
            }
        }
        if names.contains("g") { names.formUnion(["i", "m", "a", "f", "d", "zicsr", "zifencei"]) }
        if names.contains("m") { names.insert("zmmul") }
        extensions = names
    }

    /// Whether objdump would disassemble `instruction` for this architecture.
    func supports(_ instruction: Instruction) -> Bool {
        if instruction.isCompressed && !extensions.contains("c") { return false }
        switch instruction.opcode {
        case .mul, .mulh, .mulhsu, .mulhu: return extensions.contains("zmmul")
        case .div, .divu, .rem, .remu: return extensions.contains("m")
        case .lrW, .scW, .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW, .amominuW, .amomaxuW:
            return extensions.contains("a")
        case .csrrw, .csrrs, .csrrc, .csrrwi, .csrrsi, .csrrci: return extensions.contains("zicsr")
        case .fenceI: return extensions.contains("zifencei")
        default:
            // Zba/Zbb/Zbc/Zbs: objdump decodes each only when the attribute names it.
            switch instruction.opcode.bitManipExtension {
            case .zba: return extensions.contains("zba")
            case .zbb: return extensions.contains("zbb")
            case .zbc: return extensions.contains("zbc")
            case .zbs: return extensions.contains("zbs")
            default: return true
            }
        }
    }

    /// The `Tag_RISCV_arch` string of a `.riscv.attributes` section: format version `A`,
    /// then subsections (length, vendor), whose file subsection (tag 1) holds tag/value
    /// pairs; an odd tag has a string value, an even one a ULEB128 number.
    static func archString(_ data: [UInt8]) -> String? {
        func u32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= data.count else { return nil }
            return (0..<4).reduce(0) { $0 | Int(data[at + $1]) << (8 * $1) }
        }
        func uleb(_ at: inout Int, _ end: Int) -> Int? {
            var value = 0, shift = 0
            while at < end {
                let byte = data[at]
                at += 1
                if shift < 56 { value |= Int(byte & 0x7F) << shift }
                shift += 7
                if byte & 0x80 == 0 { return value }
            }
            return nil
        }
        guard data.first == 0x41 else { return nil }
        var at = 1
        while let length = u32(at), length >= 4, at + length <= data.count {
            let end = at + length
            var cursor = at + 4
            let vendorEnd = data[cursor..<end].firstIndex(of: 0) ?? end
            let vendor = String(decoding: data[cursor..<vendorEnd], as: UTF8.self)
            cursor = vendorEnd + 1
            while vendor == "riscv", cursor < end {
                let start = cursor
                guard let tag = uleb(&cursor, end), let size = u32(cursor), size >= 1, start + size <= end else { break }
                cursor += 4
                let subEnd = start + size
                while tag == 1, cursor < subEnd {
                    guard let attribute = uleb(&cursor, subEnd) else { break }
                    if attribute % 2 == 1 {
                        let stringEnd = data[cursor..<subEnd].firstIndex(of: 0) ?? subEnd
                        let text = String(decoding: data[cursor..<stringEnd], as: UTF8.self)
                        if attribute == 5 { return text }
                        cursor = stringEnd + 1
                    } else if uleb(&cursor, subEnd) == nil {
                        break
                    }
                }
                cursor = subEnd
            }
            at = end
        }
        return nil
    }
}
