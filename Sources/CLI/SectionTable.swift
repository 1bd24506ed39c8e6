/// The section headers of an ELF32 file, read for `emu disasm` (which lists sections, as
/// objdump does, where running needs only segments). Every size and offset is checked
/// against the file: a malformed table gives fewer sections, never a trap.
struct SectionTable {
    /// One section header, with its name resolved.
    struct Section {
        let index: Int
        let name: String
        let type: UInt32
        let flags: UInt32
        let address: UInt32
        let offset: UInt32
        let size: UInt32

        /// SHF_EXECINSTR: the section holds instructions.
        var executable: Bool { flags & 0x4 != 0 }
        /// SHT_NOBITS (.bss): no bytes in the file.
        var noBits: Bool { type == 8 }
        /// One past the last address.
        var end: UInt64 { UInt64(address) + UInt64(size) }
    }

    let sections: [Section]

    /// The most section headers read: far more than any program has, and it bounds the work
    /// a hostile e_shnum can cause.
    static let maxSections = 4096

    init(bytes: [UInt8]) {
        func u16(_ at: Int) -> Int { at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : 0 }
        func u32(_ at: Int) -> UInt32 {
            guard at >= 0, at + 4 <= bytes.count else { return 0 }
            return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
        }
        let offset = Int(u32(32))
        let entrySize = u16(46)
        let count = min(u16(48), SectionTable.maxSections)
        let namesIndex = u16(50)
        guard entrySize == 40, offset > 0, offset <= bytes.count, count <= (bytes.count - offset) / 40 else {
            sections = []
            return
        }
        let namesHeader = offset + namesIndex * 40
        let namesStart = namesIndex < count ? Int(u32(namesHeader + 16)) : 0
        let namesSize = namesIndex < count ? Int(u32(namesHeader + 20)) : 0
        func name(_ at: UInt32) -> String {
            let start = namesStart + Int(at)
            guard namesSize > 0, Int(at) < namesSize, start < bytes.count else { return "" }
            let end = min(bytes.count, namesStart + namesSize)
            let slice = bytes[start..<end].prefix { $0 != 0 }
            return String(decoding: slice, as: UTF8.self)
        }
        sections = (0..<count).map { index in
            let at = offset + index * 40
            return Section(
                index: index, name: name(u32(at)), type: u32(at + 4), flags: u32(at + 8), address: u32(at + 12),
                offset: u32(at + 16), size: u32(at + 20))
        }
    }

    /// The file bytes of `section`, or nil when they are not all inside the file.
    func contents(_ section: Section, in bytes: [UInt8]) -> ArraySlice<UInt8>? {
        let start = Int(section.offset)
        let end = start + Int(section.size)
        guard !section.noBits, end <= bytes.count else { return nil }
        return bytes[start..<end]
    }
}
