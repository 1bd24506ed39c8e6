/// Builds a small static ELF32 RISC-V executable (ET_EXEC, EM_RISCV) from segments, an entry
/// point and optional symbols — what the differential tester needs to hand a generated
/// program to both emu and qemu-riscv32.
///
/// The output has one PT_LOAD per segment (file offset congruent to the address modulo
/// 4 KiB, so that qemu-user and Linux can map it), a section per segment (PROGBITS for the
/// file bytes, NOBITS for the zero-filled rest) so that symbols belong to sections, and
/// `.symtab`, `.strtab` and `.shstrtab`. ``ELFFile`` reads back the same segments, entry and
/// symbols.
public struct ELFWriter: Sendable {
    /// A segment to write.
    public struct Segment: Equatable, Sendable {
        /// Where it is loaded.
        public var vaddr: UInt32
        /// The bytes stored in the file (p_filesz of them).
        public var bytes: [UInt8]
        /// The size in memory (p_memsz); never less than `bytes.count`.
        public var memsz: UInt32
        /// The access it asks for.
        public var permissions: ELFFile.Permissions

        /// Creates a segment. `memsz` defaults to (and is raised to at least) `bytes.count`:
        /// a memory size below the file size would make an invalid file.
        public init(vaddr: UInt32, bytes: [UInt8], memsz: UInt32? = nil, permissions: ELFFile.Permissions) {
            self.vaddr = vaddr
            self.bytes = bytes
            let fileSize = UInt32(clamping: bytes.count)
            self.memsz = max(memsz ?? fileSize, fileSize)
            self.permissions = permissions
        }
    }

    /// A symbol to write; its section is found from its address.
    public struct Symbol: Equatable, Sendable {
        /// The name.
        public var name: String
        /// The address.
        public var value: UInt32
        /// The size in bytes (0 for a plain label).
        public var size: UInt32
        /// The type.
        public var kind: ELFFile.Symbol.Kind
        /// The binding.
        public var binding: ELFFile.Symbol.Binding

        /// Creates a symbol (by default a global label of size 0).
        public init(
            name: String, value: UInt32, size: UInt32 = 0, kind: ELFFile.Symbol.Kind = .notype,
            binding: ELFFile.Symbol.Binding = .global
        ) {
            self.name = name
            self.value = value
            self.size = size
            self.kind = kind
            self.binding = binding
        }
    }

    /// e_entry.
    public var entry: UInt32
    /// The PT_LOAD segments, written in this order.
    public var segments: [Segment]
    /// The symbols; locals are written before globals, as ELF requires.
    public var symbols: [Symbol]
    /// e_flags.
    public var flags: ELFFile.Flags

    /// Creates a writer.
    public init(entry: UInt32, segments: [Segment], symbols: [Symbol] = [], flags: ELFFile.Flags = .init(rawValue: 0)) {
        self.entry = entry
        self.segments = segments
        self.symbols = symbols
        self.flags = flags
    }

    /// A section header's fields, in Elf32_Shdr order.
    private struct Section {
        var name: UInt32 = 0
        var type: UInt32 = 0
        var flags: UInt32 = 0
        var addr: UInt32 = 0
        var offset: UInt32 = 0
        var size: UInt32 = 0
        var link: UInt32 = 0
        var info: UInt32 = 0
        var addralign: UInt32 = 0
        var entsize: UInt32 = 0
    }

    /// A string table under construction.
    private struct StringTable {
        var bytes: [UInt8] = [0]  // offset 0 is the empty name
        mutating func add(_ string: String) -> UInt32 {
            if string.isEmpty { return 0 }
            let offset = UInt32(truncatingIfNeeded: bytes.count)
            bytes += Array(string.utf8) + [0]
            return offset
        }
    }

    /// The file's bytes.
    ///
    /// Sizes wrap rather than trap if a caller passes more than 4 GiB of segment data, which
    /// no ELF32 file can hold anyway.
    public func write() -> [UInt8] {
        let phnum = segments.count
        var out = [UInt8](repeating: 0, count: ELFConstants.headerSize + phnum * ELFConstants.programHeaderSize)
        var sections = [Section()]  // index 0: SHN_UNDEF
        var names = StringTable()

        // MARK: Segments, each at a file offset congruent to its address modulo the page size.
        var fileOffsets: [UInt32] = []
        for segment in segments {
            let page = Int(ELFConstants.pageSize)
            let wanted = Int(segment.vaddr % ELFConstants.pageSize)
            let current = out.count % page
            out += [UInt8](repeating: 0, count: (wanted - current + page) % page)
            let offset = UInt32(truncatingIfNeeded: out.count)
            fileOffsets.append(offset)
            out += segment.bytes

            let base =
                segment.permissions.contains(.execute)
                ? ".text" : segment.permissions.contains(.write) ? ".data" : ".rodata"
            var sectionFlags = ELFConstants.sectionFlagAlloc
            if segment.permissions.contains(.write) { sectionFlags |= ELFConstants.sectionFlagWrite }
            if segment.permissions.contains(.execute) { sectionFlags |= ELFConstants.sectionFlagExec }
            let fileSize = UInt32(truncatingIfNeeded: segment.bytes.count)
            if fileSize > 0 {
                sections.append(
                    Section(
                        name: names.add(base), type: ELFConstants.sectionProgBits, flags: sectionFlags,
                        addr: segment.vaddr, offset: offset, size: fileSize, addralign: 1))
            }
            if segment.memsz > fileSize {
                sections.append(
                    Section(
                        name: names.add(segment.permissions.contains(.write) ? ".bss" : base),
                        type: ELFConstants.sectionNoBits, flags: sectionFlags, addr: segment.vaddr &+ fileSize,
                        offset: offset &+ fileSize, size: segment.memsz - fileSize, addralign: 1))
            }
        }
        let allocatedSections = sections

        // MARK: Symbols: locals first (sh_info is the index of the first non-local).
        var strings = StringTable()
        let ordered = symbols.filter { $0.binding == .local } + symbols.filter { $0.binding != .local }
        var symtab = [UInt8](repeating: 0, count: ELFConstants.symbolSize)  // entry 0: the null symbol
        for symbol in ordered {
            symtab.elfAppend32(strings.add(symbol.name))
            symtab.elfAppend32(symbol.value)
            symtab.elfAppend32(symbol.size)
            symtab.append(symbol.binding.rawValue << 4 | symbol.kind.rawValue & 0xF)
            symtab.append(0)  // st_other: default visibility
            symtab.elfAppend16(ELFWriter.sectionIndex(of: symbol.value, in: allocatedSections))
        }
        let firstGlobal = 1 + symbols.filter { $0.binding == .local }.count

        out += [UInt8](repeating: 0, count: (4 - out.count % 4) % 4)
        let symtabIndex = UInt32(sections.count)
        sections.append(
            Section(
                name: names.add(".symtab"), type: ELFConstants.sectionSymbolTable,
                offset: UInt32(truncatingIfNeeded: out.count), size: UInt32(truncatingIfNeeded: symtab.count),
                link: symtabIndex + 1, info: UInt32(truncatingIfNeeded: firstGlobal), addralign: 4,
                entsize: UInt32(ELFConstants.symbolSize)))
        out += symtab
        sections.append(
            Section(
                name: names.add(".strtab"), type: ELFConstants.sectionStringTable,
                offset: UInt32(truncatingIfNeeded: out.count), size: UInt32(truncatingIfNeeded: strings.bytes.count),
                addralign: 1))
        out += strings.bytes
        let shstrndx = sections.count
        let shstrtabName = names.add(".shstrtab")  // added before the table's bytes are copied
        sections.append(
            Section(
                name: shstrtabName, type: ELFConstants.sectionStringTable,
                offset: UInt32(truncatingIfNeeded: out.count), size: UInt32(truncatingIfNeeded: names.bytes.count),
                addralign: 1))
        out += names.bytes

        // MARK: Section header table.
        out += [UInt8](repeating: 0, count: (4 - out.count % 4) % 4)
        let shoff = UInt32(truncatingIfNeeded: out.count)
        for section in sections {
            for field in [
                section.name, section.type, section.flags, section.addr, section.offset, section.size,
                section.link, section.info, section.addralign, section.entsize,
            ] {
                out.elfAppend32(field)
            }
        }

        // MARK: ELF header and program headers (their space was reserved at the start).
        out.replaceSubrange(0..<4, with: ELFConstants.magic)
        out[ELFConstants.classOffset] = ELFConstants.class32
        out[ELFConstants.dataOffset] = ELFConstants.dataLittleEndian
        out[ELFConstants.versionOffset] = ELFConstants.versionCurrent
        var header: [UInt8] = []
        header.elfAppend16(ELFConstants.typeExecutable)
        header.elfAppend16(ELFConstants.machineRISCV)
        header.elfAppend32(UInt32(ELFConstants.versionCurrent))
        header.elfAppend32(entry)
        header.elfAppend32(phnum > 0 ? UInt32(ELFConstants.headerSize) : 0)  // e_phoff
        header.elfAppend32(shoff)
        header.elfAppend32(flags.rawValue)
        header.elfAppend16(UInt16(ELFConstants.headerSize))
        header.elfAppend16(UInt16(ELFConstants.programHeaderSize))
        header.elfAppend16(UInt16(truncatingIfNeeded: phnum))
        header.elfAppend16(UInt16(ELFConstants.sectionHeaderSize))
        header.elfAppend16(UInt16(truncatingIfNeeded: sections.count))
        header.elfAppend16(UInt16(truncatingIfNeeded: shstrndx))
        out.replaceSubrange(16..<ELFConstants.headerSize, with: header)

        for (index, segment) in segments.enumerated() {
            let start = ELFConstants.headerSize + index * ELFConstants.programHeaderSize
            let fields: [UInt32] = [
                ELFFile.ProgramHeader.Kind.load.rawValue, fileOffsets[index], segment.vaddr, segment.vaddr,
                UInt32(truncatingIfNeeded: segment.bytes.count), segment.memsz, segment.permissions.rawValue,
                ELFConstants.pageSize,
            ]
            for (number, field) in fields.enumerated() { out.elfPut32(field, at: start + 4 * number) }
        }
        return out
    }

    /// The section holding `address` (or ending exactly at it, for end markers like `_end`),
    /// else SHN_ABS.
    private static func sectionIndex(of address: UInt32, in sections: [Section]) -> UInt16 {
        let value = UInt64(address)
        func end(_ section: Section) -> UInt64 { UInt64(section.addr) + UInt64(section.size) }
        if let inside = sections.indices.dropFirst().first(where: {
            UInt64(sections[$0].addr) <= value && value < end(sections[$0])
        }) {
            return UInt16(truncatingIfNeeded: inside)
        }
        if let atEnd = sections.indices.dropFirst().first(where: { end(sections[$0]) == value }) {
            return UInt16(truncatingIfNeeded: atEnd)
        }
        return ELFConstants.sectionIndexAbsolute
    }
}
