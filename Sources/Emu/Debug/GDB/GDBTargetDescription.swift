/// The target description gdb reads with `qXfer:features:read:target.xml`: an RV32 hart
/// with the 32 integer registers and pc, in the `org.gnu.gdb.riscv.cpu` feature that gdb's
/// RISC-V support requires, numbered 0...32 as the `g` packet sends them.
enum GDBTargetDescription {
    static let xml: String = {
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
        lines += csrAndVirtualFeatures
        lines.append("</target>")
        return lines.joined(separator: "\n") + "\n"
    }()
}
