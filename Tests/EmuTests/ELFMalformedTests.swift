import Emu
import Testing

/// One corruption of the valid sample file and the error it must produce.
struct ELFCorruption: Sendable, CustomStringConvertible {
    let description: String
    let expected: ELFError
    let maxMemory: UInt64
    let corrupt: @Sendable (inout [UInt8]) -> Void

    init(
        _ description: String, _ expected: ELFError, maxMemory: UInt64 = ELFFile.defaultMaxMemory,
        _ corrupt: @escaping @Sendable (inout [UInt8]) -> Void
    ) {
        self.description = description
        self.expected = expected
        self.maxMemory = maxMemory
        self.corrupt = corrupt
    }
}

private let text = ELFSample.programHeader(0)
private let data = ELFSample.programHeader(1)

/// Offset of the symbol table's section header; the sample always has one.
private func symtab(_ bytes: [UInt8]) -> Int { ELFSample.sectionHeader(ofType: 2, in: bytes) ?? 0 }

private let corruptions: [ELFCorruption] = [
    .init("empty file", .notELF) { $0 = [] },
    .init("text file", .notELF) { $0 = Array("#!/bin/sh\necho hi\n".utf8) },
    .init("first byte wrong", .notELF) { $0[0] = 0x7E },
    .init("cut inside the header", .truncatedHeader(size: 30)) { $0 = Array($0.prefix(30)) },
    .init("only the magic", .truncatedHeader(size: 4)) { $0 = Array($0.prefix(4)) },
    .init("ELFCLASS64", .elf64) { $0[4] = 2 },
    .init("short ELFCLASS64", .elf64) {
        $0[4] = 2
        $0 = Array($0.prefix(20))
    },
    .init("class 0", .invalidClass(0)) { $0[4] = 0 },
    .init("big-endian", .bigEndian) { $0[5] = 2 },
    .init("data encoding 7", .invalidDataEncoding(7)) { $0[5] = 7 },
    .init("EI_VERSION 0", .unsupportedVersion(0)) { $0[6] = 0 },
    .init("e_version 2", .unsupportedVersion(2)) { ELFSample.patch32(&$0, at: 20, 2) },
    .init("ET_DYN", .positionIndependent) { ELFSample.patch16(&$0, at: 16, 3) },
    .init("ET_REL", .notExecutable(type: 1)) { ELFSample.patch16(&$0, at: 16, 1) },
    .init("ET_CORE", .notExecutable(type: 4)) { ELFSample.patch16(&$0, at: 16, 4) },
    .init("x86-64", .wrongMachine(62)) { ELFSample.patch16(&$0, at: 18, 62) },
    .init("x86-64 PIE", .wrongMachine(62)) {
        ELFSample.patch16(&$0, at: 18, 62)
        ELFSample.patch16(&$0, at: 16, 3)
    },
    .init("e_phentsize 56", .invalidProgramHeaderSize(56)) { ELFSample.patch16(&$0, at: 42, 56) },
    .init("e_shentsize 64", .invalidSectionHeaderSize(64)) { ELFSample.patch16(&$0, at: 46, 64) },
    .init("65 program headers", .tooManyProgramHeaders(count: 65, limit: 64)) { ELFSample.patch16(&$0, at: 44, 65) },
    .init("PN_XNUM program headers", .tooManyProgramHeaders(count: 0xFFFF, limit: 64)) {
        ELFSample.patch16(&$0, at: 44, 0xFFFF)
    },
    .init("program headers past the end", .truncatedProgramHeaders) {
        ELFSample.patch32(&$0, at: 28, UInt32($0.count - 40))
    },
    .init("program header offset 0xffffffff", .truncatedProgramHeaders) { ELFSample.patch32(&$0, at: 28, 0xFFFF_FFFF) },
    .init("section headers past the end", .truncatedSectionHeaders) {
        ELFSample.patch32(&$0, at: 32, UInt32($0.count - 39))
    },
    .init("65535 section headers", .truncatedSectionHeaders) { ELFSample.patch16(&$0, at: 48, 0xFFFF) },
    .init("file cut before the section headers", .truncatedSectionHeaders) { $0.removeLast(1) },
    .init("segment data offset past the end", .truncatedSegment(index: 0)) {
        ELFSample.patch32(&$0, at: text + 4, UInt32($0.count - 4))
    },
    .init("segment data offset 0xffffffff", .truncatedSegment(index: 1)) {
        ELFSample.patch32(&$0, at: data + 4, 0xFFFF_FFFF)
    },
    .init("segment file size huge", .truncatedSegment(index: 1)) {
        ELFSample.patch32(&$0, at: data + 16, 0x1000_0000)
        ELFSample.patch32(&$0, at: data + 20, 0x1000_0000)
    },
    .init("PT_INTERP", .hasInterpreter) { ELFSample.patch32(&$0, at: data, 3) },
    .init("p_filesz > p_memsz", .fileSizeExceedsMemorySize(index: 1, fileSize: 8, memorySize: 4)) {
        ELFSample.patch32(&$0, at: data + 20, 4)
    },
    .init(
        "segment wraps past 2^32",
        .segmentOutsideAddressSpace(index: 1, address: 0xFFFF_F000, memorySize: 0x1001)
    ) {
        ELFSample.patch32(&$0, at: data + 8, 0xFFFF_F000)
        ELFSample.patch32(&$0, at: data + 20, 0x1001)
    },
    .init("memsz 0xffffffff", .segmentOutsideAddressSpace(index: 1, address: 0x11000, memorySize: 0xFFFF_FFFF)) {
        ELFSample.patch32(&$0, at: data + 20, 0xFFFF_FFFF)
    },
    .init("data overlaps text", .overlappingSegments(first: 0, second: 1)) {
        ELFSample.patch32(&$0, at: data + 8, 0x1000B)
    },
    .init("text inside a large data segment", .overlappingSegments(first: 0, second: 1)) {
        ELFSample.patch32(&$0, at: data + 8, 0xF000)
        ELFSample.patch32(&$0, at: data + 20, 0x4000)
    },
    .init("more memory than allowed", .tooMuchMemory(total: 12 + 0x100, limit: 0x100), maxMemory: 0x100) { _ in },
    .init("no program headers", .noLoadableSegments) { ELFSample.patch16(&$0, at: 44, 0) },
    .init("no PT_LOAD", .noLoadableSegments) {
        ELFSample.patch32(&$0, at: text, 0)
        ELFSample.patch32(&$0, at: data, 4)
    },
    .init("entry in data", .entryNotExecutable(entry: 0x11000)) { ELFSample.patch32(&$0, at: 24, 0x11000) },
    .init("entry 0", .entryNotExecutable(entry: 0)) { ELFSample.patch32(&$0, at: 24, 0) },
    .init("entry just past the code", .entryNotExecutable(entry: 0x1000C)) { ELFSample.patch32(&$0, at: 24, 0x1000C) },
    .init("code not executable", .entryNotExecutable(entry: 0x10000)) { ELFSample.patch32(&$0, at: text + 24, 4) },
    .init("symbol entry size 0", .malformedSymbolTable(reason: "entry size is 0, expected 16")) {
        ELFSample.patch32(&$0, at: symtab($0) + 36, 0)
    },
    .init("symbol table size 17", .malformedSymbolTable(reason: "size 17 is not a multiple of 16")) {
        ELFSample.patch32(&$0, at: symtab($0) + 20, 17)
    },
    .init("symbol table past the end", .malformedSymbolTable(reason: "it extends past the end of the file")) {
        ELFSample.patch32(&$0, at: symtab($0) + 16, UInt32($0.count))
    },
    .init(
        "symbol table linked to section 0",
        .malformedSymbolTable(reason: "its string table (section 0) is missing or not a string table")
    ) {
        ELFSample.patch32(&$0, at: symtab($0) + 24, 0)
    },
    .init(
        "symbol table linked to itself (section 4)",
        .malformedSymbolTable(reason: "its string table (section 4) is missing or not a string table")
    ) {
        ELFSample.patch32(&$0, at: symtab($0) + 24, 4)
    },
    .init(
        "symbol table linked past the section count",
        .malformedSymbolTable(reason: "its string table (section 4000) is missing or not a string table")
    ) {
        ELFSample.patch32(&$0, at: symtab($0) + 24, 4000)
    },
    .init(
        "string table past the end", .malformedSymbolTable(reason: "its string table extends past the end of the file")
    ) {
        let strtab = ELFSample.sectionHeader(ofType: 3, in: $0) ?? 0
        ELFSample.patch32(&$0, at: strtab + 20, 0xFFFF_FFF0)
    },
    .init("symbol name out of range", .malformedSymbolTable(reason: "the name of symbol 1 is outside its string table"))
    {
        let table = Int(ELFSample.read32($0, at: symtab($0) + 16))
        ELFSample.patch32(&$0, at: table + 16, 0x7FFF_FFFF)
    },
    .init("unterminated last name", .malformedSymbolTable(reason: "the name of symbol 7 is not NUL-terminated")) {
        // Shrink the string table by its final NUL: the last name written runs off its end.
        let strtab = ELFSample.sectionHeader(ofType: 3, in: $0) ?? 0
        ELFSample.patch32(&$0, at: strtab + 20, ELFSample.read32($0, at: strtab + 20) - 1)
    },
]

@Suite("ELF malformed input")
struct ELFMalformedTests {
    @Test(arguments: corruptions)
    func corruptionIsRejected(_ corruption: ELFCorruption) {
        var bytes = ELFSample.file
        corruption.corrupt(&bytes)
        #expect(throws: corruption.expected) { try ELFFile(bytes: bytes, maxMemory: corruption.maxMemory) }
    }

    @Test func theUncorruptedSampleIsAccepted() throws {
        // The corruption table means something only if the file it starts from is valid.
        let elf = try ELFFile(bytes: ELFSample.file)
        #expect(elf.segments.count == 2)
    }

    @Test func messagesSayWhatIsWrong() {
        #expect(ELFError.elf64.description.contains("ELF64 – emu runs RV32 programs"))
        #expect(ELFError.wrongMachine(62).description.contains("62 (x86-64)"))
        #expect(ELFError.wrongMachine(62).description.contains("RISC-V"))
        #expect(ELFError.hasInterpreter.description.contains("dynamically linked (has an interpreter)"))
        #expect(ELFError.positionIndependent.description.contains("PIE"))
        #expect(ELFError.notELF.description.contains("not an ELF file"))
        #expect(ELFError.entryNotExecutable(entry: 0x1234).description.contains("0x1234"))
        #expect(ELFError.malformedSymbolTable(reason: "x").description == "malformed symbol table: x")
    }


    /// Flips, overwrites and truncates bytes of the valid sample thousands of times. Every
    /// outcome must be a parse or an ELFError (a trap would crash the test process), and an
    /// accepted file must satisfy the parser's promises.
    @Test func randomCorruptionNeverTraps() {
        let original = ELFSample.file
        var generator = SplitMix64(seed: 0xE1F)
        var accepted = 0
        var rejected: Set<String> = []
        let headerEnd = 52 + 2 * 32
        let interesting: [UInt32] = [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_F000, UInt32(original.count)]
        for iteration in 0..<4000 {
            var bytes = original
            switch iteration % 4 {
            case 0:  // flip bits, mostly in the headers where they matter
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let limit = Bool.random(using: &generator) ? headerEnd : bytes.count
                    bytes[Int.random(in: 0..<limit, using: &generator)] ^=
                        UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
                }
            case 1:  // an extreme value in a random aligned 32-bit field
                let field = Int.random(in: 0..<(bytes.count / 4), using: &generator) * 4
                ELFSample.patch32(&bytes, at: field, interesting.randomElement(using: &generator) ?? 0)
            case 2:  // an extreme value in a header or program header field
                let field = Int.random(in: 4..<(headerEnd / 2), using: &generator) * 2
                ELFSample.patch16(&bytes, at: field, UInt16.random(in: 0...UInt16.max, using: &generator))
            default:  // truncation, sometimes with a corrupted byte too
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
                if !bytes.isEmpty, Bool.random(using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
                        in: 0...255, using: &generator)
                }
            }
            do {
                let elf = try ELFFile(bytes: bytes)
                accepted += 1
                #expect(elf.segments.contains { $0.executable && $0.contains(elf.entry) })
                for segment in elf.segments {
                    #expect(UInt64(segment.fileBytes.count) <= UInt64(segment.memsz))
                    #expect(segment.end <= 1 << 32)
                }
                for _ in 0..<8 { _ = elf.symbolize(UInt32.random(in: 0...UInt32.max, using: &generator)) }
                for symbol in elf.symbols.prefix(4) { _ = elf.symbol(named: symbol.name) }
            } catch {
                rejected.insert(String(describing: error).prefix(while: { $0 != "(" }).description)
            }
        }
        // Both outcomes must occur, and many different errors, or the mutations are not reaching the parser.
        #expect(accepted > 100)
        #expect(rejected.count >= 15, "\(rejected.sorted())")
    }
}
