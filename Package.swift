// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "emu",
    products: [
        .executable(name: "emu", targets: ["CLI"]),
        .library(name: "Decoder", targets: ["Decoder"]),
        .library(name: "Emu", targets: ["Emu"]),
    ],
    targets: [
        .target(name: "Decoder"),
        .target(name: "Emu", dependencies: ["Decoder"]),
        .executableTarget(name: "CLI", dependencies: ["Emu", "Decoder"]),
        .testTarget(name: "DecoderTests", dependencies: ["Decoder"]),
        .testTarget(name: "EmuTests", dependencies: ["Emu", "Decoder"]),
        .testTarget(name: "CLITests", dependencies: ["Emu", "Decoder"]),
    ]
)
