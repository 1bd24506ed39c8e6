/// What each instruction computes, written once.
///
/// Every executor calls these: the threaded handlers (through the forms in
/// `ThreadedHandlers.swift`), the generic executor (`GenericStep`) and decode-time constant
/// folding (`Lowering`). The instruction table (`Utilities/Sources/EmuGen/InstructionTable.swift`)
/// names one of them in each row; the generated code only passes operands in and results
/// out. Each function is `@inline(__always)`, so a handler compiles to the operation itself,
/// with no call.
///
/// Operands and results are the register bits (`UInt32`); signed operations reinterpret
/// them. Immediates arrive as the same bits (`UInt32(bitPattern: imm)`).
enum Semantics {
    // MARK: - Integer computational instructions (§2.4)

    @inline(__always) static func add(_ a: UInt32, _ b: UInt32) -> UInt32 { a &+ b }
    @inline(__always) static func sub(_ a: UInt32, _ b: UInt32) -> UInt32 { a &- b }
    @inline(__always) static func xor(_ a: UInt32, _ b: UInt32) -> UInt32 { a ^ b }
    @inline(__always) static func or(_ a: UInt32, _ b: UInt32) -> UInt32 { a | b }
    @inline(__always) static func and(_ a: UInt32, _ b: UInt32) -> UInt32 { a & b }

    /// §2.4: shifts use the low five bits of the amount, which is what `&<<` and `&>>` do on
    /// a 32-bit operand.
    @inline(__always) static func sll(_ a: UInt32, _ b: UInt32) -> UInt32 { a &<< b }
    @inline(__always) static func srl(_ a: UInt32, _ b: UInt32) -> UInt32 { a &>> b }
    @inline(__always) static func sra(_ a: UInt32, _ b: UInt32) -> UInt32 {
        UInt32(bitPattern: Int32(bitPattern: a) &>> Int32(bitPattern: b))
    }

    @inline(__always) static func slt(_ a: UInt32, _ b: UInt32) -> UInt32 {
        Int32(bitPattern: a) < Int32(bitPattern: b) ? 1 : 0
    }
    @inline(__always) static func sltu(_ a: UInt32, _ b: UInt32) -> UInt32 { a < b ? 1 : 0 }

    /// `lui`: the immediate already holds the upper 20 bits.
    @inline(__always) static func lui(_ imm: UInt32) -> UInt32 { imm }
    /// `auipc`: the immediate added to the instruction's own pc.
    @inline(__always) static func auipc(_ pc: UInt32, _ imm: UInt32) -> UInt32 { pc &+ imm }

    // MARK: - M extension (§7.1: the high halves of the 64-bit product; §7.2: division)

    @inline(__always) static func mul(_ a: UInt32, _ b: UInt32) -> UInt32 { a &* b }
    @inline(__always) static func mulh(_ a: UInt32, _ b: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: (Int64(Int32(bitPattern: a)) &* Int64(Int32(bitPattern: b))) >> 32)
    }
    @inline(__always) static func mulhsu(_ a: UInt32, _ b: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: (Int64(Int32(bitPattern: a)) &* Int64(b)) >> 32)
    }
    @inline(__always) static func mulhu(_ a: UInt32, _ b: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: (UInt64(a) &* UInt64(b)) >> 32)
    }

    /// §7.2: no host trap on division by zero or on INT_MIN / -1; the results are the ones
    /// the spec's table gives (quotient -1 or the dividend, remainder the dividend or 0).
    @inline(__always) static func div(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let x = Int32(bitPattern: a), y = Int32(bitPattern: b)
        if y == 0 { return UInt32.max }  // -1
        // The one overflowing case, INT32_MIN / -1, gives the dividend (§7.2), which is
        // also what 0 - x gives: so every division by -1 is a negation, and one compare
        // covers the overflow (testing x too costs the handler a register it does not
        // have without a stack frame).
        if y == -1 { return 0 &- a }
        return UInt32(bitPattern: x / y)
    }
    @inline(__always) static func divu(_ a: UInt32, _ b: UInt32) -> UInt32 {
        b == 0 ? UInt32.max : a / b
    }
    @inline(__always) static func rem(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let x = Int32(bitPattern: a), y = Int32(bitPattern: b)
        if y == 0 { return a }  // the dividend
        if y == -1 { return 0 }  // x % -1 is 0 for every x, INT32_MIN included (§7.2)
        return UInt32(bitPattern: x % y)
    }
    @inline(__always) static func remu(_ a: UInt32, _ b: UInt32) -> UInt32 {
        b == 0 ? a : a % b
    }

    // MARK: - Conditional branches (§2.5.2): whether the branch is taken

    @inline(__always) static func eq(_ a: UInt32, _ b: UInt32) -> Bool { a == b }
    @inline(__always) static func ne(_ a: UInt32, _ b: UInt32) -> Bool { a != b }
    @inline(__always) static func lt(_ a: UInt32, _ b: UInt32) -> Bool {
        Int32(bitPattern: a) < Int32(bitPattern: b)
    }
    @inline(__always) static func ge(_ a: UInt32, _ b: UInt32) -> Bool {
        Int32(bitPattern: a) >= Int32(bitPattern: b)
    }
    @inline(__always) static func ltu(_ a: UInt32, _ b: UInt32) -> Bool { a < b }
    @inline(__always) static func geu(_ a: UInt32, _ b: UInt32) -> Bool { a >= b }

    // MARK: - Jumps (§2.5.1)

    /// `jalr`: the target's bit 0 is cleared.
    @inline(__always) static func jalrTarget(_ base: UInt32, _ imm: UInt32) -> UInt32 { (base &+ imm) & ~1 }

    // MARK: - Loads and stores (§2.6): the width and the extension of the loaded value

    /// Reads from host memory that the caller has already checked covers the access;
    /// multi-byte accesses may be misaligned (RISC-V allows it in user mode, and emu
    /// performs it), hence `loadUnaligned`.
    @inline(__always) static func lb(_ host: UnsafeRawPointer) -> UInt32 {
        UInt32(bitPattern: Int32(host.load(as: Int8.self)))
    }
    @inline(__always) static func lbu(_ host: UnsafeRawPointer) -> UInt32 { UInt32(host.load(as: UInt8.self)) }
    @inline(__always) static func lh(_ host: UnsafeRawPointer) -> UInt32 {
        UInt32(bitPattern: Int32(host.loadUnaligned(as: Int16.self)))
    }
    @inline(__always) static func lhu(_ host: UnsafeRawPointer) -> UInt32 {
        UInt32(host.loadUnaligned(as: UInt16.self))
    }
    @inline(__always) static func lw(_ host: UnsafeRawPointer) -> UInt32 { host.loadUnaligned(as: UInt32.self) }

    /// Writes the low bytes of `value` to host memory the caller has already checked.
    @inline(__always) static func sb(_ host: UnsafeMutableRawPointer, _ value: UInt32) {
        host.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
    }
    @inline(__always) static func sh(_ host: UnsafeMutableRawPointer, _ value: UInt32) {
        host.storeBytes(of: UInt16(truncatingIfNeeded: value), as: UInt16.self)
    }
    @inline(__always) static func sw(_ host: UnsafeMutableRawPointer, _ value: UInt32) {
        host.storeBytes(of: value, as: UInt32.self)
    }
}
