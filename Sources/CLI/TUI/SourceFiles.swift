import Emu

/// The C source files a program's line table names, read on demand and kept.
///
/// A line table's paths are relative to the compilation directory, which for the
/// project's programs is "." (the build's folder, kept out of the binary by
/// -ffile-prefix-map): so a path is tried as given (relative to the current directory),
/// then relative to the program file's folder and each folder above it, the way a
/// checkout holds `programs/dwarf/inventory.c` two folders above
/// `programs/bin/dwarf/inventory-gcc`. A file that is not found is reported once, not
/// guessed.
final class SourceFiles {
    let programPath: String
    private var cache: [String: [String]?] = [:]
    /// Where each found path was read from.
    private(set) var foundAt: [String: String] = [:]

    /// The largest source file read.
    static let maxSize = 16 << 20

    init(programPath: String) {
        self.programPath = programPath
    }

    /// The lines of `path` (a line table's path), nil when it cannot be found or read.
    func lines(_ path: String) -> [String]? {
        if let cached = cache[path] { return cached }
        var result: [String]?
        for candidate in candidates(path) {
            guard let bytes = try? ProgramFile.read(candidate), bytes.count <= Self.maxSize else { continue }
            result = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .map { String($0).replacingTabs(width: 8) }
            foundAt[path] = candidate
            break
        }
        cache[path] = .some(result)
        return result
    }

    /// The places `path` may be, in the order tried.
    func candidates(_ path: String) -> [String] {
        if path.hasPrefix("/") { return [path] }
        var places = [path]
        var folder = programPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !programPath.contains("/") { folder = "." }
        for _ in 0..<8 {
            places.append((folder.isEmpty ? "" : folder + "/") + path)
            guard let slash = folder.lastIndex(of: "/") else {
                if folder != "." && !folder.isEmpty { places.append(path) }
                break
            }
            folder = String(folder[..<slash])
        }
        return places
    }
}

extension String {
    /// Tabs expanded to the next multiple of `width` columns (source files use tabs).
    func replacingTabs(width: Int) -> String {
        guard contains("\t") else { return self }
        var result = ""
        // The column is counted, not measured: String.count is linear, and a long line
        // must not cost quadratic time.
        var column = 0
        for character in self {
            if character == "\t" {
                let spaces = width - column % width
                result += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                result.append(character)
                column += 1
            }
        }
        return result
    }
}
