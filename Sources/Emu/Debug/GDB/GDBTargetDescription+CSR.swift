import Decoder

/// The target description's CSR and virtual features. gdb numbers CSR `n` as register
/// 65 + n (after x0...x31, pc and the 32 FPU registers) and the virtual `priv` register as
/// 65 + 4096: the `p` packet answers those numbers (`GDBServer.register(_:)`).
extension GDBTargetDescription {
    /// gdb's register number of CSR 0.
    static let firstCSRNumber = 65
    /// gdb's register number of the virtual `priv` register (the hart's privilege mode).
    static let privNumber = firstCSRNumber + 4096

    /// The CSRs a Linux guest (user mode) can read: the counters and their high halves.
    static let userCSRs: [(name: String, csr: UInt16)] = [
        ("cycle", 0xC00), ("time", 0xC01), ("instret", 0xC02),
        ("cycleh", 0xC80), ("timeh", 0xC81), ("instreth", 0xC82),
    ]

    /// The machine-mode CSRs a bare-metal binary's hart has, besides the user ones: the
    /// trap, interrupt and translation state of M and S, and the hart id.
    static let machineCSRs: [(name: String, csr: UInt16)] = [
        0x300, 0x301, 0x302, 0x303, 0x304, 0x305, 0x306, 0x340, 0x341, 0x342, 0x343, 0x344, 0xF14,
        0x100, 0x104, 0x105, 0x106, 0x140, 0x141, 0x142, 0x143, 0x144, 0x180,
    ].map { (csrName($0) ?? "csr\($0)", $0) }

    /// The `org.gnu.gdb.riscv.csr` and `org.gnu.gdb.riscv.virtual` features, as XML lines.
    static func csrAndVirtualFeatures(machineCSRs: Bool) -> [String] {
        ["<feature name=\"org.gnu.gdb.riscv.csr\">"]
            + (userCSRs + (machineCSRs ? self.machineCSRs : [])).map {
                "<reg name=\"\($0.name)\" bitsize=\"32\" type=\"int\" regnum=\"\(firstCSRNumber + Int($0.csr))\"/>"
            }
            + ["</feature>", "<feature name=\"org.gnu.gdb.riscv.virtual\">",
               "<reg name=\"priv\" bitsize=\"32\" type=\"int\" regnum=\"\(privNumber)\"/>", "</feature>"]
    }
}
