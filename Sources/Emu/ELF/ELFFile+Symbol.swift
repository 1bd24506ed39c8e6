extension ELFFile {
    /// One entry of the symbol table (Elf32_Sym), with its name resolved.
    public struct Symbol: Equatable, Sendable {
        /// The symbol's name from the string table (may be empty).
        public var name: String
        /// st_value: for a defined symbol in an executable, its address.
        public var value: UInt32
        /// st_size: how many bytes the function or object spans (0 when unknown).
        public var size: UInt32
        /// The type (low four bits of st_info).
        public var kind: Kind
        /// The binding (high four bits of st_info).
        public var binding: Binding
        /// st_shndx: the section it is defined in; 0 (SHN_UNDEF) when undefined,
        /// 0xfff1 (SHN_ABS) for an absolute value.
        public var sectionIndex: UInt16

        /// Creates a symbol from its fields.
        public init(name: String, value: UInt32, size: UInt32, kind: Kind, binding: Binding, sectionIndex: UInt16) {
            self.name = name
            self.value = value
            self.size = size
            self.kind = kind
            self.binding = binding
            self.sectionIndex = sectionIndex
        }

        /// Whether the symbol is defined in this file (st_shndx is not SHN_UNDEF).
        public var isDefined: Bool { sectionIndex != ELFConstants.sectionIndexUndefined }

        /// Whether the symbol is an absolute value (SHN_ABS) rather than a place in a section.
        public var isAbsolute: Bool { sectionIndex == ELFConstants.sectionIndexAbsolute }

        /// A symbol type (STT_*).
        public enum Kind: Hashable, Sendable {
            /// STT_NOTYPE: a plain label.
            case notype
            /// STT_OBJECT: a variable or other data.
            case object
            /// STT_FUNC: a function.
            case function
            /// STT_SECTION: a section's own symbol.
            case section
            /// STT_FILE: a source file name.
            case file
            /// STT_COMMON: an uninitialised common block.
            case common
            /// STT_TLS: a thread-local variable.
            case tls
            /// Any other value.
            case other(UInt8)

            /// The kind for the four-bit STT_* value.
            public init(rawValue: UInt8) {
                switch rawValue {
                case 0: self = .notype
                case 1: self = .object
                case 2: self = .function
                case 3: self = .section
                case 4: self = .file
                case 5: self = .common
                case 6: self = .tls
                default: self = .other(rawValue)
                }
            }

            /// The four-bit STT_* value.
            public var rawValue: UInt8 {
                switch self {
                case .notype: 0
                case .object: 1
                case .function: 2
                case .section: 3
                case .file: 4
                case .common: 5
                case .tls: 6
                case .other(let value): value
                }
            }
        }

        /// A symbol binding (STB_*).
        public enum Binding: Hashable, Sendable {
            /// STB_LOCAL: visible only in its own object file.
            case local
            /// STB_GLOBAL: visible everywhere.
            case global
            /// STB_WEAK: global, but may be overridden.
            case weak
            /// Any other value.
            case other(UInt8)

            /// The binding for the four-bit STB_* value.
            public init(rawValue: UInt8) {
                switch rawValue {
                case 0: self = .local
                case 1: self = .global
                case 2: self = .weak
                default: self = .other(rawValue)
                }
            }

            /// The four-bit STB_* value.
            public var rawValue: UInt8 {
                switch self {
                case .local: 0
                case .global: 1
                case .weak: 2
                case .other(let value): value
                }
            }
        }
    }
}
