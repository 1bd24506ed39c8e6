import Decoder
import Emu

/// The text `riscv64-unknown-elf-objdump -d` prints for an RV32 ELF file.
struct ObjdumpListing {
    /// objdump's `--start-address` and `--stop-address`.
    struct AddressRange {
        var start: UInt32 = 0
        var stop: UInt32?
        func contains(_ address: UInt32) -> Bool { address >= start && stop.map { address < $0 } ?? true }
    }

    let elf: ELFFile
    let bytes: [UInt8]
    let path: String
    var range = AddressRange()

    var text: String {
        let symbols = Symbolizer(elf: elf)
        var labels: [UInt32: String] = [:]
        for symbol in elf.symbols where symbol.isDefined && !symbol.name.isEmpty && (symbol.kind == .function || symbol.kind == .notype) {
            if labels[symbol.value] == nil || symbol.kind == .function { labels[symbol.value] = symbol.name }
        }
        var text = ""
        for segment in elf.segments where segment.executable {
            var offset = 0
            let bytes = segment.fileBytes
            while offset + 2 <= bytes.count {
                let pc = segment.vaddr &+ UInt32(offset)
                let low = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                var word = low
                var length = 2
                if low & 3 == 3 {
                    guard offset + 4 <= bytes.count else { break }
                    word |= UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
                    length = 4
                }
                offset += length
                guard range.contains(pc) else { continue }
                if let label = labels[pc] { text += "\n\(Format.hex(pc, width: 8)) <\(label)>:\n" }
                let instruction = decode(word)
                let bits = Format.hex(instruction.raw, width: length * 2)
                text += "\(String(repeating: " ", count: max(0, 8 - String(pc, radix: 16).count)))\(String(pc, radix: 16)):\t\(bits)\(length == 2 ? "    " : "")\t\(disassemble(instruction, pc: pc, symbol: symbols.name))\n"
            }
        }
        return text
    }
}
