import Foundation

/// Locations in the package checkout, found from this source file's path so that tests
/// work from any current directory.
public enum Paths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `programs/` in the checkout.
    public static var programs: String { packageRoot + "/programs" }

    /// All files below `programs/bin` (recursively) whose names end in `.elf`, sorted.
    public static func programELFs(under subfolder: String = "bin") -> [String] {
        let root = programs + "/" + subfolder
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".elf") }.sorted()
            .map { root + "/" + $0 }
    }
}
