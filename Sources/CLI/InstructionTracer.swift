import Decoder
import Emu

/// `--trace`: runs the guest one instruction at a time and prints, for each, the pc, the
/// raw bits, the disassembly, the register it wrote and, for a load, store or atomic, the
/// address and the value moved (`; lw 0x1000ff20 -> 0x00000002`).
struct InstructionTracer {
    /// Where the lines go and which instructions are shown.
    struct Options {
        /// Host descriptor of the trace (stderr unless `--trace-file`).
        var descriptor: Int32 = 2
        /// Only instructions whose pc is in one of these ranges (all when empty).
        var ranges: [Range<UInt32>] = []

        func shows(_ pc: UInt32) -> Bool { ranges.isEmpty || ranges.contains { $0.contains(pc) } }
    }

    let process: LinuxProcess
    var options = Options()

    func run() -> ProcessOutcome {
        let machine = process.machine
        let hart = machine.hart
        let symbols = Symbolizer(elf: process.elf)
        var output = ""
        // The limits (--max-insns exactly, --timeout, --deterministic timers) and the
        // delivery of pending signals happen where `run`'s loop would stop for them: at the
        // end of each budget, not only at a system call or fault.
        var budgetLeft = process.nextBudget().budget
        while process.outcome == nil {
            if budgetLeft == 0 {
                process.handle(.budgetExhausted)
                budgetLeft = process.nextBudget().budget
                continue
            }
            budgetLeft -= 1
            let pc = hart.pc
            let instruction = machine.instruction(at: pc)
            let before = hart.registerFile
            let floatBefore = hart.floatRegisterFile
            let stop = Interpreter.step(machine)
            if let instruction, options.shows(pc) {
                var line = InstructionTracer.text(instruction, pc: pc, symbols: symbols)
                // The access is described before the syscall shim runs, from the registers
                // as they were: a faulting access has its address shown too.
                let access = InstructionTracer.access(instruction, before: before, after: hart.registerFile, machine: machine)
                if let stop { process.handle(stop) }
                line += InstructionTracer.writes(instruction, before: before, floatBefore: floatBefore, hart: hart, retired: stop == nil)
                if let access { line += "  ; " + access }
                output += line + "\n"
            } else if let stop {
                process.handle(stop)
            }
            if output.utf8.count > 1 << 16 {
                Console.write(options.descriptor, output)
                output = ""
            }
        }
        Console.write(options.descriptor, output)
        return process.outcome!
    }

    /// `pc: bits  disassembly`, the start of every trace line.
    static func text(_ instruction: Instruction, pc: UInt32, symbols: Symbolizer) -> String {
        let bits = Format.hex(instruction.raw, width: instruction.isCompressed ? 4 : 8)
        return "\(Format.hex(pc, width: 8)): \(bits)  \(disassemble(instruction, pc: pc, symbol: symbols.name))"
    }

    /// `  ; a0 = 0x...` for the integer register the instruction changed and, for an F/D
    /// destination, `  ; fa0 = 0x...` (all 64 bits: a single shows its NaN-boxing ones),
    /// shown when it changed or the instruction retired.
    static func writes(_ instruction: Instruction, before: [UInt32], floatBefore: [UInt64], hart: Hart, retired: Bool) -> String {
        var notes = ""
        let after = hart.registerFile
        if let changed = (1..<32).first(where: { before[$0] != after[$0] }) {
            notes += "  ; \(abiRegisterNames[changed]) = \(Format.hex32(after[changed]))"
        }
        if instruction.opcode.floatExtension != nil, instruction.opcode.floatDestinationFile == .float,
            instruction.opcode != .fsw, instruction.opcode != .fsd
        {
            let rd = Int(instruction.rd)
            let value = hart.floatRegister(rd)
            if value != floatBefore[rd] || retired {
                notes += "  ; \(abiFloatRegisterNames[rd]) = 0x" + Format.hex(UInt32(truncatingIfNeeded: value >> 32), width: 8)
                    + Format.hex(UInt32(truncatingIfNeeded: value), width: 8)
            }
        }
        return notes
    }

    /// `load 0x... -> 0x...`, `store 0x... <- 0x...` or `amo 0x... ...` for a memory
    /// instruction, from the register values before and after it ran; nil for others.
    static func access(_ instruction: Instruction, before: [UInt32], after: [UInt32], machine: Machine) -> String? {
        let base = before[Int(instruction.rs1)]
        let address = base &+ UInt32(bitPattern: instruction.imm)
        let rd = Int(instruction.rd)
        func hex(_ value: UInt32, _ bytes: Int) -> String { "0x" + Format.hex(value, width: bytes * 2) }
        switch instruction.opcode {
        case .lb, .lbu: return "load \(Format.hex32(address)) -> " + hex(machine.peek(address, 1) ?? after[rd] & 0xFF, 1)
        case .lh, .lhu: return "load \(Format.hex32(address)) -> " + hex(machine.peek(address, 2) ?? after[rd] & 0xFFFF, 2)
        case .lw: return "load \(Format.hex32(address)) -> " + hex(machine.peek(address, 4) ?? after[rd], 4)
        case .sb: return "store \(Format.hex32(address)) <- " + hex(before[Int(instruction.rs2)] & 0xFF, 1)
        case .sh: return "store \(Format.hex32(address)) <- " + hex(before[Int(instruction.rs2)] & 0xFFFF, 2)
        case .sw: return "store \(Format.hex32(address)) <- " + hex(before[Int(instruction.rs2)], 4)
        case .lrW: return "load-reserved \(Format.hex32(base)) -> " + hex(after[rd], 4)
        case .scW: return "store-conditional \(Format.hex32(base)) <- " + hex(before[Int(instruction.rs2)], 4)
        case .amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW, .amominuW, .amomaxuW:
            let old = rd == 0 ? "" : " old " + hex(after[rd], 4)
            return "amo \(Format.hex32(base))\(old) operand " + hex(before[Int(instruction.rs2)], 4)
                + " now " + (machine.peek(base, 4).map { hex($0, 4) } ?? "?")
        default: return nil
        }
    }
}

extension Machine {
    /// `count` (1, 2 or 4) little-endian bytes of guest memory at `address` the guest may
    /// read, or nil; reads nothing the guest could not.
    func peek(_ address: UInt32, _ count: UInt32) -> UInt32? {
        // Under Sv32 (bare metal) the address is virtual: not read here.
        guard !needsTranslation, memory.check(address, count: count, has: .read), let pointer = memory.hostPointer(address, count: count) else {
            return nil
        }
        var value: UInt32 = 0
        for index in 0..<Int(count) { value |= UInt32(pointer.load(fromByteOffset: index, as: UInt8.self)) << (8 * index) }
        return value
    }
}
