import Decoder
import Emu

/// `--trace` of a bare-metal (`tohost`) run: the Linux-mode trace line (see
/// `InstructionTracer`) after the privilege the instruction ran in (`M`, `S` or `U`), with
/// the exception an instruction raised and each interrupt taken shown where they happen:
///
///     M 80000104: 34202573  csrr a0, mcause  ; a0 = 0x00000002
///     U 80000200: 00000073  ecall  ; trap: environment call from U-mode, tval 0x00000000 -> M 80000004
///     interrupt: machine timer interrupt at 80000120 -> M 80000004
///
/// Under Sv32 the pc is virtual; loads show the value the register received (memory is
/// not read through the page tables a second time).
final class BareMetalTracer: BareMetalStepObserver {
    let options: InstructionTracer.Options
    let symbols: Symbolizer
    private var output = ""
    private var pc: UInt32 = 0
    private var privilege = PrivilegeMode.machine
    private var instruction: Instruction?
    private var before: [UInt32] = []
    private var floatBefore: [UInt64] = []

    init(options: InstructionTracer.Options, elf: ELFFile) {
        self.options = options
        symbols = Symbolizer(elf: elf)
    }

    func willStep(_ machine: Machine) {
        let hart = machine.hart
        pc = hart.pc
        privilege = hart.privilege
        guard options.shows(pc) else { return }
        instruction = machine.nextInstruction()
        before = hart.registerFile
        floatBefore = hart.floatRegisterFile
    }

    func didStep(_ machine: Machine, trap: Trap?) {
        guard options.shows(pc) else { return }
        let hart = machine.hart
        var line = Self.letter(privilege) + " "
        if let instruction {
            line += InstructionTracer.text(instruction, pc: pc, symbols: symbols)
            line += InstructionTracer.writes(instruction, before: before, floatBefore: floatBefore, hart: hart, retired: trap == nil)
            if let access = InstructionTracer.access(instruction, before: before, after: hart.registerFile, machine: machine) {
                line += "  ; " + access
            }
        } else {
            line += Format.hex(pc, width: 8) + ": (no instruction fetched)"
        }
        if let trap {
            line += "  ; trap: \(TrapNames.cause(trap.cause.rawValue)), tval \(Format.hex32(trap.value))"
                + " -> \(Self.letter(hart.privilege)) \(Format.hex(hart.pc, width: 8))"
        }
        emit(line)
    }

    func interruptTaken(_ machine: Machine, code: UInt32, at pc: UInt32) {
        guard options.shows(pc) else { return }
        let hart = machine.hart
        emit("interrupt: \(TrapNames.cause(1 << 31 | code)) at \(Format.hex(pc, width: 8))"
            + " -> \(Self.letter(hart.privilege)) \(Format.hex(hart.pc, width: 8))")
    }

    /// Writes what is still buffered.
    func finish() {
        Console.write(options.descriptor, output)
        output = ""
    }

    private func emit(_ line: String) {
        output += line + "\n"
        // Written in blocks: one write per line would cost more than the step.
        if output.utf8.count > 1 << 16 { finish() }
    }

    static func letter(_ privilege: PrivilegeMode) -> String {
        switch privilege {
        case .machine: return "M"
        case .supervisor: return "S"
        case .user: return "U"
        }
    }
}
