// MARK: - Zba, Zbb, Zbc, Zbs (the "B" chapter of the unprivileged spec, RV32)
//
// Same conventions as `Semantics`: register bits in, register bits out. The one-operand
// instructions (clz, sext.b, rev8, ...) take the form's second operand and ignore it: the
// instruction table gives them the `.registerImmediate` form with `imm` = 0, so they run
// through the same fast handler template as `addi`.

extension Semantics {
    // MARK: Zba: rd = (rs1 << n) + rs2

    @inline(__always) static func sh1add(_ a: UInt32, _ b: UInt32) -> UInt32 { (a &<< 1) &+ b }
    @inline(__always) static func sh2add(_ a: UInt32, _ b: UInt32) -> UInt32 { (a &<< 2) &+ b }
    @inline(__always) static func sh3add(_ a: UInt32, _ b: UInt32) -> UInt32 { (a &<< 3) &+ b }

    // MARK: Zbb: logic with negation

    @inline(__always) static func andn(_ a: UInt32, _ b: UInt32) -> UInt32 { a & ~b }
    @inline(__always) static func orn(_ a: UInt32, _ b: UInt32) -> UInt32 { a | ~b }
    @inline(__always) static func xnor(_ a: UInt32, _ b: UInt32) -> UInt32 { ~(a ^ b) }

    // MARK: Zbb: counts (Swift's counts are 32 for 0, as the spec wants; they compile to
    // lzcnt/tzcnt/popcnt where the host has them)

    @inline(__always) static func clz(_ a: UInt32, _: UInt32) -> UInt32 { UInt32(a.leadingZeroBitCount) }
    @inline(__always) static func ctz(_ a: UInt32, _: UInt32) -> UInt32 { UInt32(a.trailingZeroBitCount) }
    @inline(__always) static func cpop(_ a: UInt32, _: UInt32) -> UInt32 { UInt32(a.nonzeroBitCount) }

    // MARK: Zbb: minimum and maximum

    @inline(__always) static func max(_ a: UInt32, _ b: UInt32) -> UInt32 {
        Int32(bitPattern: a) < Int32(bitPattern: b) ? b : a
    }
    @inline(__always) static func maxu(_ a: UInt32, _ b: UInt32) -> UInt32 { a < b ? b : a }
    @inline(__always) static func min(_ a: UInt32, _ b: UInt32) -> UInt32 {
        Int32(bitPattern: a) < Int32(bitPattern: b) ? a : b
    }
    @inline(__always) static func minu(_ a: UInt32, _ b: UInt32) -> UInt32 { a < b ? a : b }

    // MARK: Zbb: sign and zero extension

    @inline(__always) static func sextB(_ a: UInt32, _: UInt32) -> UInt32 {
        UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: a)))
    }
    @inline(__always) static func sextH(_ a: UInt32, _: UInt32) -> UInt32 {
        UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: a)))
    }
    @inline(__always) static func zextH(_ a: UInt32, _: UInt32) -> UInt32 { a & 0xffff }

    // MARK: Zbb: rotations (by the low five bits of the amount, as shifts)

    @inline(__always) static func rol(_ a: UInt32, _ b: UInt32) -> UInt32 {
        // Why `0 &- b`: the right shift is by (32 - b) mod 32, and `&>>` masks it to five
        // bits, so b = 0 gives a | a rather than an out-of-range shift.
        (a &<< b) | (a &>> (0 &- b))
    }
    @inline(__always) static func ror(_ a: UInt32, _ b: UInt32) -> UInt32 {
        (a &>> b) | (a &<< (0 &- b))
    }

    // MARK: Zbb: byte operations

    /// Each byte becomes 0xff if it has any bit set, else 0x00.
    @inline(__always) static func orcB(_ a: UInt32, _: UInt32) -> UInt32 {
        // Why this works without a loop: `low` has bit 0 of each byte set when that byte
        // is nonzero (folding its bits down), and multiplying by 0xff fills each byte
        // with no carry between bytes (each byte's value is 0 or 1).
        var low = a | (a >> 4)
        low |= low >> 2
        low |= low >> 1
        return (low & 0x0101_0101) &* 0xff
    }
    @inline(__always) static func rev8(_ a: UInt32, _: UInt32) -> UInt32 { a.byteSwapped }

    // MARK: Zbc: carry-less multiplication (the 64-bit product's low, high, and bits 62:31)

    @inline(__always) static func clmulProduct(_ a: UInt32, _ b: UInt32) -> UInt64 {
        // Bounded loop: 32 iterations at most, over the set bits of b.
        var product: UInt64 = 0
        var rest = b
        while rest != 0 {
            let i = UInt64(rest.trailingZeroBitCount)
            product ^= UInt64(a) &<< i
            rest &= rest &- 1
        }
        return product
    }
    @inline(__always) static func clmul(_ a: UInt32, _ b: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: clmulProduct(a, b))
    }
    @inline(__always) static func clmulh(_ a: UInt32, _ b: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: clmulProduct(a, b) >> 32)
    }
    @inline(__always) static func clmulr(_ a: UInt32, _ b: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: clmulProduct(a, b) >> 31)
    }

    // MARK: Zbs: single bits (index = the low five bits of rs2 or of the immediate)

    @inline(__always) static func bset(_ a: UInt32, _ b: UInt32) -> UInt32 { a | (1 &<< b) }
    @inline(__always) static func bclr(_ a: UInt32, _ b: UInt32) -> UInt32 { a & ~(1 &<< b) }
    @inline(__always) static func binv(_ a: UInt32, _ b: UInt32) -> UInt32 { a ^ (1 &<< b) }
    @inline(__always) static func bext(_ a: UInt32, _ b: UInt32) -> UInt32 { (a &>> b) & 1 }
}
