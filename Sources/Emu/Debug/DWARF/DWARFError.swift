/// Why debug information could not be read. The reader never traps on a malformed
/// section: every offset and length is checked and a bad one becomes one of these.
public enum DWARFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A read would go past the end of a section (or of the unit holding it).
    case truncated(section: String, offset: Int)
    /// A value the reader does not support, or that cannot be right.
    case malformed(section: String, offset: Int, reason: String)

    public var description: String {
        switch self {
        case .truncated(let section, let offset): "\(section) is truncated at offset 0x\(String(offset, radix: 16))"
        case .malformed(let section, let offset, let reason):
            "\(section) at offset 0x\(String(offset, radix: 16)): \(reason)"
        }
    }
}
