import Decoder
import Emu

/// Memory edit (`set *ADDR = V`) and search in the disassembly (`/TEXT`).
extension DebuggerCommands {
    /// `*ADDR = V`, `*(char*)ADDR = V` (1 byte), `*(short*)ADDR = V` (2), `*(int*)ADDR = V`
    /// or `*(long*)ADDR = V` (4), as gdb spells them; little-endian, as the hart stores.
    /// The value must fit the width (as unsigned or as a negative two's complement).
    func setMemory(_ text: String) -> Outcome {
        let usage = "set expects *ADDR = VALUE, or *(char*)ADDR, *(short*)ADDR, *(int*)ADDR for a width"
        let parts = text.split(separator: "=", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return failure(usage) }
        var target = String(parts[0]).trimmingSpaces().dropFirst()  // the '*'
        var width = 4
        for (cast, bytes) in [("(char*)", 1), ("(unsigned char*)", 1), ("(short*)", 2), ("(unsigned short*)", 2),
                              ("(int*)", 4), ("(unsigned*)", 4), ("(long*)", 4)]
        where target.replacingSpaces().hasPrefix(cast) {
            let compact = target.replacingSpaces()
            target = compact.dropFirst(cast.count)
            width = bytes
            break
        }
        guard let address = resolve(String(target).trimmingSpaces()) else { return failure("set: cannot resolve the address '\(target)'") }
        let valueText = String(parts[1]).trimmingSpaces()
        guard let value = resolve(valueText) else { return failure("set: cannot resolve the value '\(valueText)'") }
        if width < 4 {
            // Fits as unsigned, or is a negative number that sign-extends from `width` bytes.
            let bits = UInt32(width * 8)
            let unsigned = value >> bits == 0
            let negative = Int32(bitPattern: value) < 0 && Int32(bitPattern: value) >= -(Int32(1) << (bits - 1))
            guard unsigned || negative else { return failure("set: \(valueText) does not fit in \(width) byte\(width == 1 ? "" : "s")") }
        }
        let bytes = (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
        guard debugger.writeMemory(bytes, at: address) else {
            return failure("set: 0x\(DebugFormat.hex(address)) (\(width) byte\(width == 1 ? "" : "s")) is outside guest memory")
        }
        var outcome = Outcome()
        outcome.memoryAddress = address & ~15
        let stored = bytes.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        outcome.text = "*0x\(DebugFormat.hex(address)) = 0x\(String(stored, radix: 16)) (\(width) byte\(width == 1 ? "" : "s"))"
        return outcome
    }

    /// Finds the next instruction after the one at `from` (pc when nil) whose line, as the
    /// disassembly pane shows it (address, symbol, instruction), contains `text`; wraps
    /// around the program's code once. The code is swept linearly from its start, as
    /// objdump lists it.
    func search(_ text: String, from: UInt32? = nil) -> Outcome {
        let needle = text.trimmingSpaces()
        guard !needle.isEmpty else { return failure("/ expects text to find, e.g. /ecall or /main") }
        let machine = debugger.machine
        let code = machine.code
        let start = from ?? machine.hart.pc
        var matches: [UInt32] = []
        var address = code.start
        // A bound on the sweep: every instruction is at least 2 bytes.
        var left = Int((code.end &- code.start) / 2) + 1
        while address < code.end, left > 0 {
            left -= 1
            guard let instruction = machine.instruction(at: address) else {
                address &+= 2
                continue
            }
            let label = DebuggerViewState.label(self, address).map { "<\($0)>" } ?? ""
            let line = DebugFormat.hex(address) + " " + label + " "
                + disassemble(instruction, pc: address, symbol: { DebuggerViewState.label(self, $0) }).replacingTabs()
            if line.contains(needle) {
                matches.append(address)
                if address > start { break }
            }
            address &+= UInt32(instruction.length)
        }
        guard let found = matches.first(where: { $0 > start }) ?? matches.first else {
            return failure("/\(needle): not found in the program's code")
        }
        var outcome = Outcome()
        outcome.disassemblyAddress = found
        let label = DebuggerViewState.label(self, found).map { " <\($0)>" } ?? ""
        outcome.text = "/\(needle): 0x\(DebugFormat.hex(found))\(label)" + (found <= start ? " (wrapped around)" : "")
        return outcome
    }

    func failure(_ message: String) -> Outcome {
        var outcome = Outcome()
        outcome.text = "error: " + message
        return outcome
    }
}

extension Substring {
    fileprivate func replacingSpaces() -> Substring { Substring(filter { $0 != " " }) }
}

extension String {
    fileprivate func replacingSpaces() -> Substring { Substring(filter { $0 != " " }) }
}
