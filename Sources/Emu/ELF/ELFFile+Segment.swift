extension ELFFile {
    /// A loadable (PT_LOAD) segment, validated: its file bytes are inside the file,
    /// `fileBytes.count <= memsz`, and `vaddr + memsz <= 2^32`.
    ///
    /// A loader copies ``fileBytes`` to ``vaddr`` and zero-fills the rest up to ``memsz``.
    public struct Segment: Equatable, Sendable {
        /// Where the segment starts in the guest's address space (p_vaddr).
        public var vaddr: UInt32
        /// How many bytes it occupies in memory (p_memsz), at least `fileBytes.count`.
        public var memsz: UInt32
        /// The p_filesz bytes from the file, starting at index 0.
        public var fileBytes: [UInt8]
        /// The access the segment asks for (p_flags).
        public var permissions: Permissions
        /// The index of the program header this segment came from.
        public var programHeaderIndex: Int

        /// Creates a segment (the parser validates its fields; this initializer does not).
        public init(vaddr: UInt32, memsz: UInt32, fileBytes: [UInt8], permissions: Permissions, programHeaderIndex: Int)
        {
            self.vaddr = vaddr
            self.memsz = memsz
            self.fileBytes = fileBytes
            self.permissions = permissions
            self.programHeaderIndex = programHeaderIndex
        }

        /// Whether the segment may be read (PF_R).
        public var readable: Bool { permissions.contains(.read) }
        /// Whether the segment may be written (PF_W).
        public var writable: Bool { permissions.contains(.write) }
        /// Whether the segment may be executed (PF_X).
        public var executable: Bool { permissions.contains(.execute) }

        /// One past the last byte, as a 64-bit number because it can be exactly 2^32.
        public var end: UInt64 { UInt64(vaddr) + UInt64(memsz) }

        /// Whether `address` lies inside `vaddr ..< vaddr + memsz`.
        public func contains(_ address: UInt32) -> Bool {
            address >= vaddr && UInt64(address) < end
        }
    }
}
