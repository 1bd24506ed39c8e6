/// What a guest program printed and how it ended: the thing a differential test compares
/// between emu and another emulator.
public struct GuestOutput: Equatable, Sendable {
    /// Everything written to standard output (emu's in-process runs send fd 2 there too;
    /// the generated programs never write it).
    public var output: [UInt8]
    /// The exit status as a shell sees it (128 + signal for a fatal signal).
    public var status: Int32
    /// Instructions retired, when the run was emu's own (not compared by `==`: another
    /// emulator does not report it).
    public var instructions: UInt64?

    /// Creates a result.
    public init(output: [UInt8], status: Int32, instructions: UInt64? = nil) {
        self.output = output
        self.status = status
        self.instructions = instructions
    }

    /// Same output and status; the instruction count is not part of the behaviour.
    public static func == (left: GuestOutput, right: GuestOutput) -> Bool {
        left.output == right.output && left.status == right.status
    }

    /// Runs an ELF image in-process as a Linux guest (no mounts, deterministic, at most
    /// `maxInstructions` instructions) and captures its output in memory.
    ///
    /// A file that does not load gives status 126, as `emu run` exits.
    public static func run(elf bytes: [UInt8], maxInstructions: UInt64 = 1_000_000) -> GuestOutput {
        guard let elf = try? ELFFile(bytes: bytes), let capture = try? OutputCapture() else {
            return GuestOutput(output: [], status: 126)
        }
        var configuration = LinuxConfiguration(arguments: ["generated"])
        configuration.standardStreams = [capture.fd, capture.fd, capture.fd]
        configuration.maxInstructions = maxInstructions
        configuration.deterministic = true
        configuration.memoryLimit = 64 << 20
        configuration.stackSize = 1 << 20
        guard let process = try? LinuxProcess(elf: elf, configuration: configuration) else {
            return GuestOutput(output: [], status: 126)
        }
        let outcome = process.run()
        return GuestOutput(output: capture.drain(), status: outcome.exitStatus, instructions: process.machine.hart.instret)
    }
}
