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
        // emu's own C glue for the jail's host calls (variadic prctl, calls glibc has no
        // wrapper for, and a clone() child that must run only C until it execs).
        // Release builds omit leaf frame pointers there as in Emu: the fused multiply-add
        // handlers (fused.c) are threaded handlers, which must not set up a frame.
        .target(name: "CHostCalls",
                cSettings: [.unsafeFlags(["-momit-leaf-frame-pointer"], .when(configuration: .release))]),
        .target(
            name: "Emu", dependencies: ["Decoder", "CHostCalls"],
            // SwiftPM compiles with frame pointers kept. The interpreter's threaded handlers
            // are leaf functions (they end in a jump to the next one, not a call), and a frame
            // costs each of them three of its ten or so instructions (measured with
            // callgrind, see BENCHMARKS.md). Leaf functions only, and release builds only,
            // so every other frame keeps its pointer for backtraces and profilers.
            swiftSettings: [.unsafeFlags(["-Xcc", "-momit-leaf-frame-pointer"], .when(configuration: .release))]),
        .executableTarget(
            name: "CLI", dependencies: ["Emu", "Decoder"],
            // A fully static release binary: no dynamic loader, no symbol resolution or
            // relocation of the Swift runtime at every start, which was most of emu's
            // start-up time (3.4 million host instructions before, 1.2 million after;
            // BENCHMARKS.md).
            linkerSettings: [.unsafeFlags(["-static-executable"], .when(configuration: .release))]),
        // Shared by the test targets only: finding the real tools (qemu-riscv32, objdump,
        // gdb-multiarch) that tests compare against, and running processes.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "DecoderTests", dependencies: ["Decoder", "Emu", "TestSupport"]),
        .testTarget(name: "EmuTests", dependencies: ["Emu", "Decoder", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["Emu", "Decoder", "TestSupport"]),
    ]
)
