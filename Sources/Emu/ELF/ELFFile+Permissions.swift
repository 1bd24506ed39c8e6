extension ELFFile {
    /// The access a segment asks for (p_flags), with the ELF bit values PF_X = 1, PF_W = 2, PF_R = 4.
    public struct Permissions: OptionSet, Hashable, Sendable, CustomStringConvertible {
        /// The raw p_flags bits (only the low three are permissions).
        public var rawValue: UInt32

        /// Creates permissions from raw p_flags bits.
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// PF_X: the segment may be executed.
        public static let execute = Permissions(rawValue: 0x1)
        /// PF_W: the segment may be written.
        public static let write = Permissions(rawValue: 0x2)
        /// PF_R: the segment may be read.
        public static let read = Permissions(rawValue: 0x4)

        /// `RWE`-style text as readelf prints it (`R E`, `RW `).
        public var description: String {
            (contains(.read) ? "R" : " ") + (contains(.write) ? "W" : " ") + (contains(.execute) ? "E" : " ")
        }
    }
}
