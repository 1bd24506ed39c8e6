/// Why a program could not be made into a running machine.
public enum LoadError: Error, Equatable, CustomStringConvertible {
    /// The ELF file itself is malformed or unsupported.
    case elf(ELFError)
    /// The image, stack and arguments do not fit in the guest memory limit.
    case doesNotFit(needed: UInt64, limit: UInt64)
    /// The host refused memory for the guest.
    case hostMemory(errno: Int32)
    /// The arguments and environment exceed the space Linux would give them.
    case argumentsTooLong

    public var description: String {
        switch self {
        case .elf(let error): return error.description
        case .doesNotFit(let needed, let limit):
            return "the program needs \(needed) bytes of address space but the memory limit is \(limit) (raise --memory)"
        case .hostMemory(let code): return "the host refused guest memory (errno \(code))"
        case .argumentsTooLong: return "arguments and environment are too long (limit 128 KiB)"
        }
    }
}
