import Emu

/// `emu test [OPTIONS] FILE...`: runs bare-metal test binaries (riscv-tests "p"
/// environment, or anything that reports through HTIF `tohost`) and prints one line each.
enum TestCommand {
    static let interface = Interfaces.test

    static func main(_ arguments: [String]) -> Int32 {
        let parsed: OptionParser.Parsed
        let configuration: BareMetalConfiguration
        guard let parsedLine = interface.parse(arguments) else { return ExitStatus.usage }
        parsed = parsedLine
        if parsed.flag("--help") {
            Console.output(interface.help)
            return 0
        }
        do throws(OptionParser.Failure) {
            guard !parsed.positional.isEmpty else {
                throw OptionParser.Failure(message: "'emu test' requires at least one test binary")
            }
            if parsed.flag("--signature"), parsed.positional.count != 1 {
                throw OptionParser.Failure(message: "--signature needs exactly one test binary")
            }
            configuration = try BareMetalSession.configuration(parsed)
        } catch {
            interface.fail(error.message)
            return ExitStatus.usage
        }
        let names = parsed.positional.map(baseName)
        let width = names.map(\.count).max() ?? 0
        var passed = 0, failed = 0
        for (path, name) in zip(parsed.positional, names) {
            let padded = name + String(repeating: " ", count: width - name.count)
            do {
                let elf = try ProgramFile.load(path)
                let result = try BareMetalSession.run(
                    elf, path: path, configuration: configuration, signaturePath: parsed.last("--signature"))
                Console.output("\(padded)  \(line(for: result))\n")
                if result.outcome.passed { passed += 1 } else { failed += 1 }
            } catch {
                Console.output("\(padded)  FAIL  cannot run\n")
                Console.error(error.message + "\n")
                failed += 1
            }
        }
        Console.output("\(passed) passed, \(failed) failed\n")
        return failed == 0 ? 0 : 1
    }

    /// `PASS  412 instructions`, `FAIL  test 7  1203 instructions`, ...
    static func line(for result: BareMetalSession.Result) -> String {
        let count = "\(result.instructions) instructions"
        switch result.outcome {
        case .passed: return "PASS  \(count)"
        case .failed(let number): return "FAIL  test \(number)  \(count)"
        case .unsupportedCommand(let value): return "FAIL  tohost \(Format.hex32(value))  \(count)"
        case .budgetExhausted: return "FAIL  no tohost write  \(count) (--max-insns)"
        }
    }

    /// The last path component.
    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
