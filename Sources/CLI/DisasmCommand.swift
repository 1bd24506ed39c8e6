import Decoder
import Emu

/// `emu disasm PROGRAM`: an objdump-style listing of the executable segments, with
/// symbol labels.
enum DisasmCommand {
    static func main(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            Console.output(Usage.disasm)
            return 0
        }
        guard arguments.count == 1 else {
            Console.error("Error: disasm takes exactly one PROGRAM\n\n" + Usage.disasm)
            return ExitStatus.usage
        }
        let elf: ELFFile
        do { elf = try ProgramFile.load(arguments[0]) } catch {
            Console.error(error.message + "\n")
            return error.status
        }
        Console.output(listing(elf))
        return 0
    }

    /// The listing text: for each executable segment, `<label>:` lines at function
    /// symbols and one line per instruction (address, bits, text).
    static func listing(_ elf: ELFFile) -> String {
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
                if let label = labels[pc] { text += "\n\(Format.hex(pc, width: 8)) <\(label)>:\n" }
                let low = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                var word = low
                var length = 2
                if low & 3 == 3 {
                    guard offset + 4 <= bytes.count else { break }
                    word |= UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
                    length = 4
                }
                let instruction = decode(word)
                let bits = Format.hex(instruction.raw, width: length * 2)
                text += "\(String(repeating: " ", count: max(0, 8 - String(pc, radix: 16).count)))\(String(pc, radix: 16)):\t\(bits)\(length == 2 ? "    " : "")\t\(disassemble(instruction, pc: pc, symbol: symbols.name))\n"
                offset += length
            }
        }
        return text
    }
}
