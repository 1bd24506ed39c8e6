import Decoder

/// The parts of F and D that are bit manipulation rather than arithmetic (the arithmetic
/// is the host FPU's, in `CHostCalls/float.c`): NaN boxing, sign injection, min/max,
/// compares and classify, exactly as the spec defines them, in software because x86's
/// instructions differ (its min/max return the second operand for NaN and ±0, its compares
/// set flags by other rules).
enum FloatSemantics {
    /// A single in an f register: the upper 32 bits all ones (NaN boxing).
    @inline(__always)
    static func box(_ bits: UInt32) -> UInt64 { 0xFFFF_FFFF_0000_0000 | UInt64(bits) }

    /// The single an f register holds: its low half when properly NaN-boxed, else the
    /// canonical NaN (spec: "any operation that writes a narrower result ... if the value
    /// is not a valid NaN-boxed value, it is treated as the canonical NaN").
    @inline(__always)
    static func unbox(_ bits: UInt64) -> UInt32 {
        bits >> 32 == 0xFFFF_FFFF ? UInt32(truncatingIfNeeded: bits) : 0x7FC0_0000
    }

    /// fsgnj / fsgnjn / fsgnjx: the magnitude of `a` with a sign from `b`'s (no flags,
    /// NaNs untouched), by the instruction table's semantics functions.
    static func signInject<T: FixedWidthInteger & UnsignedInteger>(_ a: T, _ b: T, op: Opcode) -> T {
        switch op {
        case .fsgnjS, .fsgnjD: Semantics.signInject(a, b)
        case .fsgnjnS, .fsgnjnD: Semantics.signInjectNegated(a, b)
        default: Semantics.signInjectXor(a, b)
        }
    }

    /// The canonical NaN of the format.
    static func canonicalNaN<F: BinaryFloatingPoint>(_: F.Type) -> F {
        F.nan  // 0x7fc00000 and 0x7ff8000000000000 in Swift, as RISC-V defines them
    }

    /// fmin / fmax (F/D 2.2): a NaN operand is ignored (both NaN: the canonical NaN), a
    /// signaling NaN raises invalid, and -0.0 is less than +0.0.
    static func minMax<F: BinaryFloatingPoint>(_ a: F, _ b: F, max: Bool, flags: inout UInt32) -> F {
        if a.isSignalingNaN || b.isSignalingNaN { flags |= invalid }
        if a.isNaN && b.isNaN { return canonicalNaN(F.self) }
        if a.isNaN { return b }
        if b.isNaN { return a }
        if a == b && a == 0 {
            // ±0: min prefers the negative one, max the positive one.
            return (a.sign == .minus) == !max ? a : b
        }
        return (a < b) != max ? a : b
    }

    /// feq (quiet: invalid only for a signaling NaN), flt and fle (signaling: invalid for
    /// any NaN); 1 or 0, and 0 whenever an operand is NaN.
    static func compare<F: BinaryFloatingPoint>(_ a: F, _ b: F, op: Opcode, flags: inout UInt32) -> UInt32 {
        switch op {
        case .feqS, .feqD:
            if a.isSignalingNaN || b.isSignalingNaN { flags |= invalid }
            return a == b ? 1 : 0
        case .fltS, .fltD:
            if a.isNaN || b.isNaN { flags |= invalid }
            return a < b ? 1 : 0
        default:
            if a.isNaN || b.isNaN { flags |= invalid }
            return a <= b ? 1 : 0
        }
    }

    /// fclass: one bit set, 0 (-inf) ... 9 (quiet NaN).
    static func classify<F: BinaryFloatingPoint>(_ a: F) -> UInt32 {
        let negative = a.sign == .minus
        let bit: UInt32
        if a.isSignalingNaN { bit = 8 }
        else if a.isNaN { bit = 9 }
        else if a.isInfinite { bit = negative ? 0 : 7 }
        else if a.isZero { bit = negative ? 3 : 4 }
        else if a.isSubnormal { bit = negative ? 2 : 5 }
        else { bit = negative ? 1 : 6 }
        return 1 << bit
    }

    /// The NV bit of fflags.
    static let invalid: UInt32 = 0x10
}

/// The semantics functions of the F/D rows that have threaded handlers (see the instruction
/// table). Arithmetic is the host's, rounded to nearest-even, which is the mode the host FPU
/// is in while the loop runs; the handlers check that the guest asked for it.
extension Semantics {
    @inline(__always) static func floatAdd<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F { a + b }
    @inline(__always) static func floatSubtract<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F { a - b }
    @inline(__always) static func floatMultiply<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F { a * b }
    @inline(__always) static func floatDivide<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F { a / b }

    /// fsgnj: `a`'s magnitude, `b`'s sign (on the bit patterns of one format).
    @inline(__always) static func signInject<T: FixedWidthInteger & UnsignedInteger>(_ a: T, _ b: T) -> T {
        a & ~signBit(T.self) | b & signBit(T.self)
    }
    /// fsgnjn: `a`'s magnitude, the opposite of `b`'s sign (fneg when a = b).
    @inline(__always) static func signInjectNegated<T: FixedWidthInteger & UnsignedInteger>(_ a: T, _ b: T) -> T {
        a & ~signBit(T.self) | ~b & signBit(T.self)
    }
    /// fsgnjx: `a`'s magnitude, the exclusive or of both signs (fabs when a = b).
    @inline(__always) static func signInjectXor<T: FixedWidthInteger & UnsignedInteger>(_ a: T, _ b: T) -> T {
        a ^ b & signBit(T.self)
    }
    @inline(__always) private static func signBit<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) -> T {
        1 << (T.bitWidth - 1)
    }
}
