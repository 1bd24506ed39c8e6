/// How the debugger shows f registers and fcsr: the 64 bits in hex, and the value as a
/// double, or as a single when the register holds a NaN-boxed one.
enum FloatRegisterText {
    /// The 16 hex digits of `bits`.
    static func hex(_ bits: UInt64) -> String {
        let digits = String(bits, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// `1.5` for a double, `1.5f` for a NaN-boxed single (C's shortest round-trip forms).
    static func value(_ bits: UInt64) -> String {
        if bits >> 32 == 0xFFFF_FFFF { return "\(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))f" }
        return "\(Double(bitPattern: bits))"
    }

    /// The rounding modes by frm value (5 and 6 are reserved, 7 is invalid as a dynamic mode).
    static let roundingModes = ["rne", "rtz", "rdn", "rup", "rmm", "rm5?", "rm6?", "dyn?"]

    /// `fcsr 0x00000021 frm rtz fflags NX`.
    static func fcsr(_ fcsr: UInt32) -> String {
        let names = [(16, "NV"), (8, "DZ"), (4, "OF"), (2, "UF"), (1, "NX")]
        let raised = names.filter { fcsr & UInt32($0.0) != 0 }.map(\.1)
        let digits = String(fcsr, radix: 16)
        return "fcsr 0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
            + " frm " + roundingModes[Int(fcsr >> 5 & 7)] + " fflags " + (raised.isEmpty ? "-" : raised.joined(separator: "|"))
    }
}
