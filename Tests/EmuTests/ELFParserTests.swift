import Emu
import Foundation
import TestSupport
import Testing

/// A small valid executable built with ``ELFWriter``, and byte-patching helpers, shared by
/// the ELF test files.
enum ELFSample {
    /// `li a0, 7; li a7, 93; ecall`: exit(7) under Linux.
    static let exitSeven: [UInt32] = [
        0x0070_0513,  // addi a0, x0, 7
        0x05D0_0893,  // addi a7, x0, 93
        0x0000_0073,  // ecall
    ]

    /// Little-endian bytes of instruction words.
    static func bytes(_ words: [UInt32]) -> [UInt8] {
        words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
    }

    /// A text segment at 0x10000 (12 bytes of code) and a data segment at 0x11000 with
    /// 8 bytes in the file and 0x100 in memory, plus symbols of every lookup-relevant shape.
    static var writer: ELFWriter {
        ELFWriter(
            entry: 0x10000,
            segments: [
                .init(vaddr: 0x10000, bytes: bytes(exitSeven), permissions: [.read, .execute]),
                .init(vaddr: 0x11000, bytes: [1, 2, 3, 4, 5, 6, 7, 8], memsz: 0x100, permissions: [.read, .write]),
            ],
            symbols: [
                .init(name: "_start", value: 0x10000, size: 8, kind: .function),
                .init(name: "after", value: 0x10008, kind: .notype, binding: .local),
                .init(name: "tohost", value: 0x11000, size: 8, kind: .object),
                .init(name: "begin_signature", value: 0x11008),
                .init(name: "buffer", value: 0x11010, size: 0x40, kind: .object, binding: .local),
                .init(name: "$x", value: 0x10004, binding: .local),
                .init(name: "__size", value: 0x10006, kind: .notype, binding: .global),
            ],
            flags: .init(rawValue: 0x5))  // RVC, double-float ABI
    }

    /// The written sample file.
    static var file: [UInt8] { writer.write() }

    /// The file offset of program header `index`.
    static func programHeader(_ index: Int) -> Int { 52 + 32 * index }

    /// The file offset of the first section header of `type` (SHT_*), read from the file.
    static func sectionHeader(ofType type: UInt32, in bytes: [UInt8]) -> Int? {
        let shoff = Int(read32(bytes, at: 32))
        let shnum = Int(read16(bytes, at: 48))
        return (0..<shnum).map { shoff + 40 * $0 }.first { read32(bytes, at: $0 + 4) == type }
    }

    static func read16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func read32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    static func patch16(_ bytes: inout [UInt8], at offset: Int, _ value: UInt16) {
        bytes[offset] = UInt8(truncatingIfNeeded: value)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
    }

    static func patch32(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32) {
        for byte in 0..<4 { bytes[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte)) }
    }
}

@Suite("ELF parser")
struct ELFParserTests {
    @Test func parsesHeaderFieldsOfTheSample() throws {
        let elf = try ELFFile(bytes: ELFSample.file)
        #expect(elf.entry == 0x10000)
        #expect(elf.flags.usesCompressed)
        #expect(elf.flags.floatABI == .double)
        #expect(!elf.flags.usesRVE)
        #expect(elf.programHeaderCount == 2)
        #expect(elf.programHeaderEntrySize == 32)
        #expect(elf.programHeaderOffset == 52)
        // The writer does not map the headers, so there is nothing for AT_PHDR to point at.
        #expect(elf.programHeaderVirtualAddress == nil)
    }

    @Test func parsesProgramHeadersAndSegments() throws {
        let elf = try ELFFile(bytes: ELFSample.file)
        #expect(elf.programHeaders.map(\.type) == [.load, .load])
        let text = elf.programHeaders[0]
        #expect(text.vaddr == 0x10000 && text.paddr == 0x10000)
        #expect(text.filesz == 12 && text.memsz == 12)
        #expect(text.flags == [.read, .execute])
        #expect(text.align == 0x1000)
        #expect(text.offset % 0x1000 == 0)

        #expect(elf.segments.count == 2)
        #expect(elf.segments[0].fileBytes == ELFSample.bytes(ELFSample.exitSeven))
        #expect(elf.segments[0].readable && elf.segments[0].executable && !elf.segments[0].writable)
        #expect(elf.segments[1].vaddr == 0x11000)
        #expect(elf.segments[1].memsz == 0x100)
        #expect(elf.segments[1].fileBytes == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(elf.segments[1].writable && !elf.segments[1].executable)
        #expect(elf.segments[1].contains(0x110FF) && !elf.segments[1].contains(0x11100))
    }

    @Test func parsesSymbols() throws {
        let elf = try ELFFile(bytes: ELFSample.file)
        #expect(elf.symbols.count == 7)
        let start = try #require(elf.symbol(named: "_start"))
        #expect(start.value == 0x10000 && start.size == 8)
        #expect(start.kind == .function && start.binding == .global)
        #expect(start.isDefined && !start.isAbsolute)
        #expect(elf.symbol(named: "buffer")?.binding == .local)
        #expect(elf.symbol(named: "buffer")?.kind == .object)
        #expect(elf.symbol(named: "tohost")?.value == 0x11000)
        #expect(elf.symbol(named: "missing") == nil)
        #expect(elf.symbol(named: "") == nil)
    }

    /// (address, expected name, expected offset) for the sample's symbols.
    static let symbolizeCases: [(UInt32, String, UInt32)] = [
        (0x10000, "_start", 0),
        (0x10004, "_start", 4),  // the `$x` mapping symbol is never used
        (0x10007, "__size", 1),  // the nearest symbol below, as objdump, even inside _start
        (0x10008, "after", 0),
        (0x1000B, "after", 3),
        (0x11004, "tohost", 4),
        (0x11008, "begin_signature", 0),
        (0x11010, "buffer", 0),
        (0x1104F, "buffer", 0x3F),
        (0x11050, "buffer", 0x40),  // past the object's end: objdump still names it
        (0xFFFF_FFFF, "buffer", 0xFFFF_FFFF - 0x11010),
    ]

    @Test(arguments: symbolizeCases)
    func symbolizesAddresses(address: UInt32, name: String, offset: UInt32) throws {
        let elf = try ELFFile(bytes: ELFSample.file)
        let found = try #require(elf.symbolize(address))
        #expect(found.name == name)
        #expect(found.offset == offset)
    }

    /// (address, name of the function or object containing it, or nil).
    static let containingCases: [(UInt32, String?)] = [
        (0x10000, "_start"),
        (0x10007, "_start"),  // labels inside do not matter
        (0x10008, nil),  // one past _start
        (0x11007, "tohost"),
        (0x11008, nil),  // begin_signature is a label without a size
        (0x1104F, "buffer"),
        (0x11050, nil),
        (0x0FFFF, nil),
    ]

    @Test(arguments: containingCases)
    func findsTheSymbolContainingAnAddress(address: UInt32, name: String?) throws {
        let elf = try ELFFile(bytes: ELFSample.file)
        #expect(elf.symbol(containing: address)?.name == name)
    }

    @Test func symbolizeBelowEverySymbolIsNil() throws {
        let elf = try ELFFile(bytes: ELFSample.file)
        #expect(elf.symbolize(0xFFFF) == nil)
        #expect(elf.symbolize(0) == nil)
    }

    @Test func symbolizePrefersAFunctionAmongAliases() throws {
        var writer = ELFSample.writer
        writer.symbols = [
            .init(name: "label", value: 0x10000),
            .init(name: "function", value: 0x10000, size: 12, kind: .function, binding: .local),
            .init(name: "weakAlias", value: 0x10000, size: 12, kind: .function, binding: .weak),
        ]
        let elf = try ELFFile(bytes: writer.write())
        #expect(elf.symbolize(0x10004)?.name == "weakAlias")  // weak beats local among functions
    }

    @Test func symbolizeBreaksTiesAsObjdumpDoes() throws {
        var writer = ELFSample.writer
        writer.symbols = [
            .init(name: "malloc", value: 0x10000, size: 8, kind: .function),
            .init(name: "__malloc_malloc", value: 0x10000, size: 8, kind: .function),
            .init(name: "data", value: 0x11000, size: 4, kind: .object),
            .init(name: "bigger", value: 0x11000, size: 8, kind: .object),
        ]
        let elf = try ELFFile(bytes: writer.write())
        #expect(elf.symbolize(0x10004)?.name == "__malloc_malloc")  // byte order: '_' < 'm'
        #expect(elf.symbolize(0x11000)?.name == "bigger")  // the larger size first
    }

    @Test func symbolizeFindsAnEnclosingSymbolBehindAShorterOne() throws {
        // `outer` spans both `inner` and the probed address; `inner` ends before it.
        var writer = ELFSample.writer
        writer.symbols = [
            .init(name: "outer", value: 0x11000, size: 0x80, kind: .object),
            .init(name: "inner", value: 0x11010, size: 0x10, kind: .object),
        ]
        let elf = try ELFFile(bytes: writer.write())
        #expect(elf.symbol(containing: 0x11040)?.name == "outer")
        #expect(elf.symbol(containing: 0x11014)?.name == "inner")
        #expect(elf.symbolize(0x11040).map { "\($0.name)+\($0.offset)" } == "inner+48")
    }

    @Test func symbolNamedPrefersGlobalOverLocal() throws {
        var writer = ELFSample.writer
        writer.symbols = [
            .init(name: "dup", value: 0x10000, binding: .local),
            .init(name: "dup", value: 0x10004, binding: .global),
            .init(name: "dup", value: 0x10008, binding: .weak),
        ]
        let elf = try ELFFile(bytes: writer.write())
        #expect(elf.symbol(named: "dup")?.value == 0x10004)
    }

    @Test func absoluteSymbolsNameAddressesButContainNothing() throws {
        // Outside every section, so the writer marks it SHN_ABS. objdump uses such symbols
        // (for example __global_pointer$) to name addresses, so symbolize does too.
        var writer = ELFSample.writer
        writer.symbols = [.init(name: "__stack_size", value: 0x9000, size: 0x100, kind: .object)]
        let elf = try ELFFile(bytes: writer.write())
        #expect(elf.symbol(named: "__stack_size")?.isAbsolute == true)
        #expect(elf.symbolize(0x9004).map { "\($0.name)+\($0.offset)" } == "__stack_size+4")
        #expect(elf.symbol(containing: 0x9004) == nil)
    }

    @Test func strippedFileHasNoSymbols() throws {
        var bytes = ELFSample.file
        ELFSample.patch16(&bytes, at: 48, 0)  // e_shnum = 0
        let elf = try ELFFile(bytes: bytes)
        #expect(elf.symbols.isEmpty)
        #expect(elf.symbolize(0x10000) == nil)
        #expect(elf.segments.count == 2)
    }

    @Test func programHeadersInsideALoadedSegmentGiveTheirAddress() throws {
        // Grow the text segment backwards to start at file offset 0, so that it maps the ELF
        // header and program headers as real linkers do.
        var bytes = ELFSample.file
        let text = ELFSample.programHeader(0)
        let offset = ELFSample.read32(bytes, at: text + 4)
        ELFSample.patch32(&bytes, at: text + 4, 0)
        ELFSample.patch32(&bytes, at: text + 8, 0x10000 - offset)
        ELFSample.patch32(&bytes, at: text + 16, offset + 12)
        ELFSample.patch32(&bytes, at: text + 20, offset + 12)
        let elf = try ELFFile(bytes: bytes)
        #expect(elf.programHeaderVirtualAddress == 0x10000 - offset + 52)
        #expect(elf.segments[0].fileBytes.prefix(4) == [0x7F, 0x45, 0x4C, 0x46])
    }

    @Test func ptPhdrGivesTheProgramHeaderAddress() throws {
        var writer = ELFSample.writer
        writer.segments.append(.init(vaddr: 0x20000, bytes: [], memsz: 0x10, permissions: [.read]))
        var bytes = writer.write()
        let third = ELFSample.programHeader(2)
        ELFSample.patch32(&bytes, at: third, 6)  // PT_PHDR
        let elf = try ELFFile(bytes: bytes)
        #expect(elf.programHeaderVirtualAddress == 0x20000)
        #expect(elf.segments.count == 2)
    }

    @Test func segmentEndingExactlyAtTheTopOfMemoryIsAccepted() throws {
        let writer = ELFWriter(
            entry: 0xFFFF_F000,
            segments: [
                .init(vaddr: 0xFFFF_F000, bytes: [0x73, 0, 0, 0], memsz: 0x1000, permissions: [.read, .execute])
            ])
        let elf = try ELFFile(bytes: writer.write())
        #expect(elf.segments[0].end == 1 << 32)
    }

    @Test func emptySegmentsDoNotOverlap() throws {
        var writer = ELFSample.writer
        writer.segments.append(.init(vaddr: 0x10004, bytes: [], memsz: 0, permissions: [.read]))
        let elf = try ELFFile(bytes: writer.write())
        #expect(elf.segments.count == 3)
    }

    @Test func segmentsSharingAPageButNotBytesAreAccepted() throws {
        var writer = ELFSample.writer
        writer.segments[1].vaddr = 0x1000C  // right after the 12 code bytes, same page
        writer.symbols = []
        let elf = try ELFFile(bytes: writer.write())
        #expect(elf.segments[1].vaddr == 0x1000C)
    }

    // MARK: - Real programs

    /// Checks `path` against readelf and nm: entry, loadable segments, every symbol's value,
    /// and the symbol containing the first and last byte of every sized symbol.
    private func checkAgainstBinutils(_ path: String, readelf: String, nm: String) throws {
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))

        let header = try ProcessRunner.run(readelf, ["-hlW", path])
        try #require(header.status == 0)
        let entryLine = try #require(
            header.stdoutText.split(separator: "\n").first { $0.contains("Entry point address") })
        let entryText = try #require(entryLine.split(separator: " ").last)
        #expect(UInt32(entryText.dropFirst(2), radix: 16) == elf.entry, "\(path)")
        let loadLines = header.stdoutText.split(separator: "\n").filter {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("LOAD ")
        }
        #expect(loadLines.count == elf.segments.count, "\(path)")
        for (line, segment) in zip(loadLines, elf.segments) {
            // Type Offset VirtAddr PhysAddr FileSiz MemSiz Flg Align
            let fields = line.split(separator: " ")
            #expect(UInt32(fields[2].dropFirst(2), radix: 16) == segment.vaddr, "\(path): \(line)")
            #expect(UInt32(fields[4].dropFirst(2), radix: 16) == UInt32(segment.fileBytes.count), "\(path): \(line)")
            #expect(UInt32(fields[5].dropFirst(2), radix: 16) == segment.memsz, "\(path): \(line)")
        }

        // nm -S: "value [size] type name"; --defined-only leaves out undefined symbols.
        let listing = try ProcessRunner.run(nm, ["-S", "--defined-only", path])
        try #require(listing.status == 0)
        var nmAddresses: [String: Set<UInt32>] = [:]
        var sized: [(name: String, value: UInt32, size: UInt32)] = []
        for line in listing.stdoutText.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 3, let value = UInt32(fields[0], radix: 16) else { continue }
            let name = fields[fields.count - 1]
            nmAddresses[name, default: []].insert(value)
            // Sized functions and data (T/t text, D/d data, B/b bss, R/r read-only).
            // Thread-local symbols are left out: their values are offsets into the TLS block,
            // not addresses (nm lists them as B/b like ordinary bss).
            if fields.count == 4, "TtDdBbRr".contains(fields[2]), let size = UInt32(fields[1], radix: 16), size > 0,
                !name.hasPrefix("$"), elf.symbols.first(where: { $0.name == name })?.kind != .tls
            {
                sized.append((name, value, size))
            }
        }
        try #require(!nmAddresses.isEmpty)
        for (name, addresses) in nmAddresses {
            let found = elf.symbol(named: name)
            #expect(found.map { addresses.contains($0.value) } == true, "\(path): \(name)")
        }
        // The expected answer by a linear scan of nm's list: the innermost (highest-starting)
        // sized symbol containing the address. Functions with several entry points, like
        // __riscv_save_0..12, nest inside each other.
        for symbol in sized {
            for address in [symbol.value, symbol.value + symbol.size - 1] {
                let innermost = sized.filter {
                    $0.value <= address && UInt64(address) < UInt64($0.value) + UInt64($0.size)
                }
                .map(\.value).max()
                let found = elf.symbol(containing: address)
                #expect(found?.value == innermost, "\(path): \(symbol.name) -> \(found?.name ?? "nil")")
                #expect(
                    found.map { nmAddresses[$0.name]?.contains($0.value) == true } == true, "\(path): \(symbol.name)")
            }
        }
    }

    /// Checks that every address objdump annotates as `<name>` or `<name+0xoff>` in its
    /// disassembly of `path` symbolizes to the same text. Only addresses inside a loaded
    /// segment are compared: objdump also annotates small constants (for example with the
    /// thread-local `errno`, whose value is an offset), which name no place in memory.
    private func checkAgainstObjdump(_ path: String, objdump: String) throws {
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        let result = try ProcessRunner.run(objdump, ["-d", path])
        try #require(result.status == 0)
        var compared = 0
        for line in result.stdoutText.split(separator: "\n") where line.hasSuffix(">") {
            // "   10164:\tjal\t10230 <main+0xc>": the last "hex <...>" on the line.
            guard let open = line.lastIndex(of: "<") else { continue }
            let before = line[..<open].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).last
            guard let addressText = before, let address = UInt32(addressText, radix: 16),
                elf.segments.contains(where: { $0.contains(address) })
            else { continue }
            let expected = String(line[open...])
            let found = elf.symbolize(address).map {
                $0.offset == 0 ? "<\($0.name)>" : "<\($0.name)+0x\(String($0.offset, radix: 16))>"
            }
            #expect(found == expected, "\(path): \(line)")
            compared += 1
        }
        #expect(compared > 0, "\(path): objdump annotated no addresses")
    }

    @Test func parsesTheProjectsPrograms() throws {
        let programs = Paths.programELFs()
        guard !programs.isEmpty else {
            print("note: no programs under programs/bin yet; only the compiled sample is checked")
            return
        }
        for path in programs {
            let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
            #expect(elf.segments.contains { $0.executable && $0.contains(elf.entry) }, "\(path)")
            let main = elf.symbol(named: "main")
            #expect(main?.kind == .function, "\(path) has no main function")
        }
        guard let readelf = try Oracle.require("riscv64-unknown-elf-readelf"),
            let nm = try Oracle.require("riscv64-unknown-elf-nm")
        else { return }
        for path in programs { try checkAgainstBinutils(path, readelf: readelf, nm: nm) }
        guard let objdump = try Oracle.require("riscv64-unknown-elf-objdump") else { return }
        for path in programs { try checkAgainstObjdump(path, objdump: objdump) }
    }

    @Test func parsesAProgramBuiltByGCCAsBinutilsDoes() throws {
        guard let gcc = try Oracle.require("riscv64-unknown-elf-gcc"),
            let readelf = try Oracle.require("riscv64-unknown-elf-readelf"),
            let nm = try Oracle.require("riscv64-unknown-elf-nm")
        else { return }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("elf-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("sample.c").path
        let output = directory.appendingPathComponent("sample.elf").path
        try """
        int table[16] = {1, 2, 3};
        static int square(int x) { return x * x; }
        int sum(int n) { int s = 0; for (int i = 0; i < n; i++) s += square(table[i & 15]); return s; }
        int main(void) { return sum(5); }
        """.write(toFile: source, atomically: true, encoding: .utf8)
        let build = try ProcessRunner.run(
            gcc, ["-march=rv32imac", "-mabi=ilp32", "-O1", "--specs=picolibc.specs", "-static", source, "-o", output])
        try #require(build.status == 0, "\(build.stderrText)")
        try checkAgainstBinutils(output, readelf: readelf, nm: nm)
        if let objdump = try Oracle.require("riscv64-unknown-elf-objdump") {
            try checkAgainstObjdump(output, objdump: objdump)
        }
        let elf = try ELFFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: output))))
        #expect(elf.symbol(named: "main")?.kind == .function)
        #expect(elf.symbol(named: "table")?.kind == .object)
        #expect(elf.flags.usesCompressed)
    }
}
