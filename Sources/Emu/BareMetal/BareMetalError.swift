/// Why a binary cannot run bare-metal.
public enum BareMetalError: Error, Equatable, CustomStringConvertible {
    /// The ELF has no `tohost` symbol, so emu cannot tell when the test ends.
    case noTohost
    /// Loading the image failed.
    case load(LoadError)

    public var description: String {
        switch self {
        case .noTohost: return "no 'tohost' symbol: not a bare-metal test binary (use the riscv-tests HTIF convention)"
        case .load(let error): return error.description
        }
    }
}
