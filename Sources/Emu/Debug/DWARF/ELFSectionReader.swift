/// The named sections of an ELF32 file, read from its section header table and section
/// name string table (`e_shstrndx`): what the DWARF reader needs and `ELFFile` does not
/// keep. Every header is checked against the file's length; a section whose bytes lie
/// outside the file is left out, not trusted.
public struct ELFSectionReader: Sendable {
    /// One section: its name, its address when loaded (0 if not), and its bytes.
    public struct Section: Sendable {
        public let name: String
        public let address: UInt32
        public let bytes: [UInt8]
    }

    /// The sections that have names and bytes inside the file, in header order.
    public let sections: [Section]

    /// The most section headers read (real programs have a few dozen).
    static let maxSections = 4096

    /// Reads the section table of `bytes` (an ELF32 little-endian file, as `ELFFile`
    /// accepts); no sections when there is no valid table.
    public init(bytes: [UInt8]) {
        guard bytes.count >= ELFConstants.headerSize, bytes[0..<4].elementsEqual(ELFConstants.magic) else {
            sections = []
            return
        }
        let shoff = Int(bytes.elfU32(32))
        let shentsize = Int(bytes.elfU16(46))
        let shnum = Int(bytes.elfU16(48))
        let shstrndx = Int(bytes.elfU16(50))
        guard shentsize == ELFConstants.sectionHeaderSize, shnum > 0, shnum <= Self.maxSections, shstrndx < shnum,
            let table = bytes.elfRange(offset: shoff, size: shnum * shentsize)
        else {
            sections = []
            return
        }
        func header(_ index: Int) -> Int { table.lowerBound + index * shentsize }
        func contents(_ index: Int) -> Range<Int>? {
            let type = bytes.elfU32(header(index) + 4)
            guard type != 8 else { return nil }  // SHT_NOBITS: no bytes in the file
            return bytes.elfRange(offset: Int(bytes.elfU32(header(index) + 16)), size: Int(bytes.elfU32(header(index) + 20)))
        }
        guard let names = contents(shstrndx) else {
            sections = []
            return
        }
        var found: [Section] = []
        for index in 1..<shnum {
            let nameOffset = Int(bytes.elfU32(header(index)))
            guard nameOffset < names.count, let range = contents(index) else { continue }
            let start = names.lowerBound + nameOffset
            guard let terminator = bytes[start..<names.upperBound].firstIndex(of: 0) else { continue }
            found.append(
                Section(
                    name: String(decoding: bytes[start..<terminator], as: UTF8.self),
                    address: bytes.elfU32(header(index) + 12), bytes: Array(bytes[range])))
        }
        sections = found
    }

    /// The first section called `name`.
    public func section(_ name: String) -> Section? { sections.first { $0.name == name } }
}
