/// How a bare-metal test binary ended.
public enum BareMetalOutcome: Sendable, Equatable, CustomStringConvertible {
    /// It wrote 1 to `tohost`.
    case passed
    /// It wrote an odd value other than 1 to `tohost`: test number `value >> 1` failed.
    case failed(testNumber: UInt32)
    /// It wrote an even, non-zero value to `tohost`: an HTIF device command emu does not
    /// implement (the riscv-tests "p" environment never sends one). Counts as a failure.
    case unsupportedCommand(value: UInt32)
    /// It did not write `tohost` within the instruction budget. Counts as a failure.
    case budgetExhausted
    /// It did not write `tohost` within the wall-clock time limit. Counts as a failure.
    case timedOut

    /// Whether the test passed.
    public var passed: Bool { self == .passed }

    public var description: String {
        switch self {
        case .passed: return "passed"
        case .failed(let number): return "failed test \(number)"
        case .unsupportedCommand(let value):
            return "wrote unsupported HTIF command 0x\(String(value, radix: 16)) to tohost"
        case .budgetExhausted: return "did not write tohost within the instruction budget"
        case .timedOut: return "did not write tohost within the time limit"
        }
    }
}
