/// The `mtvec`/`stvec` format (privileged spec §3.1.7, §10.1.2): BASE in bits 31:2 and
/// MODE in bits 1:0, 0 for direct (every trap jumps to BASE) and 1 for vectored
/// (interrupts jump to BASE + 4 × cause, exceptions to BASE).
enum TrapVector {
    /// The value a write of `value` leaves: MODE 2 and 3 are reserved, and the field is
    /// WARL, so a write of either keeps BASE and reads back as direct mode.
    static func legalize(_ value: UInt32) -> UInt32 {
        value & 3 == 1 ? value : value & ~3
    }

    /// Where a trap with `code` jumps for the vector register `tvec`.
    static func target(_ tvec: UInt32, code: UInt32, interrupt: Bool) -> UInt32 {
        let base = tvec & ~3
        // Vectored: code is below 32 (an interrupt number), so 4 × code cannot overflow the
        // offset; the sum wraps like any address computation.
        return interrupt && tvec & 3 == 1 ? base &+ 4 &* code : base
    }
}
