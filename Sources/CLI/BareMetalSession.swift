import Emu
import Glibc

/// Runs one bare-metal test binary for `emu test` and `emu run`: loads it, runs it, and
/// writes its signature when asked.
enum BareMetalSession {
    /// The result of one binary.
    struct Result {
        let outcome: BareMetalOutcome
        let instructions: UInt64
        /// The trap CSRs when the run ended, for a report of an unexpected trap.
        var mcause: UInt32 = 0
        var mepc: UInt32 = 0
        var mtval: UInt32 = 0
    }

    /// A failure before the binary ran (exit status and message).
    typealias Failure = ProgramFile.Failure

    /// Loads and runs `elf` (traced when `trace` is given); writes the signature to
    /// `signaturePath` whatever the outcome.
    static func run(
        _ elf: ELFFile, path: String, configuration: BareMetalConfiguration, signaturePath: String?,
        trace: InstructionTracer.Options? = nil
    ) throws(Failure) -> Result {
        let runner: BareMetalRunner
        do {
            runner = try BareMetalRunner(elf: elf, configuration: configuration)
        } catch {
            throw Failure(status: ExitStatus.cannotRun, message: "emu: \(path): \(error)")
        }
        let tracer = trace.map { BareMetalTracer(options: $0, elf: elf) }
        let outcome = runner.run(observer: tracer)
        tracer?.finish()
        if let signaturePath {
            try writeFile(signaturePath, runner.signatureText(), what: "the signature")
        }
        let csrs = runner.machine.csrs
        return Result(outcome: outcome, instructions: runner.retired, mcause: csrs.mcause, mepc: csrs.mepc, mtval: csrs.mtval)
    }

    /// `--stats`, as `emu run` prints it for a Linux guest.
    static func statsLine(instructions: UInt64, nanoseconds: UInt64) -> String {
        let seconds = Double(nanoseconds) / 1e9
        let mips = seconds > 0 ? Double(instructions) / seconds / 1e6 : 0
        return "emu: \(instructions) instructions retired in \(Format.fixed(seconds, 3)) s (\(Format.fixed(mips, 1)) MIPS)\n"
    }

    /// Writes `text` to a host file (created or truncated).
    static func writeFile(_ path: String, _ text: String, what: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw Failure(status: ExitStatus.usage, message: "emu: cannot write \(what) to \(path): \(reason)")
        }
        defer { close(fd) }
        Console.write(fd, text)
    }

    /// Parses `--max-insns`, `--isa` and `--timeout` for a bare-metal run.
    static func configuration(_ parsed: OptionParser.Parsed) throws(OptionParser.Failure) -> BareMetalConfiguration {
        var configuration = BareMetalConfiguration()
        if let text = parsed.last("--max-insns") {
            configuration.maxInstructions = try OptionValue.integer(text, option: "--max-insns")
        }
        if let text = parsed.last("--isa") { configuration.isa = try OptionValue.isa(text) }
        if let text = parsed.last("--timeout") {
            let seconds = try OptionValue.seconds(text, option: "--timeout")
            configuration.timeLimitNanoseconds = UInt64(min(seconds, 1e9) * 1e9)
        }
        return configuration
    }
}

extension BareMetalSession {
    /// `emu run` on a binary with a `tohost` symbol: runs it bare-metal and exits 0 when it
    /// passed, 1 when it reported a failure, 124 when the budget ran out (as `timeout` does).
    static func runCommand(_ elf: ELFFile, path: String, parsed: OptionParser.Parsed, trace: InstructionTracer.Options?) -> Int32 {
        do {
            let configuration: BareMetalConfiguration
            do {
                configuration = try self.configuration(parsed)
            } catch {
                Interfaces.run.fail(error.message)
                return ExitStatus.usage
            }
            let start = HostClock.monotonicNanoseconds()
            let result = try run(
                elf, path: path, configuration: configuration, signaturePath: parsed.last("--signature"), trace: trace)
            if parsed.flag("--stats") {
                Console.error(statsLine(instructions: result.instructions, nanoseconds: HostClock.monotonicNanoseconds() &- start))
            }
            switch result.outcome {
            case .passed: return 0
            case .budgetExhausted:
                Console.error("emu: \(path): bare-metal test \(result.outcome) (\(result.instructions) instructions, --max-insns)\n")
                return 124
            case .timedOut:
                Console.error("emu: \(path): bare-metal test \(result.outcome) (--timeout)\n")
                return 124
            case .failed, .unsupportedCommand:
                Console.error("emu: \(path): bare-metal test \(result.outcome)\n")
                return 1
            }
        } catch {
            Console.error(error.message + "\n")
            return error.status
        }
    }
}
