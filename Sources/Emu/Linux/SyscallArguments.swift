/// The six argument registers of one system call (a0–a5), with typed views.
struct SyscallArguments {
    let raw: [UInt32]

    subscript(index: Int) -> UInt32 { raw[index] }
    /// Argument `index` as a signed 32-bit value.
    func signed(_ index: Int) -> Int32 { Int32(bitPattern: raw[index]) }
}

/// What a system-call handler produced.
enum SyscallResult {
    /// Return this value in a0 (a negative errno for a failure).
    case value(Int32)
    /// The process ends.
    case exit(ProcessOutcome)

    static func error(_ errno: LinuxErrno) -> SyscallResult { .value(-errno.code) }
    static let success = SyscallResult.value(0)
}
