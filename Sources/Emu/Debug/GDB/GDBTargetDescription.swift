/// The target description gdb reads with `qXfer:features:read:target.xml`: an RV32 hart
/// with the 32 integer registers and pc, in the `org.gnu.gdb.riscv.cpu` feature that gdb's
/// RISC-V support requires, numbered 0...32 as the `g` packet sends them; with F, the
/// standard `org.gnu.gdb.riscv.fpu` feature too: f0...f31 as gdb's register numbers 33...64
/// (64 bits wide with D, 32 with F alone) and the FP CSRs at gdb's CSR numbering (65 plus
/// the CSR number): fflags 66, frm 67, fcsr 68. The `g` packet stops at pc; gdb reads the
/// FP registers with `p` (a register beyond the `g` reply is fetched that way).
enum GDBTargetDescription {
    /// gdb's number of f0.
    static let firstFloatRegister = 33
    /// gdb's number of CSR 0 (fflags is CSR 1, so 66).
    static let firstCSR = 65

    /// The description for a hart with (`floatBits` 32 or 64) or without (nil) F; with
    /// `machineCSRs` (a bare-metal binary) the machine and supervisor CSRs too.
    static func xml(floatBits: Int?, machineCSRs: Bool = false) -> String {
        let xml = machineCSRs ? machineXML : self.xml
        guard let floatBits else { return xml }
        var text = xml
        text.removeLast("</target>\n".count)
        let type = floatBits == 64 ? "ieee_double" : "ieee_single"
        var lines = ["<feature name=\"org.gnu.gdb.riscv.fpu\">"]
        let names = (0...7).map { "ft\($0)" } + ["fs0", "fs1"] + (0...7).map { "fa\($0)" } + (2...11).map { "fs\($0)" }
            + (8...11).map { "ft\($0)" }
        for (index, name) in names.enumerated() {
            lines.append("<reg name=\"\(name)\" bitsize=\"\(floatBits)\" type=\"\(type)\" regnum=\"\(firstFloatRegister + index)\"/>")
        }
        for (csr, name) in [(1, "fflags"), (2, "frm"), (3, "fcsr")] {
            lines.append("<reg name=\"\(name)\" bitsize=\"32\" type=\"int\" regnum=\"\(firstCSR + csr)\" group=\"float\"/>")
        }
        lines += ["</feature>", "</target>"]
        return text + lines.joined(separator: "\n") + "\n"
    }

    static let xml = base(machineCSRs: false)
    static let machineXML = base(machineCSRs: true)

    private static func base(machineCSRs: Bool) -> String {
        var lines = [
            "<?xml version=\"1.0\"?>",
            "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">",
            "<target version=\"1.0\">",
            "<architecture>riscv:rv32</architecture>",
            "<osabi>GNU/Linux</osabi>",
            "<feature name=\"org.gnu.gdb.riscv.cpu\">",
        ]
        let names = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1"]
            + (0...7).map { "a\($0)" } + (2...11).map { "s\($0)" } + (3...6).map { "t\($0)" }
        for (number, name) in names.enumerated() {
            let type = name == "ra" ? "code_ptr" : (name == "sp" || name == "gp" || name == "tp" || name == "fp") ? "data_ptr" : "int"
            lines.append("<reg name=\"\(name)\" bitsize=\"32\" type=\"\(type)\" regnum=\"\(number)\"/>")
        }
        lines.append("<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\" regnum=\"32\"/>")
        lines.append("</feature>")
        lines += csrAndVirtualFeatures(machineCSRs: machineCSRs)
        lines.append("</target>")
        return lines.joined(separator: "\n") + "\n"
    }
}
