import Decoder
import Emu

/// The one diagnostic printed when a guest dies of a fault: what happened, where (pc and
/// symbol), and the instruction with its disassembly.
enum FaultReport {
    static func describe(signal: Int32, trap: Trap?, machine: Machine, elf: ELFFile, path: String) -> String {
        let name = LinuxSignal.name(signal)
        guard let trap else {
            return "emu: \(path): killed by \(name) (exit status \(128 + signal))\n"
        }
        let what: String
        switch trap.cause {
        case .illegalInstruction: what = "illegal instruction"
        case .breakpoint: what = "breakpoint (ebreak)"
        case .instructionAddressMisaligned: what = "misaligned instruction fetch from \(Format.hex32(trap.value))"
        case .instructionAccessFault: what = "instruction fetch from non-executable address \(Format.hex32(trap.value))"
        case .loadAddressMisaligned: what = "misaligned load from \(Format.hex32(trap.value))"
        case .loadAccessFault: what = "segmentation fault: load from unmapped address \(Format.hex32(trap.value))"
        case .storeAddressMisaligned: what = "misaligned store to \(Format.hex32(trap.value))"
        case .storeAccessFault: what = "segmentation fault: store to non-writable address \(Format.hex32(trap.value))"
        default: what = "unexpected exception \(trap.cause)"
        }
        var text = "emu: \(path): \(what) (\(name), exit status \(128 + signal))\n"
        text += "  at pc \(Format.hex32(trap.pc))" + Symbolizer(elf: elf).suffix(trap.pc)
        if let instruction = machine.instruction(at: trap.pc) {
            let bits = Format.hex(instruction.raw, width: instruction.isCompressed ? 4 : 8)
            text += ": \(bits)  \(disassemble(instruction, pc: trap.pc, symbol: Symbolizer(elf: elf).name))"
        }
        return text + "\n"
    }
}

/// Names for addresses, as objdump writes them: `main` or `main+0xc`.
struct Symbolizer {
    let elf: ELFFile

    /// The text between objdump's angle brackets for `address`, if a symbol covers it.
    func name(_ address: UInt32) -> String? {
        guard let (symbol, offset) = elf.symbolize(address) else { return nil }
        return offset == 0 ? symbol : symbol + "+0x" + String(offset, radix: 16)
    }

    /// ` <main+0xc>` or "".
    func suffix(_ address: UInt32) -> String {
        name(address).map { " <\($0)>" } ?? ""
    }
}
