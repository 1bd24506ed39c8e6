import Decoder
import Emu

/// `emu disasm [--start-address A] [--stop-address A] PROGRAM`: the listing
/// `riscv64-unknown-elf-objdump -d` prints for the same file (see ``ObjdumpListing``).
enum DisasmCommand {
    static let interface = Interfaces.disasm

    static func main(_ arguments: [String]) -> Int32 {
        let parsed: OptionParser.Parsed
        switch interface.start(arguments) {
        case .exit(let status): return status
        case .run(let options): parsed = options
        }
        var range = ObjdumpListing.AddressRange()
        do {
            if let text = parsed.last("--start-address") { range.start = try OptionValue.address(text, option: "--start-address") }
            if let text = parsed.last("--stop-address") { range.stop = try OptionValue.address(text, option: "--stop-address") }
        } catch {
            interface.fail(error.message)
            return ExitStatus.usage
        }
        guard parsed.positional.count == 1 else {
            interface.fail(parsed.positional.isEmpty ? "'emu disasm' requires a program" : "'emu disasm' takes exactly one program")
            return ExitStatus.usage
        }
        let path = parsed.positional[0]
        let bytes: [UInt8]
        let elf: ELFFile
        do {
            bytes = try ProgramFile.read(path)
            elf = try ProgramFile.parse(bytes, path: path)
        } catch {
            Console.error(error.message + "\n")
            return error.status
        }
        Console.output(ObjdumpListing(elf: elf, bytes: bytes, path: path, range: range).text)
        return 0
    }
}
