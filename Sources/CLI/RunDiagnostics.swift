import Emu
import Glibc

/// What `emu run` prints about a guest besides its own output: `--strace` (to stderr or
/// `--strace-file`) and `--trace` (to stderr or `--trace-file`, filtered by `--trace-filter`).
struct RunDiagnostics {
    /// The host descriptor the strace lines go to, if not stderr.
    let straceDescriptor: Int32?
    /// The instruction trace's settings, when tracing.
    let trace: InstructionTracer.Options?
    /// The host descriptor `--record` writes to (opened before the jail, see `RecordReplay`).
    var recordDescriptor: Int32?

    /// Reads the diagnostic options; opens the files they name (created or truncated).
    init(_ parsed: OptionParser.Parsed, elf: ELFFile) throws(OptionParser.Failure) {
        straceDescriptor = try parsed.last("--strace-file").map { path throws(OptionParser.Failure) in
            try InheritedOutputFile.open(path, variable: "EMU_STRACE_FD", option: "--strace-file").get()
        }
        let filters = parsed.all("--trace-filter")
        guard parsed.flag("--trace") || parsed.flag("--trace-file") || !filters.isEmpty else {
            trace = nil
            return
        }
        var ranges: [Range<UInt32>] = []
        for filter in filters { ranges.append(try RunDiagnostics.range(filter, elf: elf)) }
        let fd = try parsed.last("--trace-file").map { path throws(OptionParser.Failure) in
            try InheritedOutputFile.open(path, variable: "EMU_TRACE_FD", option: "--trace-file").get()
        } ?? 2
        trace = InstructionTracer.Options(descriptor: fd, ranges: ranges)
    }

    /// Sends the process's strace lines where `--strace-file` says.
    func attach(to process: LinuxProcess) {
        guard let fd = straceDescriptor else { return }
        process.straceSink = { line in Console.write(fd, line + "\n") }
    }

    /// `START-END` in hex (0x optional) or a function symbol's [value, value + size).
    static func range(_ text: String, elf: ELFFile) throws(OptionParser.Failure) -> Range<UInt32> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        func hex(_ part: Substring) -> UInt32? {
            UInt32(part.hasPrefix("0x") ? part.dropFirst(2) : part, radix: 16)
        }
        if parts.count == 2, let start = hex(parts[0]), let end = hex(parts[1]) {
            guard start < end else {
                throw OptionParser.Failure(message: "--trace-filter: the range \(text) is empty (START must be below END)")
            }
            return start..<end
        }
        guard let symbol = elf.symbol(named: text), symbol.isDefined else {
            throw OptionParser.Failure(
                message: "--trace-filter expects START-END in hex or a symbol of the program, got '\(text)' (no such symbol)")
        }
        // A symbol without a size (a label) covers just its first instruction.
        let size = max(symbol.size, 2)
        let end = symbol.value.addingReportingOverflow(size)
        return symbol.value..<(end.overflow ? UInt32.max : end.partialValue)
    }
}

extension RunDiagnostics {
    /// Creates (or truncates) a host file for writing, for a command that runs no jail.
    static func create(_ path: String, option: String) throws(OptionParser.Failure) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OptionParser.Failure(message: "\(option): cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return fd
    }
}
