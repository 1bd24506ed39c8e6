/// One decoded instruction: the operation and its operands, already extracted and
/// sign-extended, so that nothing downstream looks at instruction bits again.
///
/// Field use by format:
/// - R-type: `rd`, `rs1`, `rs2`.
/// - I/S/B/U/J-type: `imm` is the immediate as the spec defines it (sign-extended; for
///   U-type already shifted left by 12; for B/J-type the byte offset from pc).
/// - Shifts by immediate: `imm` is the shift amount (0...31).
/// - Zicsr: `imm` is the CSR number (0...4095); the immediate forms keep their 5-bit
///   `uimm` in `rs1`.
/// - FENCE: `imm` holds the 12-bit `fm|pred|succ` field.
/// - A extension: `imm` holds `aq << 1 | rl`.
/// - Compressed forms carry the operands of the base instruction they expand to.
public struct Instruction: Equatable, Hashable, Sendable {
    /// The operation.
    public var opcode: Opcode
    /// Destination register, 0...31.
    public var rd: UInt8
    /// First source register, 0...31 (or the 5-bit immediate of `csrr?i`).
    public var rs1: UInt8
    /// Second source register, 0...31.
    public var rs2: UInt8
    /// The immediate, as described on the type.
    public var imm: Int32
    /// The instruction's bits as fetched (16 significant bits for a compressed one).
    public var raw: UInt32
    /// Size in bytes: 4, or 2 for a compressed encoding.
    public var length: UInt8

    /// Creates an instruction value from its parts.
    public init(
        _ opcode: Opcode, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0, imm: Int32 = 0,
        raw: UInt32 = 0, length: UInt8 = 4
    ) {
        self.opcode = opcode
        self.rd = rd
        self.rs1 = rs1
        self.rs2 = rs2
        self.imm = imm
        self.raw = raw
        self.length = length
    }

    /// Whether this came from a 16-bit (RVC) encoding.
    public var isCompressed: Bool { length == 2 }
}
