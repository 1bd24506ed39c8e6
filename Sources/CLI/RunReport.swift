import Emu
import Glibc

/// `emu run --report FILE`: one JSON object describing how the run ended, so that a caller
/// can tell a guest's own `exit(124)` from a timeout, or a guest fault from emu failing.
///
/// The file is opened by the first emu (before the jail, whose root does not hold it) and
/// its descriptor is inherited by the jailed child, which writes the object once the guest
/// has ended. If the child writes nothing (emu itself was killed, say by a cgroup limit),
/// the launcher writes an `emu-error` object with the child's exit status.
enum RunReport {
    /// The environment variable carrying the inherited descriptor to the jailed child.
    static let descriptorVariable = "EMU_REPORT_FD"

    /// What one run recorded about its guest.
    struct Record {
        var kind: String
        var status: Int32?
        var signal: Int32?
        var instructions: UInt64?
        var guestMemoryBytes: UInt64?
    }

    // Why nonisolated(unsafe): one run per process, on the main thread only.
    nonisolated(unsafe) static var descriptor: Int32 = -1
    nonisolated(unsafe) static var record: Record?
    nonisolated(unsafe) static var startNanoseconds: UInt64 = 0

    /// Opens the report (or takes the descriptor a launcher passed down). Returns an error
    /// message when the file cannot be written.
    static func begin(_ path: String?) -> String? {
        startNanoseconds = HostClock.monotonicNanoseconds()
        // The jailed child takes the launcher's descriptor even without a path.
        guard let path = path ?? (Isolation.isChild && getenv(descriptorVariable) != nil ? "" : nil) else { return nil }
        switch InheritedOutputFile.open(path, variable: descriptorVariable, option: "--report") {
        case .success(let fd):
            descriptor = fd
            return nil
        case .failure(let failure):
            return failure.message
        }
    }

    /// Records a Linux guest's outcome. The report is init's (guest pid 1, the tree's
    /// first process): a forked guest child closes its inherited copy unwritten.
    static func recordOutcome(_ outcome: ProcessOutcome, process: LinuxProcess) {
        if process.guestPid != 1 {
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
            return
        }
        var entry = Record(kind: "exited", instructions: process.instructionsRetired,
                           guestMemoryBytes: residentBytes(process.machine.memory))
        switch outcome {
        case .exited(let status):
            entry.status = status & 0xFF
        case .signaled(let signal, let trap):
            // SIGSYS without a trap is the syscall policy's kill (--deny-action kill).
            entry.kind = signal == LinuxSignal.SIGSYS && trap == nil ? "denied-syscall" : "signaled"
            entry.signal = signal
        case .instructionLimit: entry.kind = "instruction-limit"
        case .timeLimit: entry.kind = "time-limit"
        }
        record = entry
    }

    /// Records a bare-metal test binary's result (emu's exit status for it), and returns it.
    static func recordBareMetal(_ status: Int32) -> Int32 {
        record = Record(kind: "exited", status: status)
        return status
    }

    /// Writes the report for a run that ends with `status`, and returns `status`.
    static func finish(_ status: Int32) -> Int32 {
        guard descriptor >= 0 else { return status }
        defer {
            close(descriptor)
            descriptor = -1
        }
        if !Isolation.isChild && SandboxLaunch.state.mode != .off && !SandboxLaunch.state.jailed && record == nil {
            // The launcher: the jailed child wrote the report, unless it died first.
            var info = stat()
            if fstat(descriptor, &info) == 0, info.st_size > 0 { return status }
        }
        let entry = record ?? Record(kind: "emu-error", status: nil)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let wall = Double(HostClock.monotonicNanoseconds() - startNanoseconds) / 1e9
        let jail = SandboxLaunch.state
        let fields: [(String, String)] = [
            ("outcome", quoted(entry.kind)),
            ("exitStatus", "\(status)"),
            ("status", entry.status.map { "\($0)" } ?? "null"),
            ("signal", entry.signal.map { "\($0)" } ?? "null"),
            ("signalName", entry.signal.map { quoted(LinuxSignal.name($0)) } ?? "null"),
            ("instructions", entry.instructions.map { "\($0)" } ?? "null"),
            ("wallSeconds", Format.fixed(wall, 6)),
            ("guestMemoryBytes", entry.guestMemoryBytes.map { "\($0)" } ?? "null"),
            ("peakRSSBytes", "\(UInt64(max(0, usage.ru_maxrss)) * 1024)"),
            ("isolation", "{\"mode\": \(quoted(jail.mode.rawValue)), \"jailed\": \(jail.jailed), \"refused\": ["
                + jail.refused.map { quoted($0.description) }.joined(separator: ", ") + "]}"),
        ]
        let text = "{" + fields.map { "\(quoted($0.0)): \($0.1)" }.joined(separator: ", ") + "}\n"
        Console.write(descriptor, text)
        return status
    }

    /// Bytes of the guest arena resident in host memory (pages the guest touched), from
    /// mincore(2); nil when the kernel does not say.
    static func residentBytes(_ memory: Memory) -> UInt64? {
        let page = Int(Memory.pageSize)
        let pages = (Int(memory.size) + page - 1) / page
        var vector = [UInt8](repeating: 0, count: pages)
        guard mincore(memory.arena, pages * page, &vector) == 0 else { return nil }
        return UInt64(vector.reduce(0) { $0 + Int($1 & 1) }) * UInt64(page)
    }

    /// A JSON string literal (the same escaping as `emu test --json`).
    static func quoted(_ text: String) -> String { TestJSON.string(text) }
}
