import Decoder
import Emu

/// `--trace`: runs the guest one instruction at a time and prints, for each, the pc, the
/// raw bits, the disassembly and the register it wrote, to standard error.
struct InstructionTracer {
    let process: LinuxProcess

    func run() -> ProcessOutcome {
        let machine = process.machine
        let hart = machine.hart
        let symbols = Symbolizer(elf: process.elf)
        var output = ""
        while process.outcome == nil {
            let pc = hart.pc
            let instruction = machine.instruction(at: pc)
            let before = hart.registerFile
            let stop = Interpreter.step(machine)
            if let instruction {
                let bits = Format.hex(instruction.raw, width: instruction.isCompressed ? 4 : 8)
                var line = "\(Format.hex(pc, width: 8)): \(bits)  \(disassemble(instruction, pc: pc, symbol: symbols.name))"
                if let stop { process.handle(stop) }
                let after = hart.registerFile
                if let changed = (1..<32).first(where: { before[$0] != after[$0] }) {
                    line += "  ; \(abiRegisterNames[changed]) = \(Format.hex32(after[changed]))"
                }
                output += line + "\n"
            } else if let stop {
                process.handle(stop)
            }
            if output.utf8.count > 1 << 16 {
                Console.error(output)
                output = ""
            }
        }
        Console.error(output)
        return process.outcome!
    }
}
