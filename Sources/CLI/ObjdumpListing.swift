import Decoder
import Emu

/// The text `riscv64-unknown-elf-objdump -d` (binutils 2.40) prints for an RV32 ELF file,
/// byte for byte: the file-format line; for each executable section a "Disassembly of
/// section" header; a `<symbol>:` label where each symbol of the section starts; one line per
/// instruction with objdump's address and byte columns; `.word`/`.short`/`.byte` where a
/// `$d` mapping symbol marks data in code; `...` for runs of zero bytes; and the `# <symbol>`
/// comments objdump adds where it can follow an address across `lui`/`auipc` and the
/// instruction that uses it (see ``AddressTracker``). A file without symbols gets objdump's
/// `<.text>` label, `0x` addresses, and `.2byte`/`.4byte` for what its architecture
/// attribute lacks (see ``ArchitectureAttribute``).
struct ObjdumpListing {
    /// objdump's `--start-address` and `--stop-address`.
    struct AddressRange {
        var start: UInt32 = 0
        var stop: UInt32?
    }

    let elf: ELFFile
    let bytes: [UInt8]
    let path: String
    var range = AddressRange()

    var text: String {
        let table = SectionTable(bytes: bytes)
        let symbols = Symbolizer(elf: elf)
        var tracker = AddressTracker(globalPointer: elf.symbol(named: "__global_pointer$")?.value)
        // Without mapping symbols objdump decodes for the file's architecture attribute; with
        // them, their own (which emu's programs never contradict).
        let architecture = elf.withoutSymbols ? ArchitectureAttribute(table: table, bytes: bytes) : nil
        var out = "\n\(path):     file format elf32-littleriscv\n\n"
        for section in table.sections where section.executable && section.size > 0 {
            guard let contents = table.contents(section, in: bytes) else { continue }
            let start = max(UInt64(section.address), UInt64(range.start))
            let stop = min(section.end, range.stop.map(UInt64.init) ?? section.end)
            guard start < stop else { continue }
            out += "\nDisassembly of section \(section.name):\n"
            SectionListing(
                section: section, contents: Array(contents), elf: elf, symbols: symbols, architecture: architecture,
                start: UInt32(start), stop: UInt32(stop)
            ).append(to: &out, tracker: &tracker)
        }
        return out
    }
}

/// One section's part of the listing: its symbol regions and their lines.
private struct SectionListing {
    let section: SectionTable.Section
    let contents: [UInt8]
    let elf: ELFFile
    let symbols: Symbolizer
    let architecture: ArchitectureAttribute?
    let start: UInt32
    let stop: UInt32

    /// objdump skips runs of at least this many zero bytes (`...`), and shorter runs that
    /// end a region when they are shorter than `skipZeroesAtEnd`.
    static let skipZeroes = 8
    static let skipZeroesAtEnd = 3

    func append(to out: inout String, tracker: inout AddressTracker) {
        // The section's symbols that start regions: one label per address, the symbol
        // objdump prefers there; mapping symbols only switch between code and data.
        var labelAddresses: [UInt32] = []
        var mapping: [(address: UInt32, data: Bool)] = []
        for symbol in elf.symbols where Int(symbol.sectionIndex) == section.index && symbol.isDefined {
            if symbol.name.hasPrefix("$x") || symbol.name.hasPrefix("$d") {
                mapping.append((symbol.value, symbol.name.hasPrefix("$d")))
            } else if !symbol.name.isEmpty && symbol.kind != .section && symbol.kind != .file {
                labelAddresses.append(symbol.value)
            }
        }
        labelAddresses = Array(Set(labelAddresses.filter { $0 > start && $0 < stop })).sorted()
        mapping.sort { $0.address < $1.address }
        let addressSkip = Self.addressSkip(section.end)
        var regionStart = start
        for regionEnd in labelAddresses + [stop] {
            out += "\n" + Format.hex(regionStart, width: 8) + label(regionStart) + ":\n"
            appendRegion(regionStart, regionEnd, mapping: mapping, addressSkip: addressSkip, to: &out, tracker: &tracker)
            regionStart = regionEnd
        }
    }

    /// ` <main>` after a region's address; in a file without symbols, where the only
    /// region starts at the section's start (or --start-address), ` <.text>` or
    /// ` <.text+0x58>`, as objdump_print_addr_with_sym writes it for no symbol.
    func label(_ address: UInt32) -> String {
        guard elf.withoutSymbols else { return symbols.suffix(address) }
        let offset = address &- section.address
        return " <\(section.name)" + (offset == 0 ? "" : "+0x" + String(offset, radix: 16)) + ">"
    }

    /// How many leading address digits objdump leaves out: the leading zeros of the
    /// section's end address, in whole groups of four (what remains is padded with spaces).
    static func addressSkip(_ end: UInt64) -> Int {
        let digits = Format.hex(UInt32(truncatingIfNeeded: end), width: 8)
        let zeros = digits.prefix { $0 == "0" }.count
        return min(zeros / 4 * 4, 4)
    }

    /// `   100c0:` — the address without the skipped digits, leading zeros as spaces.
    static func addressColumn(_ address: UInt32, skip: Int) -> String {
        var digits = Array(Format.hex(address, width: 8).dropFirst(skip))
        var index = 0
        while index < digits.count - 1 && digits[index] == "0" {
            digits[index] = " "
            index += 1
        }
        return String(digits) + ":\t"
    }

    /// objdump's raw-bytes column: the bytes in chunks of `chunk` (as little-endian hex
    /// numbers), each followed by a space, then spaces for the chunks a line of `perLine`
    /// bytes would still hold, then a tab.
    static func bytesColumn(_ bytes: ArraySlice<UInt8>, chunk: Int, perLine: Int) -> String {
        var text = ""
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let end = min(offset + chunk, bytes.endIndex)
            for index in stride(from: end - 1, through: offset, by: -1) { text += Format.hex(UInt32(bytes[index]), width: 2) }
            text += " "
            offset += chunk
        }
        var filled = bytes.count
        while filled < perLine {
            text += String(repeating: "  ", count: chunk) + " "
            filled += chunk
        }
        return text + "\t"
    }

    private func appendRegion(
        _ from: UInt32, _ to: UInt32, mapping: [(address: UInt32, data: Bool)], addressSkip: Int, to out: inout String,
        tracker: inout AddressTracker
    ) {
        let base = section.address
        var pc = from
        while pc < to {
            let offset = Int(pc - base)
            let end = Int(to - base)
            // Runs of zeros (objdump's disassemble_bytes): skipped when long, or when short
            // and at the end of the region; in the middle only in multiples of 4 bytes, so
            // as not to run into an instruction that starts with a zero byte.
            var zero = offset
            while zero < end && contents[zero] == 0 { zero += 1 }
            if zero - offset >= Self.skipZeroes || (zero == end && zero - offset < Self.skipZeroesAtEnd) {
                if zero != end { zero = offset + ((zero - offset) & ~3) }
                out += "\t...\n"
                pc = base + UInt32(zero)
                continue
            }
            let isData = mapping.last(where: { $0.address <= pc })?.data ?? false
            if isData {
                // Data up to the next mapping symbol (or the section's end), in the largest
                // of 4, 2 or 1 bytes that fits, as riscv_data_length chooses.
                let next = mapping.first(where: { $0.address > pc }).map { Int($0.address - base) } ?? contents.count
                let available = min(next, contents.count) - offset
                let length = available >= 4 ? 4 : available >= 2 ? 2 : 1
                let chunk = contents[offset..<offset + length]
                var value: UInt32 = 0
                for (shift, byte) in chunk.enumerated() { value |= UInt32(byte) << (8 * shift) }
                let directive = length == 4 ? ".word" : length == 2 ? ".short" : ".byte"
                out += Self.addressColumn(pc, skip: addressSkip)
                    + Self.bytesColumn(chunk, chunk: length, perLine: length == 1 ? 6 : 8)
                    + directive + "\t0x" + Format.hex(value, width: length * 2) + "\n"
                pc &+= UInt32(length)
                continue
            }
            let low = UInt32(contents[offset]) | (offset + 1 < contents.count ? UInt32(contents[offset + 1]) << 8 : 0)
            // riscv_insn_length: bits 4..0 all set mean a 48-bit or longer encoding, and the
            // longest ones objdump does not know are read as 2 bytes. Only in a file without
            // symbols can such bits be in code (data is code there: no `$d`); longer lengths
            // than 4 are not listed as objdump does (a known limit).
            let length = low & 3 != 3 || (elf.withoutSymbols && low & 0x707F == 0x707F) ? 2 : 4
            guard offset + length <= end else {
                // An instruction cut by --stop-address or the section's end: objdump shows
                // the bytes there are and its memory-error message, and ends the region.
                out += Self.addressColumn(pc, skip: addressSkip)
                    + Self.bytesColumn(contents[offset..<end], chunk: 1, perLine: 6)
                    + "Address 0x\(String(pc, radix: 16)) is out of bounds.\n\n"
                break
            }
            var word = low
            if length == 4 { word |= UInt32(contents[offset + 2]) << 16 | UInt32(contents[offset + 3]) << 24 }
            let instruction = length == 4 ? decode(word) : decodeCompressed(UInt16(word))
            var line: String
            if low & 3 == 3 && length == 2 || architecture.map({ !$0.supports(instruction) }) ?? false {
                // Not an instruction of the file's architecture (`0000` included when it has
                // no C): objdump shows the bits, and tracks no address.
                line = (length == 2 ? ".2byte\t0x" : ".4byte\t0x") + String(word, radix: 16)
            } else if elf.withoutSymbols {
                // objdump_print_addr with no symbols at all: `0x` and the address, nothing
                // after it, for branch targets and `#` comments alike.
                line = disassembleWithTargets(instruction, pc: pc, target: { "0x" + String($0, radix: 16) })
                if let target = tracker.observe(instruction, pc: pc) { line += " # 0x" + String(target, radix: 16) }
            } else {
                line = disassemble(instruction, pc: pc, symbol: symbols.name)
                if let target = tracker.observe(instruction, pc: pc) {
                    line += " # " + String(target, radix: 16) + symbols.commentSuffix(target, section: section)
                }
            }
            out += Self.addressColumn(pc, skip: addressSkip)
                + Self.bytesColumn(contents[offset..<offset + length], chunk: length, perLine: 8) + line + "\n"
            pc &+= UInt32(length)
        }
    }
}

/// objdump's `# <address>` comments (binutils riscv-dis.c): `lui` and `auipc` remember the
/// upper part of an address per register; the next load, store, `addi` or `jalr` based on
/// that register completes it (and forgets it); one based on gp uses `__global_pointer$`;
/// one based on zero or tp shows its offset.
struct AddressTracker {
    /// The upper address each register holds, when a lui or auipc set it.
    private var high = [UInt32?](repeating: nil, count: 32)
    let globalPointer: UInt32?

    init(globalPointer: UInt32?) { self.globalPointer = globalPointer }

    /// Notes what `instruction` at `pc` tells about addresses; returns the address to show
    /// in its comment, if any.
    mutating func observe(_ instruction: Instruction, pc: UInt32) -> UInt32? {
        let rd = Int(instruction.rd), rs1 = Int(instruction.rs1)
        let imm = instruction.imm
        if instruction.isCompressed {
            let half = instruction.raw & 0xFFFF
            // c.lui sets the upper part; c.addi (rd != 0) uses it. The other compressed
            // forms print no address in objdump.
            switch (half & 3, half >> 13) {
            case (1, 3) where instruction.opcode == .lui:
                high[rd] = UInt32(bitPattern: imm)
                return nil
            case (1, 0) where rd != 0: return complete(base: rd, offset: imm)
            default: return nil
            }
        }
        switch instruction.opcode {
        case .lui:
            high[rd] = UInt32(bitPattern: imm)
            return nil
        case .auipc:
            high[rd] = pc &+ UInt32(bitPattern: imm)
            return nil
        case .lb, .lh, .lw, .lbu, .lhu, .sb, .sh, .sw, .flw, .fld, .fsw, .fsd:
            return complete(base: rs1, offset: imm)
        case .addi:
            // `mv` (offset 0) and `li` (base zero) are printed without the operand objdump
            // tracks, so they show no address.
            guard rs1 != 0, imm != 0 else { return nil }
            return complete(base: rs1, offset: imm)
        case .jalr:
            // `ret` has no operands to print an address for.
            if rd == 0 && rs1 == 1 && imm == 0 { return nil }
            return complete(base: rs1, offset: imm)
        default:
            return nil
        }
    }

    /// maybe_print_address: the address `base + offset` if objdump can know it.
    private mutating func complete(base: Int, offset: Int32) -> UInt32? {
        let displacement = UInt32(bitPattern: offset)
        if let upper = high[base] {
            high[base] = nil
            return (base == 0 ? 0 : upper) &+ displacement
        }
        if base == 3, let globalPointer { return globalPointer &+ displacement }
        if base == 4 || base == 0 { return displacement }
        return nil
    }
}

extension Symbolizer {
    /// ` <name+0x10>` after a `#` address: the nearest symbol at or below it (in any
    /// section); with none, the lowest symbol and a negative offset, or the section's name
    /// and offset when the file has no symbols, as objdump's objdump_print_addr does.
    func commentSuffix(_ address: UInt32, section: SectionTable.Section) -> String {
        if let name = name(address) { return " <\(name)>" }
        if let lowest = elf.lowestLabel {
            return " <\(lowest.name)-0x\(String(lowest.value &- address, radix: 16))>"
        }
        let offset = address &- section.address
        return " <\(section.name)" + (offset == 0 ? "" : "+0x" + String(offset, radix: 16)) + ">"
    }
}

extension ELFFile {
    /// No symbol survives objdump's remove_useless_symbols (those with a name, defined, not
    /// a section's or a file's): objdump then writes every address as a bare `0x...` and
    /// labels a section's code by the section's name. Mapping symbols do count.
    var withoutSymbols: Bool {
        // 0xFFF2 is SHN_COMMON, which objdump drops with the undefined ones.
        !symbols.contains {
            $0.isDefined && $0.sectionIndex != 0xFFF2 && !$0.name.isEmpty && $0.kind != .section && $0.kind != .file
        }
    }

    /// The lowest-addressed symbol objdump could name an address by.
    var lowestLabel: Symbol? {
        symbols.filter { $0.isDefined && !$0.name.isEmpty && !$0.name.hasPrefix("$") && $0.kind != .section && $0.kind != .file }
            .min { $0.value < $1.value }
    }
}
