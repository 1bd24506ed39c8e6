extension ELFFile {
    /// One entry of the program header table (Elf32_Phdr), exactly as stored in the file.
    public struct ProgramHeader: Equatable, Sendable {
        /// p_type: what the entry describes.
        public var type: Kind
        /// p_offset: where the segment's bytes start in the file.
        public var offset: UInt32
        /// p_vaddr: where the segment starts in the guest's address space.
        public var vaddr: UInt32
        /// p_paddr: the physical (load) address; unused by a user-mode loader.
        public var paddr: UInt32
        /// p_filesz: how many bytes come from the file.
        public var filesz: UInt32
        /// p_memsz: how many bytes the segment occupies in memory (the rest is zero-filled).
        public var memsz: UInt32
        /// p_flags: the access the segment asks for.
        public var flags: Permissions
        /// p_align: the alignment of offset and vaddr.
        public var align: UInt32

        /// Creates a program header from its fields.
        public init(
            type: Kind, offset: UInt32, vaddr: UInt32, paddr: UInt32, filesz: UInt32, memsz: UInt32,
            flags: Permissions, align: UInt32
        ) {
            self.type = type
            self.offset = offset
            self.vaddr = vaddr
            self.paddr = paddr
            self.filesz = filesz
            self.memsz = memsz
            self.flags = flags
            self.align = align
        }

        /// A p_type value. A struct, not an enum, because any 32-bit value may appear in a
        /// file and the parser must keep the ones it does not know.
        public struct Kind: RawRepresentable, Hashable, Sendable {
            /// The raw p_type value.
            public var rawValue: UInt32
            /// Creates a type from its raw value.
            public init(rawValue: UInt32) { self.rawValue = rawValue }

            /// PT_NULL: an unused entry.
            public static let null = Kind(rawValue: 0)
            /// PT_LOAD: a segment to map into memory.
            public static let load = Kind(rawValue: 1)
            /// PT_DYNAMIC: dynamic linking information.
            public static let dynamic = Kind(rawValue: 2)
            /// PT_INTERP: the path of the dynamic linker.
            public static let interp = Kind(rawValue: 3)
            /// PT_NOTE: auxiliary notes.
            public static let note = Kind(rawValue: 4)
            /// PT_PHDR: the program header table itself, as mapped in memory.
            public static let phdr = Kind(rawValue: 6)
            /// PT_TLS: the thread-local storage template.
            public static let tls = Kind(rawValue: 7)
            /// PT_GNU_STACK: the stack's permissions.
            public static let gnuStack = Kind(rawValue: 0x6474_E551)
            /// PT_GNU_RELRO: read-only after relocation.
            public static let gnuRelro = Kind(rawValue: 0x6474_E552)
            /// PT_RISCV_ATTRIBUTES: the .riscv.attributes section.
            public static let riscvAttributes = Kind(rawValue: 0x7000_0003)
        }
    }
}
