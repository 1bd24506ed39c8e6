/// A guest file name or path: bytes, as Linux has them (anything but NUL, and `/` between
/// components). Never a `String`: decoding would replace invalid UTF-8 with U+FFFD, and two
/// different guest names would become one host name.
public typealias GuestName = [UInt8]

/// Byte-level path arithmetic for `GuestName`.
extension Array where Element == UInt8 {
    static let slash: UInt8 = 0x2F
    static let dot: [UInt8] = [0x2E]
    static let dotDot: [UInt8] = [0x2E, 0x2E]
    static let dev: [UInt8] = Array("dev".utf8)

    /// The non-empty components of `path`.
    static func components(_ path: [UInt8]) -> [[UInt8]] {
        path.split(separator: slash).map(Array.init)
    }

    /// `/a/b` from the components `a`, `b` (`/` for none).
    static func path(_ components: [[UInt8]]) -> [UInt8] {
        guard !components.isEmpty else { return [slash] }
        var result: [UInt8] = []
        for component in components {
            result.append(slash)
            result += component
        }
        return result
    }

    /// The name as a NUL-terminated C string for a host call (it holds no NUL: it came from a
    /// guest C string or was split from one).
    static func cString(_ name: [UInt8]) -> [CChar] {
        name.map { CChar(bitPattern: $0) } + [0]
    }
}
