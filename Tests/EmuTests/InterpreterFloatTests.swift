import Decoder
import Testing

@testable import Emu

/// The F and D instructions in the interpreter, one at a time, against values worked out
/// from the spec (chapters "F" and "D", IEEE 754-2008): every rounding mode where it
/// matters, NaN boxing, canonical NaNs, signaling NaNs, signed zeros, subnormals,
/// saturating conversions, and the exact exception flags after each.
@Suite struct InterpreterFloatTests {
    /// NaN-boxes a single.
    static func s(_ bits: UInt32) -> UInt64 { 0xFFFF_FFFF_0000_0000 | UInt64(bits) }

    static let rne: Int32 = 0, rtz: Int32 = 1, rdn: Int32 = 2, rup: Int32 = 3, rmm: Int32 = 4, dyn: Int32 = 7
    static let nv: UInt32 = 16, dz: UInt32 = 8, of: UInt32 = 4, uf: UInt32 = 2, nx: UInt32 = 1

    /// One instruction: `op` with rounding mode `rm`, f11/f12/f13 (or x11 for integer
    /// sources) holding `a`, `b`, `c`; the destination (f10 or x10) must hold `expected`,
    /// and fflags must be exactly `flags`.
    struct Case: Sendable, CustomTestStringConvertible {
        var op: Opcode
        var rm: Int32 = InterpreterFloatTests.rne
        var a: UInt64
        var b: UInt64 = 0
        var c: UInt64 = 0
        var expected: UInt64
        var flags: UInt32 = 0
        var note: String
        var testDescription: String { "\(op.mnemonic) rm=\(rm): \(note)" }
    }

    static let cases: [Case] = {
        let one = s(0x3F80_0000), two = s(0x4000_0000), three = s(0x4040_0000), half = s(0x3F00_0000)
        let qNaN = s(0x7FC0_0000), sNaN = s(0x7F80_0001), payloadNaN = s(0x7FC1_2345)
        let fltMax = s(0x7F7F_FFFF), inf = s(0x7F80_0000), minusInf = s(0xFF80_0000)
        let plusZero = s(0), minusZero = s(0x8000_0000)
        let tiny = s(0x3380_0000)  // 2^-24: half an ulp of 1.0
        let canonical: UInt64 = s(0x7FC0_0000)
        let dOne: UInt64 = 0x3FF0_0000_0000_0000
        return [
            // Rounding of an exact tie, 1 + 2^-24, in each mode (RNE picks the even 1.0).
            Case(op: .faddS, rm: rne, a: one, b: tiny, expected: one, flags: nx, note: "tie to even"),
            Case(op: .faddS, rm: rmm, a: one, b: tiny, expected: s(0x3F80_0001), flags: nx, note: "tie away"),
            Case(op: .faddS, rm: rtz, a: one, b: tiny, expected: one, flags: nx, note: "toward zero"),
            Case(op: .faddS, rm: rdn, a: one, b: tiny, expected: one, flags: nx, note: "down"),
            Case(op: .faddS, rm: rup, a: one, b: tiny, expected: s(0x3F80_0001), flags: nx, note: "up"),
            Case(op: .fsubS, rm: rmm, a: s(0xBF80_0000), b: tiny, expected: s(0xBF80_0001), flags: nx, note: "negative tie away"),
            Case(op: .fsubS, rm: rup, a: s(0xBF80_0000), b: tiny, expected: s(0xBF80_0000), flags: nx, note: "negative up"),
            Case(op: .fsubS, rm: rdn, a: s(0xBF80_0000), b: tiny, expected: s(0xBF80_0001), flags: nx, note: "negative down"),
            // Overflow by mode.
            Case(op: .fmulS, rm: rne, a: fltMax, b: two, expected: inf, flags: of | nx, note: "overflow to inf"),
            Case(op: .fmulS, rm: rtz, a: fltMax, b: two, expected: fltMax, flags: of | nx, note: "overflow RTZ"),
            Case(op: .fmulS, rm: rdn, a: fltMax, b: two, expected: fltMax, flags: of | nx, note: "overflow RDN"),
            Case(op: .fmulS, rm: rup, a: s(0xFF7F_FFFF), b: two, expected: s(0xFF7F_FFFF), flags: of | nx, note: "negative overflow RUP"),
            Case(op: .fmulS, rm: rmm, a: s(0xFF7F_FFFF), b: two, expected: minusInf, flags: of | nx, note: "negative overflow RMM"),
            // Division by zero, invalid operations, canonical NaN results.
            Case(op: .fdivS, a: one, b: plusZero, expected: inf, flags: dz, note: "1/0"),
            Case(op: .fdivS, a: s(0xBF80_0000), b: plusZero, expected: minusInf, flags: dz, note: "-1/0"),
            Case(op: .fdivS, a: plusZero, b: plusZero, expected: canonical, flags: nv, note: "0/0"),
            Case(op: .fmulS, a: inf, b: plusZero, expected: canonical, flags: nv, note: "inf*0"),
            Case(op: .fsubS, a: inf, b: inf, expected: canonical, flags: nv, note: "inf-inf"),
            Case(op: .faddS, a: payloadNaN, b: one, expected: canonical, note: "quiet NaN payload is dropped"),
            Case(op: .faddS, a: sNaN, b: one, expected: canonical, flags: nv, note: "signaling NaN"),
            Case(op: .faddS, a: 0x0000_0000_3F80_0000, b: one, expected: canonical, note: "unboxed operand is the canonical NaN"),
            Case(op: .fsqrtS, a: s(0xBF80_0000), expected: canonical, flags: nv, note: "sqrt(-1)"),
            Case(op: .fsqrtS, a: minusZero, expected: minusZero, note: "sqrt(-0) = -0"),
            Case(op: .fsqrtS, a: s(0x4080_0000), expected: two, note: "sqrt(4) exact"),
            Case(op: .fsqrtS, a: two, expected: s(0x3FB5_04F3), flags: nx, note: "sqrt(2)"),
            // Signed zeros.
            Case(op: .faddS, rm: rne, a: plusZero, b: minusZero, expected: plusZero, note: "+0 + -0"),
            Case(op: .faddS, rm: rdn, a: plusZero, b: minusZero, expected: minusZero, note: "+0 + -0 rounding down"),
            Case(op: .fsubS, rm: rdn, a: one, b: one, expected: minusZero, note: "x - x rounding down"),
            // Subnormals and underflow (tininess after rounding).
            Case(op: .fmulS, a: s(0x0080_0000), b: half, expected: s(0x0040_0000), note: "exact subnormal: no underflow"),
            Case(op: .fmulS, a: s(0x0080_0001), b: half, expected: s(0x0040_0000), flags: uf | nx, note: "inexact subnormal"),
            Case(op: .fmulS, rm: rup, a: s(0x0000_0001), b: half, expected: s(0x0000_0001), flags: uf | nx, note: "half the smallest subnormal, up"),
            Case(op: .fmulS, rm: rne, a: s(0x0000_0001), b: half, expected: plusZero, flags: uf | nx, note: "half the smallest subnormal"),
            // Fused multiply-add: one rounding.
            Case(op: .fmaddS, a: s(0x3F80_0001), b: s(0x3F80_0001), c: s(0xBF80_0002), expected: s(0x2880_0000), note: "the product's low bits survive"),
            Case(op: .fmsubS, a: two, b: three, c: one, expected: s(0x40A0_0000), note: "2*3-1"),
            Case(op: .fnmsubS, a: two, b: three, c: one, expected: s(0xC0A0_0000), note: "-(2*3)+1"),
            Case(op: .fnmaddS, a: two, b: three, c: one, expected: s(0xC0E0_0000), note: "-(2*3)-1"),
            Case(op: .fmaddS, a: inf, b: plusZero, c: qNaN, expected: canonical, flags: nv, note: "inf*0+qNaN is invalid"),
            Case(op: .fnmaddS, rm: rne, a: one, b: one, c: s(0xBF80_0000), expected: plusZero, note: "-(1*1)-(-1) = +0"),
            // Min/max (2.2: NaN ignored, -0 < +0, sNaN signals).
            Case(op: .fminS, a: minusZero, b: plusZero, expected: minusZero, note: "min(-0, +0)"),
            Case(op: .fminS, a: plusZero, b: minusZero, expected: minusZero, note: "min(+0, -0)"),
            Case(op: .fmaxS, a: minusZero, b: plusZero, expected: plusZero, note: "max(-0, +0)"),
            Case(op: .fminS, a: qNaN, b: one, expected: one, note: "min(qNaN, 1)"),
            Case(op: .fmaxS, a: two, b: sNaN, expected: two, flags: nv, note: "max(2, sNaN)"),
            Case(op: .fminS, a: payloadNaN, b: sNaN, expected: canonical, flags: nv, note: "min(NaN, NaN)"),
            // Compares.
            Case(op: .feqS, a: qNaN, b: one, expected: 0, note: "feq quiet NaN: no flag"),
            Case(op: .feqS, a: sNaN, b: one, expected: 0, flags: nv, note: "feq signaling NaN"),
            Case(op: .fltS, a: qNaN, b: one, expected: 0, flags: nv, note: "flt NaN signals"),
            Case(op: .fleS, a: minusZero, b: plusZero, expected: 1, note: "-0 <= +0"),
            Case(op: .fltS, a: minusZero, b: plusZero, expected: 0, note: "-0 < +0 is false"),
            Case(op: .feqS, a: minusZero, b: plusZero, expected: 1, note: "-0 == +0"),
            // Classify.
            Case(op: .fclassS, a: minusInf, expected: 1 << 0, note: "-inf"),
            Case(op: .fclassS, a: s(0xBF80_0000), expected: 1 << 1, note: "negative normal"),
            Case(op: .fclassS, a: s(0x8000_0001), expected: 1 << 2, note: "negative subnormal"),
            Case(op: .fclassS, a: minusZero, expected: 1 << 3, note: "-0"),
            Case(op: .fclassS, a: plusZero, expected: 1 << 4, note: "+0"),
            Case(op: .fclassS, a: s(0x0000_0001), expected: 1 << 5, note: "positive subnormal"),
            Case(op: .fclassS, a: one, expected: 1 << 6, note: "positive normal"),
            Case(op: .fclassS, a: inf, expected: 1 << 7, note: "+inf"),
            Case(op: .fclassS, a: sNaN, expected: 1 << 8, note: "signaling NaN"),
            Case(op: .fclassS, a: qNaN, expected: 1 << 9, note: "quiet NaN"),
            Case(op: .fclassS, a: 0x0000_0000_3F80_0000, expected: 1 << 9, note: "unboxed is the canonical NaN"),
            // Sign injection keeps NaN payloads; moves copy bits.
            Case(op: .fsgnjnS, a: payloadNaN, b: payloadNaN, expected: s(0xFFC1_2345), note: "fneg of a NaN keeps its payload"),
            Case(op: .fsgnjS, a: 0x1234_5678, b: s(0xBF80_0000), expected: s(0xFFC0_0000), note: "unboxed input"),
            Case(op: .fsgnjxS, a: s(0xBF80_0000), b: s(0xBF80_0000), expected: one, note: "fabs"),
            Case(op: .fmvXW, a: 0x4009_21FB_5444_2D18, expected: 0x5444_2D18, note: "raw low bits, boxed or not"),
            Case(op: .fmvWX, a: 0x3F80_0000, expected: one, note: "boxed"),
            // Conversions to integers: rounding, saturation, invalid.
            Case(op: .fcvtWS, rm: rne, a: s(0xC020_0000), expected: 0xFFFF_FFFE, flags: nx, note: "-2.5 to even"),
            Case(op: .fcvtWS, rm: rmm, a: s(0xC020_0000), expected: 0xFFFF_FFFD, flags: nx, note: "-2.5 away"),
            Case(op: .fcvtWS, rm: rtz, a: s(0xC020_0000), expected: 0xFFFF_FFFE, flags: nx, note: "-2.5 toward zero"),
            Case(op: .fcvtWS, rm: rdn, a: s(0xC020_0000), expected: 0xFFFF_FFFD, flags: nx, note: "-2.5 down"),
            Case(op: .fcvtWS, rm: rup, a: s(0x4020_0000), expected: 3, flags: nx, note: "2.5 up"),
            Case(op: .fcvtWS, a: qNaN, expected: 0x7FFF_FFFF, flags: nv, note: "NaN"),
            Case(op: .fcvtWS, a: inf, expected: 0x7FFF_FFFF, flags: nv, note: "+inf"),
            Case(op: .fcvtWS, a: minusInf, expected: 0x8000_0000, flags: nv, note: "-inf"),
            Case(op: .fcvtWS, a: s(0x4F32_D05E), expected: 0x7FFF_FFFF, flags: nv, note: "3e9"),
            Case(op: .fcvtWS, a: s(0xCF00_0000), expected: 0x8000_0000, note: "-2^31 exact"),
            Case(op: .fcvtWuS, a: s(0xBF80_0000), expected: 0, flags: nv, note: "-1 unsigned"),
            Case(op: .fcvtWuS, rm: rtz, a: s(0xBF00_0000), expected: 0, flags: nx, note: "-0.5 toward zero is 0, valid"),
            Case(op: .fcvtWuS, a: qNaN, expected: 0xFFFF_FFFF, flags: nv, note: "NaN unsigned"),
            Case(op: .fcvtWuS, a: s(0x4F7F_FFFF), expected: 0xFFFF_FF00, note: "largest float below 2^32"),
            // Conversions from integers.
            Case(op: .fcvtSW, rm: rne, a: 16_777_217, expected: s(0x4B80_0000), flags: nx, note: "2^24+1 to even"),
            Case(op: .fcvtSW, rm: rmm, a: 16_777_217, expected: s(0x4B80_0001), flags: nx, note: "2^24+1 away"),
            Case(op: .fcvtSW, rm: rup, a: 16_777_217, expected: s(0x4B80_0001), flags: nx, note: "2^24+1 up"),
            Case(op: .fcvtSW, a: 0x8000_0000, expected: s(0xCF00_0000), note: "-2^31"),
            Case(op: .fcvtSWu, rm: rne, a: 0xFFFF_FFFF, expected: s(0x4F80_0000), flags: nx, note: "2^32-1"),
            Case(op: .fcvtSWu, rm: rtz, a: 0xFFFF_FFFF, expected: s(0x4F7F_FFFF), flags: nx, note: "2^32-1 toward zero"),
            // Double precision.
            Case(op: .faddD, rm: rne, a: dOne, b: 0x3CA0_0000_0000_0000, expected: dOne, flags: nx, note: "1 + 2^-53 to even"),
            Case(op: .faddD, rm: rmm, a: dOne, b: 0x3CA0_0000_0000_0000, expected: 0x3FF0_0000_0000_0001, flags: nx, note: "1 + 2^-53 away"),
            Case(op: .fmulD, rm: rne, a: 0x3FF0_0000_0000_0003, b: 0x3FF8_0000_0000_0000, expected: 0x3FF8_0000_0000_0004, flags: nx, note: "product tie to even"),
            Case(op: .fmulD, rm: rmm, a: 0x3FF0_0000_0000_0003, b: 0x3FF8_0000_0000_0000, expected: 0x3FF8_0000_0000_0005, flags: nx, note: "product tie away"),
            Case(op: .fmaddD, rm: rmm, a: 0x3FF0_0000_0000_0003, b: 0x3FF8_0000_0000_0000, c: 0, expected: 0x3FF8_0000_0000_0005, flags: nx, note: "fused tie away"),
            Case(op: .fmaddD, rm: rmm, a: 0x3FF0_0000_0000_0003, b: 0x3FF8_0000_0000_0000, c: 0x8000_0000_0000_0001, expected: 0x3FF8_0000_0000_0004, flags: nx, note: "just below the tie"),
            // RMM ties at the bottom of the range, where half an ulp (2^-1075) and a
            // product's error term are below the smallest double (exact values from
            // rational arithmetic; RNE's even choice shown beside where it differs).
            Case(op: .fmulD, rm: rmm, a: 0x4004_0000_0000_0000, b: 1, expected: 3, flags: uf | nx, note: "2.5 x 2^-1074 away"),
            Case(op: .fmulD, rm: rne, a: 0x4004_0000_0000_0000, b: 1, expected: 2, flags: uf | nx, note: "2.5 x 2^-1074 to even"),
            Case(op: .fmulD, rm: rmm, a: 0xC004_0000_0000_0000, b: 1, expected: 0x8000_0000_0000_0003, flags: uf | nx, note: "-2.5 x 2^-1074 away"),
            Case(op: .fmulD, rm: rmm, a: 0x3FE0_0000_0000_0000, b: 1, expected: 1, flags: uf | nx, note: "2^-1075 away from zero"),
            Case(op: .fmulD, rm: rne, a: 0x3FE0_0000_0000_0000, b: 1, expected: 0, flags: uf | nx, note: "2^-1075 to even zero"),
            Case(op: .fmulD, rm: rmm, a: 0x3FF0_0000_0000_0003, b: 0x0018_0000_0000_0000, expected: 0x0018_0000_0000_0005, flags: nx, note: "smallest-binade tie, error term 2^-1075"),
            Case(op: .fdivD, rm: rmm, a: 5, b: 0x4000_0000_0000_0000, expected: 3, flags: uf | nx, note: "5 x 2^-1074 / 2 away"),
            Case(op: .fdivD, rm: rmm, a: 1, b: 0x4000_0000_0000_0000, expected: 1, flags: uf | nx, note: "2^-1074 / 2 away"),
            Case(op: .fmaddD, rm: rmm, a: 0x4004_0000_0000_0000, b: 1, c: 2, expected: 5, flags: uf | nx, note: "subnormal fused tie away"),
            Case(op: .fnmaddD, rm: rmm, a: 0x4004_0000_0000_0000, b: 1, c: 2, expected: 0x8000_0000_0000_0005, flags: uf | nx, note: "negated subnormal fused tie away"),
            Case(op: .fmsubD, rm: rmm, a: 0x21A0_0000_0000_0001, b: 0x2190_0000_0000_0001, c: 0x0340_0000_0000_0002, expected: 1, flags: uf | nx, note: "cancellation to 2^-1075 away"),
            Case(op: .fmsubD, rm: rne, a: 0x21A0_0000_0000_0001, b: 0x2190_0000_0000_0001, c: 0x0340_0000_0000_0002, expected: 0, flags: uf | nx, note: "cancellation to 2^-1075 to even"),
            Case(op: .fmulS, rm: rmm, a: s(0x4020_0000), b: s(1), expected: s(3), flags: uf | nx, note: "2.5 x 2^-149 away"),
            Case(op: .fsubD, rm: rdn, a: dOne, b: dOne, expected: 0x8000_0000_0000_0000, note: "x - x rounding down"),
            Case(op: .fmsubD, a: 0x4000_0000_0000_0000, b: 0x4008_0000_0000_0000, c: dOne, expected: 0x4014_0000_0000_0000, note: "2*3-1"),
            Case(op: .fnmsubD, a: 0x4000_0000_0000_0000, b: 0x4008_0000_0000_0000, c: dOne, expected: 0xC014_0000_0000_0000, note: "-(2*3)+1"),
            Case(op: .fnmaddD, a: 0x4000_0000_0000_0000, b: 0x4008_0000_0000_0000, c: dOne, expected: 0xC01C_0000_0000_0000, note: "-(2*3)-1"),
            Case(op: .fmaddD, a: 0x7FF0_0000_0000_0000, b: 0, c: 0x7FF8_0000_0000_0000, expected: 0x7FF8_0000_0000_0000, flags: nv, note: "inf*0+qNaN is invalid"),
            Case(op: .fsgnjD, a: dOne, b: 0x8000_0000_0000_0000, expected: 0xBFF0_0000_0000_0000, note: "sign of -0"),
            Case(op: .fsgnjxD, a: 0xBFF0_0000_0000_0000, b: 0x8000_0000_0000_0000, expected: dOne, note: "xor of signs"),
            Case(op: .feqD, a: 0x7FF0_0000_0000_0001, b: 0x7FF0_0000_0000_0001, expected: 0, flags: nv, note: "feq sNaN"),
            Case(op: .fleD, a: 0x8000_0000_0000_0000, b: 0, expected: 1, note: "-0 <= +0"),
            Case(op: .fdivD, a: dOne, b: 0, expected: 0x7FF0_0000_0000_0000, flags: dz, note: "1/0"),
            Case(op: .fsqrtD, a: 0xBFF0_0000_0000_0000, expected: 0x7FF8_0000_0000_0000, flags: nv, note: "sqrt(-1)"),
            Case(op: .faddD, a: 0x7FF0_0000_0000_0001, b: dOne, expected: 0x7FF8_0000_0000_0000, flags: nv, note: "signaling NaN"),
            Case(op: .fmulD, rm: rtz, a: 0x7FEF_FFFF_FFFF_FFFF, b: 0x4000_0000_0000_0000, expected: 0x7FEF_FFFF_FFFF_FFFF, flags: of | nx, note: "overflow RTZ"),
            Case(op: .fminD, a: 0x8000_0000_0000_0000, b: 0, expected: 0x8000_0000_0000_0000, note: "min(-0, +0)"),
            Case(op: .fmaxD, a: 0x7FF8_0000_0000_0123, b: dOne, expected: dOne, note: "max(NaN, 1)"),
            Case(op: .fsgnjnD, a: 0x7FF8_0000_0000_0123, b: 0x7FF8_0000_0000_0123, expected: 0xFFF8_0000_0000_0123, note: "fneg.d keeps the payload"),
            Case(op: .fltD, a: 0x7FF8_0000_0000_0000, b: dOne, expected: 0, flags: nv, note: "flt NaN"),
            Case(op: .fclassD, a: 0x0000_0000_0000_0001, expected: 1 << 5, note: "positive subnormal"),
            Case(op: .fclassD, a: 0x7FF0_0000_0000_0001, expected: 1 << 8, note: "signaling NaN"),
            Case(op: .fcvtWD, rm: rne, a: 0x41DF_FFFF_FFE0_0000, expected: 0x7FFF_FFFF, flags: nv, note: "2^31-0.5 rounds out of range"),
            Case(op: .fcvtWD, rm: rtz, a: 0x41DF_FFFF_FFE0_0000, expected: 0x7FFF_FFFF, flags: nx, note: "2^31-0.5 toward zero"),
            Case(op: .fcvtWD, rm: rne, a: 0xC1E0_0000_0010_0000, expected: 0x8000_0000, flags: nx, note: "-2^31-0.5 to even"),
            Case(op: .fcvtWD, rm: rmm, a: 0xC1E0_0000_0010_0000, expected: 0x8000_0000, flags: nv, note: "-2^31-0.5 away is out of range"),
            Case(op: .fcvtWuD, rm: rtz, a: 0x41EF_FFFF_FFFF_FFFF, expected: 0xFFFF_FFFF, flags: nx, note: "just below 2^32"),
            Case(op: .fcvtDW, a: 0x8000_0000, expected: 0xC1E0_0000_0000_0000, note: "-2^31 exact"),
            Case(op: .fcvtDWu, a: 0xFFFF_FFFF, expected: 0x41EF_FFFF_FFE0_0000, note: "2^32-1 exact"),
            Case(op: .fcvtSD, rm: rne, a: 0x3FF0_0000_1000_0000, expected: one, flags: nx, note: "1 + 2^-24 to even"),
            Case(op: .fcvtSD, rm: rmm, a: 0x3FF0_0000_1000_0000, expected: s(0x3F80_0001), flags: nx, note: "1 + 2^-24 away"),
            Case(op: .fcvtSD, rm: rne, a: 0x7FEF_FFFF_FFFF_FFFF, expected: inf, flags: of | nx, note: "DBL_MAX overflows"),
            Case(op: .fcvtSD, rm: rtz, a: 0x7FEF_FFFF_FFFF_FFFF, expected: fltMax, flags: of | nx, note: "DBL_MAX toward zero"),
            Case(op: .fcvtSD, a: 0x7FF8_0000_0000_0123, expected: canonical, note: "NaN payload dropped"),
            Case(op: .fcvtSD, a: 0x7FF0_0000_0000_0001, expected: canonical, flags: nv, note: "signaling NaN"),
            Case(op: .fcvtSD, a: 0x3690_0000_0000_0000, expected: plusZero, flags: uf | nx, note: "2^-150 underflows to 0"),
            Case(op: .fcvtDS, a: sNaN, expected: 0x7FF8_0000_0000_0000, flags: nv, note: "signaling NaN"),
            Case(op: .fcvtDS, a: s(0x0000_0001), expected: 0x36A0_0000_0000_0000, note: "subnormal single is exact"),
            Case(op: .fcvtDS, a: 0x3FF0_0000_0000_0000, expected: 0x7FF8_0000_0000_0000, note: "unboxed single is the canonical NaN"),
        ]
    }()

    /// Runs `inst` with the sources set and returns the guest after its `ecall`.
    static func run(_ inst: Instruction, f: [Int: UInt64] = [:], x: [Int: UInt32] = [:], fcsr: UInt32 = 0,
                    isa: ISASet = .all) throws -> TestGuest {
        let guest = try TestGuest([inst, ecall], isa: isa)
        for (index, value) in f { guest.hart.setFloatRegister(index, value) }
        for (index, value) in x { guest.set(index, value) }
        guest.hart.fcsr = fcsr
        return guest
    }

    @Test(arguments: cases)
    func instruction(_ c: Case) throws {
        let fused = c.op.floatSourceCount == 3
        let inst = Instruction(c.op, rd: 10, rs1: 11, rs2: c.op.floatSourceCount >= 2 ? 12 : 0,
                               imm: c.op.hasRoundingMode ? (fused ? 13 << 3 | c.rm : c.rm) : 0)
        let integerSource = c.op.floatSourceFile == .integer
        let guest = try Self.run(inst, f: integerSource ? [12: c.b, 13: c.c] : [11: c.a, 12: c.b, 13: c.c],
                                 x: integerSource ? [11: UInt32(truncatingIfNeeded: c.a)] : [:])
        guest.runToEcall()
        let result = c.op.floatDestinationFile == .integer ? UInt64(guest[10]) : guest.hart.floatRegister(10)
        #expect(result == c.expected, "got 0x\(String(result, radix: 16)), expected 0x\(String(c.expected, radix: 16))")
        #expect(guest.hart.fcsr & 0x1F == c.flags, "fflags 0x\(String(guest.hart.fcsr & 0x1F, radix: 16))")
    }

    @Test("every F and D opcode has a case or a test of its own")
    func coverage() {
        let covered = Set(Self.cases.map(\.op)).union([.flw, .fsw, .fld, .fsd])
        for op in Opcode.allCases where op.floatExtension != nil { #expect(covered.contains(op), "\(op)") }
    }

    @Test("loads NaN-box singles, stores move raw bits, compressed forms too")
    func loadsAndStores() throws {
        let data = TestGuest.dataBase
        let guest = try TestGuest([
            .full(Instruction(.flw, rd: 1, rs1: Reg.a0, imm: 0)),
            .full(Instruction(.fld, rd: 2, rs1: Reg.a0, imm: 8)),
            .full(Instruction(.fsw, rs1: Reg.a0, rs2: 3, imm: 16)),  // f3: an unboxed double
            .full(Instruction(.fsd, rs1: Reg.a0, rs2: 2, imm: 24)),
            .compressed(Instruction(.fld, rd: 9, rs1: Reg.a0, imm: 8)),
            .compressed(Instruction(.fsd, rs1: Reg.a0, rs2: 9, imm: 32)),
            .compressed(Instruction(.flw, rd: 10, rs1: Reg.a0, imm: 0)),
            .compressed(Instruction(.fsw, rs1: Reg.a0, rs2: 10, imm: 40)),
            .compressed(Instruction(.fld, rd: 0, rs1: Reg.sp, imm: 8)),
            .compressed(Instruction(.fsd, rs1: Reg.sp, rs2: 0, imm: 48)),
            .compressed(Instruction(.flw, rd: 31, rs1: Reg.sp, imm: 0)),
            .compressed(Instruction(.fsw, rs1: Reg.sp, rs2: 31, imm: 56)),
            .full(ecall),
        ])
        guest.memory.write([0x00, 0x00, 0x80, 0x3F, 0, 0, 0, 0, 0x18, 0x2D, 0x44, 0x54, 0xFB, 0x21, 0x09, 0x40], at: data)
        guest.set(Int(Reg.a0), data)
        guest.set(Int(Reg.sp), data)
        guest.hart.setFloatRegister(3, 0x4009_21FB_5444_2D18)
        guest.runToEcall()
        #expect(guest.hart.floatRegister(1) == Self.s(0x3F80_0000))
        #expect(guest.hart.floatRegister(2) == 0x4009_21FB_5444_2D18)
        #expect(guest.word(at: data + 16) == 0x5444_2D18)
        #expect(guest.word(at: data + 24) == 0x5444_2D18 && guest.word(at: data + 28) == 0x4009_21FB)
        #expect(guest.word(at: data + 32) == 0x5444_2D18 && guest.word(at: data + 36) == 0x4009_21FB)
        #expect(guest.word(at: data + 40) == 0x3F80_0000)
        #expect(guest.word(at: data + 48) == 0x5444_2D18 && guest.word(at: data + 52) == 0x4009_21FB)
        #expect(guest.word(at: data + 56) == 0x3F80_0000)
        #expect(guest.hart.floatRegister(0) == 0x4009_21FB_5444_2D18)
    }

    @Test("fld from unmapped memory and fsd to read-only memory fault")
    func memoryFaults() throws {
        let load = try Self.run(Instruction(.fld, rd: 1, rs1: Reg.a0), x: [10: 0x1_8000])
        #expect(Interpreter.run(load.machine, budget: 10) == .trap(Trap(.loadAccessFault, value: 0x1_8000, pc: TestGuest.codeBase)))
        let store = try Self.run(Instruction(.fsd, rs1: Reg.a0, rs2: 1), x: [10: TestGuest.readOnlyBase])
        #expect(Interpreter.run(store.machine, budget: 10)
                == .trap(Trap(.storeAccessFault, value: TestGuest.readOnlyBase, pc: TestGuest.codeBase)))
        #expect(store.word(at: TestGuest.readOnlyBase) == 0)
    }

    @Test("the dynamic rounding mode comes from frm; reserved modes are illegal")
    func dynamicRounding() throws {
        let add = Instruction(.faddS, rd: 10, rs1: 11, rs2: 12, imm: Self.dyn)
        let sources: [Int: UInt64] = [11: Self.s(0x3F80_0000), 12: Self.s(0x3380_0000)]
        let up = try Self.run(add, f: sources, fcsr: 3 << 5)
        up.runToEcall()
        #expect(up.hart.floatRegister(10) == Self.s(0x3F80_0001))
        #expect(up.hart.fcsr == 3 << 5 | Self.nx)
        for frm: UInt32 in [5, 6, 7] {
            let guest = try Self.run(add, f: sources, fcsr: frm << 5)
            #expect(Interpreter.run(guest.machine, budget: 10) == .trap(Trap(.illegalInstruction, value: encode(add)!, pc: TestGuest.codeBase)))
        }
        for rm: Int32 in [5, 6] {
            let reserved = Instruction(.fmulD, rd: 10, rs1: 11, rs2: 12, imm: rm)
            let guest = try Self.run(reserved)
            #expect(Interpreter.run(guest.machine, budget: 10) == .trap(Trap(.illegalInstruction, value: encode(reserved)!, pc: TestGuest.codeBase)))
        }
    }

    @Test("fflags accumulate; fflags, frm and fcsr read and write their fields")
    func controlAndStatus() throws {
        let guest = try TestGuest([
            Instruction(.fdivS, rd: 1, rs1: 1, rs2: 0, imm: Self.rne),  // 1/0: DZ
            Instruction(.fsqrtS, rd: 2, rs1: 3, imm: Self.rne),  // sqrt(-1): NV
            Instruction(.csrrs, rd: Reg.a0, rs1: 0, imm: 0x001),  // frflags
            Instruction(.csrrwi, rd: Reg.a1, rs1: 4, imm: 0x002),  // fsrmi a1, 4
            Instruction(.csrrs, rd: Reg.a2, rs1: 0, imm: 0x003),  // frcsr
            Instruction(.csrrw, rd: Reg.a3, rs1: Reg.a5, imm: 0x003),  // fscsr a3, a5 (0xffffffff)
            Instruction(.csrrs, rd: Reg.a4, rs1: 0, imm: 0x003),
            Instruction(.csrrci, rd: 0, rs1: 0x1F, imm: 0x001),  // clear all flags
            ecall,
        ])
        guest.hart.setFloatRegister(1, Self.s(0x3F80_0000))
        guest.hart.setFloatRegister(0, Self.s(0))
        guest.hart.setFloatRegister(3, Self.s(0xBF80_0000))
        guest.set(Int(Reg.a5), 0xFFFF_FFFF)
        guest.runToEcall()
        #expect(guest[Int(Reg.a0)] == Self.dz | Self.nv)
        #expect(guest[Int(Reg.a1)] == 0)
        #expect(guest[Int(Reg.a2)] == 4 << 5 | Self.dz | Self.nv)
        #expect(guest[Int(Reg.a3)] == 4 << 5 | Self.dz | Self.nv)
        #expect(guest[Int(Reg.a4)] == 0xFF)  // bits 31:8 are reserved
        #expect(guest.hart.fcsr == 0xE0)
    }

    @Test("without F and D (--isa rv32imac) FP instructions and fcsr are illegal")
    func restrictedISA() throws {
        let isa = try ISASet.parse("rv32imac")
        #expect(!isa.f && !isa.d)
        let words: [TestGuest.Piece] = [
            .full(Instruction(.faddS, rd: 1, rs1: 2, rs2: 3, imm: 7)),
            .full(Instruction(.fld, rd: 1, rs1: 2)),
            .compressed(Instruction(.fld, rd: 8, rs1: 8)),
            .compressed(Instruction(.fsw, rs1: 2, rs2: 1, imm: 4)),
            .full(Instruction(.csrrs, rd: 10, imm: 0x003)),
        ]
        for piece in words {
            let guest = try TestGuest([piece, .full(ecall)], isa: isa)
            guard case .trap(let trap) = Interpreter.run(guest.machine, budget: 10) else {
                Issue.record("\(piece): no trap")
                continue
            }
            #expect(trap.cause == .illegalInstruction && trap.pc == TestGuest.codeBase, "\(piece)")
        }
        // rv32imafc: F without D: fadd.s runs, fadd.d is illegal.
        let single = try ISASet.parse("rv32imafc")
        let fine = try TestGuest([Instruction(.faddS, rd: 1, rs1: 2, rs2: 3, imm: 7), ecall], isa: single)
        fine.runToEcall()
        let double = try TestGuest([Instruction(.faddD, rd: 1, rs1: 2, rs2: 3, imm: 7), ecall], isa: single)
        guard case .trap(let trap) = Interpreter.run(double.machine, budget: 10) else {
            Issue.record("fadd.d ran without D")
            return
        }
        #expect(trap.cause == .illegalInstruction)
    }

    @Test("mstatus.FS: Off makes FP illegal; a write makes it Dirty and sets SD; misa has F and D")
    func floatStatus() throws {
        let add = Instruction(.faddD, rd: 1, rs1: 2, rs2: 3, imm: 7)
        let off = try TestGuest([add, ecall])
        off.machine.csrs.machineMode = true
        off.hart.privilege = .machine
        off.machine.csrs.mstatus = 0
        guard case .trap(let trap) = Interpreter.run(off.machine, budget: 10) else {
            Issue.record("fadd.d ran with FS = Off")
            return
        }
        #expect(trap.cause == .illegalInstruction)
        #expect(off.machine.csrs.read(0x003, hart: off.hart) == nil)

        let on = try TestGuest([add, ecall])
        on.machine.csrs.machineMode = true
        on.hart.privilege = .machine
        on.machine.csrs.mstatus = 1 << 13  // Initial
        #expect(on.machine.csrs.read(0x300, hart: on.hart) == 1 << 13)
        let stop = Interpreter.run(on.machine, budget: 10)
        #expect(stop == .trap(Trap(.environmentCallFromM, value: 0, pc: TestGuest.codeBase + 4)))
        #expect(on.machine.csrs.read(0x300, hart: on.hart) == 1 << 31 | 3 << 13)
        let misa = try #require(on.machine.csrs.read(0x301, hart: on.hart))
        #expect(misa & (1 << 3 | 1 << 5) == 1 << 3 | 1 << 5)
        // A Linux process starts with FS = Initial.
        #expect(CSRFile(isa: .all).floatEnabled)
    }
}
