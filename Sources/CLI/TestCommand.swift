import Emu

/// `emu test [OPTIONS] FILE...`: runs bare-metal test binaries (riscv-tests "p"
/// environment, or anything that reports through HTIF `tohost`) and prints one line each.
enum TestCommand {
    static let interface = Interfaces.test

    static func main(_ arguments: [String]) -> Int32 {
        let parsed: OptionParser.Parsed
        let configuration: BareMetalConfiguration
        switch interface.start(arguments) {
        case .exit(let status): return status
        case .run(let options): parsed = options
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
        var records: [TestRecord] = []
        let json = parsed.flag("--json")
        // Text lines are printed as each binary finishes, errors among them in order.
        let width = parsed.positional.map(\.count).max() ?? 0
        for path in parsed.positional {
            let start = HostClock.monotonicNanoseconds()
            var result: BareMetalSession.Result?
            var failure: String?
            do {
                let elf = try ProgramFile.load(path)
                result = try BareMetalSession.run(
                    elf, path: path, configuration: configuration, signaturePath: parsed.last("--signature"))
            } catch {
                failure = error.message
            }
            let seconds = Double(HostClock.monotonicNanoseconds() &- start) / 1e9
            let record = TestRecord(path: path, result: result, error: failure, seconds: seconds)
            records.append(record)
            if !json {
                Console.output(path + String(repeating: " ", count: width - path.count) + "  " + record.line + "\n")
            }
        }
        let passed = records.filter(\.passed).count
        if json {
            Console.output(TestJSON.document(records))
        } else {
            Console.output("\(passed) passed, \(records.count - passed) failed\n")
        }
        if let junit = parsed.last("--junit") {
            do throws(BareMetalSession.Failure) {
                try BareMetalSession.writeFile(junit, TestJUnit.document(records), what: "the JUnit report")
            } catch {
                Console.error(error.message + "\n")
                return ExitStatus.usage
            }
        }
        return passed == records.count ? 0 : 1
    }

}
