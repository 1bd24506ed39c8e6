/// The M extension's division rules (§7.2): no host trap on division by zero or on
/// INT_MIN / -1; the results are the ones the spec's table gives.
enum Arithmetic {
    @inline(__always)
    static func div(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let x = Int32(bitPattern: a), y = Int32(bitPattern: b)
        if y == 0 { return UInt32.max }  // -1
        if x == Int32.min && y == -1 { return a }  // overflow: the dividend
        return UInt32(bitPattern: x / y)
    }

    @inline(__always)
    static func divu(_ a: UInt32, _ b: UInt32) -> UInt32 {
        b == 0 ? UInt32.max : a / b
    }

    @inline(__always)
    static func rem(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let x = Int32(bitPattern: a), y = Int32(bitPattern: b)
        if y == 0 { return a }  // the dividend
        if x == Int32.min && y == -1 { return 0 }
        return UInt32(bitPattern: x % y)
    }

    @inline(__always)
    static func remu(_ a: UInt32, _ b: UInt32) -> UInt32 {
        b == 0 ? a : a % b
    }
}
