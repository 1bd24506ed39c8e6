/// How a bare-metal test binary runs: its instruction budget, ISA and memory.
public struct BareMetalConfiguration: Sendable, Equatable {
    /// The default budget: a test that has not written `tohost` after this many
    /// instructions has failed (it is looping or lost).
    public static let defaultMaxInstructions: UInt64 = 1_000_000

    /// Instructions the test may retire before it counts as failed.
    public var maxInstructions: UInt64 = BareMetalConfiguration.defaultMaxInstructions
    /// The extensions the hart implements (and `misa` reports).
    public var isa: ISASet = .all
    /// Bytes of guest memory from the image's lowest page (the image, its stack and data).
    public var memorySize: UInt64 = 16 << 20
    /// Wall-clock nanoseconds the test may run before it counts as failed; nil for no limit.
    public var timeLimitNanoseconds: UInt64?

    /// Creates the default configuration.
    public init() {}
}
