// swift-tools-version: 6.0
// The project's code generator, a package of its own so that building emu never builds it.
// Run it through `scripts/generate-handlers` (or `--check` in CI).
import PackageDescription

let package = Package(
    name: "EmuUtilities",
    targets: [
        .executableTarget(name: "EmuGen", path: "Sources/EmuGen"),
    ]
)
