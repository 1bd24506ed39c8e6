/// The harnesses by name, as the fuzz targets, the replay tests and
/// `Tests/FuzzCorpus/<name>/` call them.
public enum FuzzHarness {
    /// Every harness, by the name of its corpus folder.
    public static let all: [(name: String, run: @Sendable ([UInt8]) -> [FuzzFailure])] = [
        ("decoder", DecoderFuzz.run),
        ("elf", ELFFuzz.run),
        ("syscalls", SyscallFuzz.run),
        ("interpreter", InterpreterFuzz.run),
        ("dwarf", DWARFFuzz.run),
    ]

    /// The harness for the corpus folder `name`.
    public static func named(_ name: String) -> (@Sendable ([UInt8]) -> [FuzzFailure])? {
        all.first { $0.name == name }?.run
    }
}
