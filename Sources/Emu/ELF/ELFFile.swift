/// A static RV32 RISC-V executable, parsed and validated from the bytes of an ELF32 file.
///
/// Parsing accepts exactly what emu can run: ELFCLASS32, little-endian, EV_CURRENT,
/// ET_EXEC, EM_RISCV, no PT_INTERP, at least one PT_LOAD, loadable segments that fit in the
/// 32-bit address space without overlapping, and an entry point inside an executable
/// segment. Anything else is an ``ELFError``; no input makes the parser trap, and nothing is
/// allocated in proportion to a size the header claims before that size has been checked
/// against the file's length.
public struct ELFFile: Sendable {
    /// The most program headers a file may have. Real static executables have fewer than a
    /// dozen; the bound keeps a hostile e_phnum from costing work.
    public static let maxProgramHeaders = 64

    /// The default limit on the sum of all PT_LOAD memory sizes: 1 GiB.
    public static let defaultMaxMemory: UInt64 = 1 << 30

    /// e_entry: the address of the first instruction.
    public let entry: UInt32
    /// e_flags, with the RISC-V meanings decoded.
    public let flags: Flags
    /// All program headers, in file order.
    public let programHeaders: [ProgramHeader]
    /// The PT_LOAD segments, in program-header order, each validated and holding its file bytes.
    public let segments: [Segment]
    /// e_phoff: where the program header table starts in the file.
    public let programHeaderOffset: UInt32
    /// e_phentsize: the size of one program header (always 32 once parsed).
    public let programHeaderEntrySize: UInt16
    /// e_phnum: how many program headers there are.
    public let programHeaderCount: Int
    /// The guest address at which the program header table is mapped (for AT_PHDR): the
    /// PT_PHDR's p_vaddr when there is one, else the address of e_phoff inside the PT_LOAD
    /// whose file bytes contain the whole table; nil when the table is not loaded.
    public let programHeaderVirtualAddress: UInt32?
    /// The symbol table (.symtab) in file order without the null entry 0; empty when stripped.
    public let symbols: [Symbol]
    /// Sorted views of ``symbols`` for fast lookups.
    let symbolIndex: ELFSymbolIndex

    /// Parses and validates `bytes` as a static RV32 RISC-V executable.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - maxMemory: the largest total of PT_LOAD memory sizes accepted (default 1 GiB).
    /// - Throws: ``ELFError`` naming the first problem found.
    public init(bytes: [UInt8], maxMemory: UInt64 = ELFFile.defaultMaxMemory) throws(ELFError) {
        try ELFFile.checkIdentification(bytes)

        let type = bytes.elfU16(16)
        let machine = bytes.elfU16(18)
        let version = bytes.elfU32(20)
        entry = bytes.elfU32(24)
        let phoff = bytes.elfU32(28)
        let shoff = bytes.elfU32(32)
        flags = Flags(rawValue: bytes.elfU32(36))
        let phentsize = bytes.elfU16(42)
        let phnum = bytes.elfU16(44)
        let shentsize = bytes.elfU16(46)
        let shnum = bytes.elfU16(48)

        // Machine before type: an x86-64 PIE is better described as "wrong machine" than as
        // "position-independent", since rebuilding it as PIE-free would not help.
        guard machine == ELFConstants.machineRISCV else { throw .wrongMachine(machine) }
        guard type != ELFConstants.typeShared else { throw .positionIndependent }
        guard type == ELFConstants.typeExecutable else { throw .notExecutable(type: type) }
        guard version == UInt32(ELFConstants.versionCurrent) else { throw .unsupportedVersion(version) }

        // MARK: Program headers
        guard phnum > 0 else { throw .noLoadableSegments }
        guard phentsize == UInt16(ELFConstants.programHeaderSize) else { throw .invalidProgramHeaderSize(phentsize) }
        guard Int(phnum) <= ELFFile.maxProgramHeaders else {
            throw .tooManyProgramHeaders(count: Int(phnum), limit: ELFFile.maxProgramHeaders)
        }
        guard let table = bytes.elfRange(offset: Int(phoff), size: Int(phnum) * ELFConstants.programHeaderSize) else {
            throw .truncatedProgramHeaders
        }
        var headers: [ProgramHeader] = []
        headers.reserveCapacity(Int(phnum))  // bounded by maxProgramHeaders above
        for start in stride(from: table.lowerBound, to: table.upperBound, by: ELFConstants.programHeaderSize) {
            headers.append(
                ProgramHeader(
                    type: .init(rawValue: bytes.elfU32(start)), offset: bytes.elfU32(start + 4),
                    vaddr: bytes.elfU32(start + 8), paddr: bytes.elfU32(start + 12),
                    filesz: bytes.elfU32(start + 16), memsz: bytes.elfU32(start + 20),
                    flags: Permissions(rawValue: bytes.elfU32(start + 24)), align: bytes.elfU32(start + 28)))
        }
        programHeaders = headers
        programHeaderOffset = phoff
        programHeaderEntrySize = phentsize
        programHeaderCount = Int(phnum)

        if headers.contains(where: { $0.type == .interp }) { throw .hasInterpreter }
        segments = try ELFFile.loadableSegments(headers, bytes: bytes, maxMemory: maxMemory)
        let entryPoint = entry
        // A segment with no flags at all is accepted here too: riscv-tests built with
        // binutils 2.40 get one (their link.ld names no PHDRS), and a bare-metal machine runs
        // all of RAM; the Linux loader still needs an executable segment (ImageLoader).
        guard segments.contains(where: { ($0.executable || $0.permissions.isEmpty) && $0.contains(entryPoint) }) else {
            throw .entryNotExecutable(entry: entryPoint)
        }
        programHeaderVirtualAddress = ELFFile.mappedProgramHeaders(headers, phoff: phoff, tableSize: table.count)

        // MARK: Sections (only to find the symbol table)
        // e_shnum == 0 means "no section headers" (the extended numbering that stores a count
        // of 0xff00 or more in section 0 is not supported: no RV32 program needs it).
        if shnum == 0 {
            symbols = []
        } else {
            guard shentsize == UInt16(ELFConstants.sectionHeaderSize) else {
                throw .invalidSectionHeaderSize(shentsize)
            }
            guard
                let sectionTable = bytes.elfRange(offset: Int(shoff), size: Int(shnum) * ELFConstants.sectionHeaderSize)
            else { throw .truncatedSectionHeaders }
            symbols = try ELFFile.readSymbols(bytes, sectionTable: sectionTable)
        }
        symbolIndex = ELFSymbolIndex(symbols)
    }

    // MARK: - Validation steps

    /// Checks e_ident and the header's length: magic, class, data encoding, version.
    private static func checkIdentification(_ bytes: [UInt8]) throws(ELFError) {
        // A short file that starts like the magic is a truncated ELF; anything else is not ELF.
        let prefix = min(bytes.count, ELFConstants.magic.count)
        guard bytes[0..<prefix].elementsEqual(ELFConstants.magic[0..<prefix]), prefix > 0 else { throw .notELF }
        guard bytes.count >= ELFConstants.headerSize else {
            // The class is known before the header ends: a short ELF64 is still an ELF64.
            if bytes.count > ELFConstants.classOffset, bytes[ELFConstants.classOffset] == ELFConstants.class64 {
                throw .elf64
            }
            throw .truncatedHeader(size: bytes.count)
        }
        switch bytes[ELFConstants.classOffset] {
        case ELFConstants.class32: break
        case ELFConstants.class64: throw .elf64
        case let other: throw .invalidClass(other)
        }
        switch bytes[ELFConstants.dataOffset] {
        case ELFConstants.dataLittleEndian: break
        case ELFConstants.dataBigEndian: throw .bigEndian
        case let other: throw .invalidDataEncoding(other)
        }
        guard bytes[ELFConstants.versionOffset] == ELFConstants.versionCurrent else {
            throw .unsupportedVersion(UInt32(bytes[ELFConstants.versionOffset]))
        }
    }

    /// Validates every PT_LOAD and copies out its file bytes.
    private static func loadableSegments(
        _ headers: [ProgramHeader], bytes: [UInt8], maxMemory: UInt64
    ) throws(ELFError) -> [Segment] {
        var total: UInt64 = 0
        var loads: [(index: Int, header: ProgramHeader)] = []
        for (index, header) in headers.enumerated() where header.type == .load {
            guard header.filesz <= header.memsz else {
                throw .fileSizeExceedsMemorySize(index: index, fileSize: header.filesz, memorySize: header.memsz)
            }
            // 64-bit sums: two 32-bit values cannot overflow them, and 2^32 itself is a legal end.
            guard UInt64(header.vaddr) + UInt64(header.memsz) <= 1 << 32 else {
                throw .segmentOutsideAddressSpace(index: index, address: header.vaddr, memorySize: header.memsz)
            }
            guard bytes.elfRange(offset: Int(header.offset), size: Int(header.filesz)) != nil else {
                throw .truncatedSegment(index: index)
            }
            total += UInt64(header.memsz)  // at most 64 × 2^32: no overflow in 64 bits
            loads.append((index, header))
        }
        guard !loads.isEmpty else { throw .noLoadableSegments }
        guard total <= maxMemory else { throw .tooMuchMemory(total: total, limit: maxMemory) }

        // Overlap: sort by start and compare each range with the furthest end seen so far
        // (not just the previous range, which a long earlier range could enclose).
        // Exact byte ranges, not pages: emu maps bytes, and two segments sharing a page is normal.
        let nonEmpty = loads.filter { $0.header.memsz > 0 }.sorted {
            ($0.header.vaddr, $0.index) < ($1.header.vaddr, $1.index)
        }
        var furthest: (end: UInt64, index: Int)? = nil
        for load in nonEmpty {
            if let previous = furthest, previous.end > UInt64(load.header.vaddr) {
                throw .overlappingSegments(
                    first: min(previous.index, load.index), second: max(previous.index, load.index))
            }
            let end = UInt64(load.header.vaddr) + UInt64(load.header.memsz)
            if end > furthest?.end ?? 0 { furthest = (end, load.index) }
        }

        // Only now copy: every range was checked against the file above.
        return loads.map { load in
            let start = Int(load.header.offset)
            return Segment(
                vaddr: load.header.vaddr, memsz: load.header.memsz,
                fileBytes: Array(bytes[start..<start + Int(load.header.filesz)]),
                permissions: load.header.flags, programHeaderIndex: load.index)
        }
    }

    /// Where the program header table appears in guest memory, if it is loaded at all.
    private static func mappedProgramHeaders(_ headers: [ProgramHeader], phoff: UInt32, tableSize: Int) -> UInt32? {
        if let phdr = headers.first(where: { $0.type == .phdr }) { return phdr.vaddr }
        let tableStart = UInt64(phoff)
        let tableEnd = tableStart + UInt64(tableSize)
        for header in headers where header.type == .load {
            let fileStart = UInt64(header.offset)
            if fileStart <= tableStart, tableEnd <= fileStart + UInt64(header.filesz) {
                // Fits in 32 bits: the table lies inside the segment, which ends by 2^32.
                return UInt32(truncatingIfNeeded: UInt64(header.vaddr) + (tableStart - fileStart))
            }
        }
        return nil
    }
}
