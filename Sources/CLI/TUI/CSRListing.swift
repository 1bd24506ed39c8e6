import Decoder
import Emu

/// The CSRs `emu debug` shows for a bare-metal binary (the `csr` command and the TUI's
/// register pane): the privilege and the trap, interrupt and translation state of M and S.
enum CSRListing {
    /// mstatus, misa, medeleg, mideleg, mie, mtvec, mscratch, mepc, mcause, mtval, mip,
    /// stvec, sscratch, sepc, scause, stval, satp.
    static let shown: [UInt16] = [
        0x300, 0x301, 0x302, 0x303, 0x304, 0x305, 0x340, 0x341, 0x342, 0x343, 0x344,
        0x105, 0x140, 0x141, 0x142, 0x143, 0x180,
    ]

    /// `csr`'s value as the debugger sees it (`Machine.debuggerReadCSR`).
    static func read(_ number: UInt16, machine: Machine) -> UInt32? {
        machine.debuggerReadCSR(number)
    }

    /// The number of a CSR named `text` (`mcause`) or given as a number (`0x342`).
    static func number(_ text: String) -> UInt16? {
        if let value = text.hasPrefix("0x") ? UInt16(text.dropFirst(2), radix: 16) : UInt16(text) {
            return value < 4096 ? value : nil
        }
        return (0..<4096).map(UInt16.init).first { csrName($0) == text }
    }

    /// `priv M` and one `name 0x........` line per CSR of `shown` the machine has.
    static func text(_ machine: Machine) -> String {
        var lines = ["priv     " + BareMetalTracer.letter(machine.hart.privilege)]
        for number in shown {
            guard let value = read(number, machine: machine), let name = csrName(number) else { continue }
            lines.append(MemoryText.pad(name, 8) + " 0x" + DebugFormat.hex(value))
        }
        return lines.joined(separator: "\n")
    }
}
