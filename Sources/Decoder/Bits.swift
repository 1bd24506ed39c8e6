// MARK: - Bit-field helpers shared by the decoder and the encoder

/// Bits `hi...lo` of `word`, shifted down to bit 0.
@inline(__always)
func bits(_ word: UInt32, _ hi: UInt32, _ lo: UInt32) -> UInt32 {
    (word >> lo) & ((1 &<< (hi &- lo &+ 1)) &- 1)
}

/// Bit `n` of `word`, as 0 or 1.
@inline(__always)
func bit(_ word: UInt32, _ n: UInt32) -> UInt32 {
    (word >> n) & 1
}

/// Sign-extends the low `width` bits of `value`.
///
/// Why the shift pair: moving the field's top bit into bit 31 and shifting back
/// arithmetically copies it into every higher bit, with no branch.
@inline(__always)
func signExtend(_ value: UInt32, width: UInt32) -> Int32 {
    Int32(bitPattern: value &<< (32 &- width)) &>> Int32(32 &- width)
}

/// A register number field (5 bits) as the `UInt8` the `Instruction` stores.
@inline(__always)
func reg(_ word: UInt32, at lo: UInt32) -> UInt8 {
    UInt8(truncatingIfNeeded: (word >> lo) & 0x1f)
}
