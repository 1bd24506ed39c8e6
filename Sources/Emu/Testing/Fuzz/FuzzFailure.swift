/// An invariant a fuzz harness found broken. Harnesses return these instead of trapping,
/// so the replay tests can report them as test failures; the libFuzzer targets turn the
/// first one into a crash so that libFuzzer saves the input.
public struct FuzzFailure: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong, with the values involved.
    public let description: String

    /// Creates a failure.
    public init(_ description: String) { self.description = description }
}
