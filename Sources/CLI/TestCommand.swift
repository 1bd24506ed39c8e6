import Emu
import Glibc

/// `emu test [OPTIONS] FILE...`: runs bare-metal test binaries (riscv-tests "p"
/// environment, or anything that reports through HTIF `tohost`) and prints one line each.
enum TestCommand {
    static let interface = Interfaces.test
    /// The most workers `-j` starts (each is a process with a 16 MiB guest arena).
    static let maxJobs = 256

    static func main(_ arguments: [String]) -> Int32 {
        let parsed: OptionParser.Parsed
        let configuration: BareMetalConfiguration
        var jobs = 1
        switch interface.start(arguments) {
        case .exit(let status): return status
        case .run(let options): parsed = options
        }
        let traced = parsed.flag("--trace") || parsed.flag("--trace-file") || !parsed.all("--trace-filter").isEmpty
        var traceDescriptor: Int32 = 2
        do throws(OptionParser.Failure) {
            guard !parsed.positional.isEmpty else {
                throw OptionParser.Failure(message: "'emu test' requires at least one test binary")
            }
            if parsed.flag("--signature"), parsed.positional.count != 1 {
                throw OptionParser.Failure(message: "--signature needs exactly one test binary")
            }
            configuration = try BareMetalSession.configuration(parsed)
            if let text = parsed.last("--jobs") { jobs = try self.jobs(text) }
            if traced, jobs > 1 {
                throw OptionParser.Failure(message: "--trace needs -j 1 (the traces of parallel runs would interleave)")
            }
            if let file = parsed.last("--trace-file") { traceDescriptor = try RunDiagnostics.create(file, option: "--trace-file") }
        } catch {
            interface.fail(error.message)
            return ExitStatus.usage
        }
        let paths = parsed.positional
        let signature = parsed.last("--signature")
        let filters = parsed.all("--trace-filter")

        /// Runs binary `index`: loads it, resolves the trace filters against it, runs it.
        func record(_ index: Int) -> TestRecord {
            let path = paths[index]
            let start = HostClock.monotonicNanoseconds()
            var result: BareMetalSession.Result?
            var failure: String?
            do throws(ProgramFile.Failure) {
                let elf = try ProgramFile.load(path)
                var trace: InstructionTracer.Options?
                if traced {
                    var ranges: [Range<UInt32>] = []
                    for filter in filters {
                        do throws(OptionParser.Failure) {
                            ranges.append(try RunDiagnostics.range(filter, elf: elf))
                        } catch {
                            throw ProgramFile.Failure(status: ExitStatus.usage, message: error.message)
                        }
                    }
                    trace = InstructionTracer.Options(descriptor: traceDescriptor, ranges: ranges)
                    // Which binary the lines that follow are from, when there are several.
                    if paths.count > 1 { Console.write(traceDescriptor, "# \(path)\n") }
                }
                result = try BareMetalSession.run(elf, path: path, configuration: configuration, signaturePath: signature, trace: trace)
            } catch {
                failure = error.message
            }
            let seconds = Double(HostClock.monotonicNanoseconds() &- start) / 1e9
            return TestRecord(path: path, result: result, error: failure, seconds: seconds)
        }

        var records: [TestRecord] = []
        let json = parsed.flag("--json")
        // Text lines are printed as each binary finishes (in input order whatever -j is),
        // errors among them in order.
        let width = paths.map(\.count).max() ?? 0
        let wallStart = HostClock.monotonicNanoseconds()
        func deliver(_ record: TestRecord) {
            records.append(record)
            if !json {
                Console.output(record.path + String(repeating: " ", count: width - record.path.count) + "  " + record.line + "\n")
            }
        }
        if jobs > 1 {
            ParallelTestRunner.run(paths: paths, workers: jobs, job: record, deliver: deliver)
        } else {
            for index in paths.indices { deliver(record(index)) }
        }
        let passed = records.filter(\.passed).count
        if json {
            Console.output(TestJSON.document(records))
        } else {
            Console.output("\(passed) passed, \(records.count - passed) failed\n")
        }
        if parsed.flag("--stats") {
            // All binaries' instructions over the wall-clock time of the whole run.
            let instructions = records.reduce(0) { $0 &+ ($1.result?.instructions ?? 0) }
            Console.error(BareMetalSession.statsLine(instructions: instructions, nanoseconds: HostClock.monotonicNanoseconds() &- wallStart))
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

    /// `-j N`: 1 to `maxJobs`, or 0 for one worker per online core.
    static func jobs(_ text: String) throws(OptionParser.Failure) -> Int {
        let count = try OptionValue.integer(text, option: "--jobs")
        guard count <= UInt64(maxJobs) else { throw OptionParser.Failure(message: "--jobs must be between 0 and \(maxJobs)") }
        if count == 0 { return max(1, min(maxJobs, sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
        return Int(count)
    }
}
