/// Disassembles one instruction into the text GNU objdump (binutils 2.40) prints in the
/// instruction column of `objdump -d` for RV32: the mnemonic, a tab, and the operands,
/// using objdump's default aliases (`li`, `mv`, `ret`, `beqz`, `csrr`, ...).
///
/// Branch and jump targets are absolute lowercase hex addresses without `0x` (as objdump
/// prints them for a file with symbols), followed by ` <name>` when `symbol(target)` returns
/// a name; `symbol` returns the whole text between the angle brackets, such as
/// `"main+0xc"` (``disassembleWithTargets(_:pc:target:)`` writes them otherwise).
/// objdump's trailing `# ...` comments (addresses it tracks across `lui`/`auipc` pairs) are
/// not produced: they depend on earlier instructions.
///
/// Compressed instructions print as objdump prints them, which is not always the base
/// instruction's text: objdump shows most RVC forms with the mnemonics of its assembler
/// aliases (`c.addi a0,1` prints as `add a0,a0,1`) and HINTs with their `c.` name.
public func disassemble(
    _ inst: Instruction, pc: UInt32, symbol: (UInt32) -> String? = { _ in nil }
) -> String {
    disassembleWithTargets(inst, pc: pc, target: { address in
        let text = String(address, radix: 16)
        guard let name = symbol(address) else { return text }
        return text + " <" + name + ">"
    })
}

/// Disassembles `inst` at `pc` as ``disassemble(_:pc:symbol:)`` does, with `target` writing
/// the whole text of a jump or branch target from its absolute address: objdump writes
/// `0x10fac` for a file without symbols, where it writes `10fac <puts>` for one with them.
/// (Its own name: a trailing closure would not tell it from `symbol`.)
public func disassembleWithTargets(_ inst: Instruction, pc: UInt32, target: (UInt32) -> String) -> String {
    if inst.opcode == .illegal { return illegalText(inst) }
    if inst.isCompressed { return compressedText(inst, pc: pc, target: target) }
    return baseText(inst, pc: pc, target: target)
}

/// Decodes `word` (see `decode(_:)`) and disassembles it at `pc`.
public func disassembleRaw(
    word: UInt32, pc: UInt32, symbol: (UInt32) -> String? = { _ in nil }
) -> String {
    disassemble(decode(word), pc: pc, symbol: symbol)
}

// MARK: - Operand formatting

/// The ABI name of register `n`; `x<n>` for a number no register has (never a trap).
func regName(_ n: UInt8) -> String {
    n < 32 ? abiRegisterNames[Int(n)] : "x\(n)"
}

/// `0x` and lowercase hex, as objdump prints shift amounts and upper immediates.
func hex(_ value: UInt32) -> String {
    "0x" + String(value, radix: 16)
}

/// The text of the absolute target of a pc-relative jump or branch.
func target(_ pc: UInt32, _ offset: Int32, _ format: (UInt32) -> String) -> String {
    format(pc &+ UInt32(bitPattern: offset))
}

/// A CSR's name, or its number in hex when objdump has no name for it.
func csrText(_ imm: Int32) -> String {
    let number = UInt32(bitPattern: imm)
    if number <= 0xfff, let name = csrName(UInt16(number)) { return name }
    return hex(number)
}

/// `offset(base)`, the memory operand of loads and stores.
func memory(_ offset: Int32, _ base: UInt8) -> String {
    "\(offset)(\(regName(base)))"
}

/// A mnemonic followed by a tab and comma-separated operands.
func line(_ mnemonic: String, _ operands: String...) -> String {
    mnemonic + "\t" + operands.joined(separator: ",")
}

/// objdump's text for bits that are not an instruction: `.2byte`/`.4byte` with the value,
/// except the all-zero halfword, which objdump names `unimp` (the defined-illegal
/// instruction).
func illegalText(_ inst: Instruction) -> String {
    if inst.length == 2 {
        let half = inst.raw & 0xffff
        return half == 0 ? "unimp" : line(".2byte", hex(half))
    }
    return line(".4byte", hex(inst.raw))
}
