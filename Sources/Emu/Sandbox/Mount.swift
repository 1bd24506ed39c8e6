/// One `-v HOST:GUEST[:ro]` bind mount: a host directory shown at a guest path.
public struct Mount: Sendable, Equatable {
    /// The host directory.
    public var hostPath: String
    /// Where the guest sees it (absolute, normalised).
    public var guestPath: String
    /// Whether every write through this mount fails with EROFS.
    public var readOnly: Bool
    /// Other host spellings of the same directory: where the jail has moved the mount to
    /// `/m/N`, the path the user gave and its real path. Links planted from the host name
    /// the directory by these, and readlink translates them to the guest path.
    public var hostAliases: [String] = []

    /// Creates a mount.
    public init(hostPath: String, guestPath: String, readOnly: Bool) {
        self.hostPath = hostPath
        self.guestPath = guestPath
        self.readOnly = readOnly
    }

    /// Parses Docker's `HOST:GUEST[:ro|:rw]` syntax; nil when malformed (empty parts, a
    /// relative guest path, an unknown option).
    public init?(parsing spec: String) {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty, parts[1].hasPrefix("/") else {
            return nil
        }
        var readOnly = false
        if parts.count == 3 {
            switch parts[2] {
            case "ro": readOnly = true
            case "rw": readOnly = false
            default: return nil
            }
        }
        self.init(hostPath: parts[0], guestPath: GuestPath.normalize(parts[1]), readOnly: readOnly)
    }
}

/// Guest path arithmetic, purely lexical.
public enum GuestPath {
    /// Splits a path into its non-empty components.
    public static func components(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init)
    }

    /// `/a/b/../c/.` → `/a/c`; `..` never climbs above `/`.
    public static func normalize(_ path: String) -> String {
        var result: [String] = []
        for component in components(path) {
            if component == "." { continue }
            if component == ".." { _ = result.popLast(); continue }
            result.append(component)
        }
        return "/" + result.joined(separator: "/")
    }
}
