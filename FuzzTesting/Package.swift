// swift-tools-version: 6.0
// libFuzzer targets for emu, kept out of the main package so that `swift build` and
// `swift test` there never need the fuzzer runtime. Build and run them with
// `scripts/fuzz-libfuzzer` (which passes `-sanitize=fuzzer,address`).
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its directory (the root's checkout may be called
// anything: `emu`, `main`, a worktree), and products are looked up by that name.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

/// One executable per harness. Each has a Swift `main` that hands its harness to
/// `LLVMFuzzerRunDriver`: SwiftPM renames an executable's `main`, so libFuzzer's own `main`
/// (used by `-parse-as-library` targets elsewhere) cannot be linked in.
func fuzzTarget(_ name: String) -> Target {
    .executableTarget(name: name, dependencies: ["CFuzzerDriver", .product(name: "Emu", package: root)])
}

let package = Package(
    name: "FuzzTesting",
    dependencies: [.package(path: "..")],
    targets: [.target(name: "CFuzzerDriver")]
        + ["FuzzDecoder", "FuzzELF", "FuzzSyscalls", "FuzzInterpreter", "FuzzDWARF"].map(fuzzTarget)
)
