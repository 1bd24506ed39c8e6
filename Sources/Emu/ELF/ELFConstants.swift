/// The numbers of the ELF32 format that the parser and the writer share, named as the
/// System V ABI (and its RISC-V supplement) names them.
enum ELFConstants {
    // MARK: - e_ident
    static let magic: [UInt8] = [0x7F, 0x45, 0x4C, 0x46]  // "\x7fELF"
    static let classOffset = 4  // EI_CLASS
    static let dataOffset = 5  // EI_DATA
    static let versionOffset = 6  // EI_VERSION
    static let class32: UInt8 = 1  // ELFCLASS32
    static let class64: UInt8 = 2  // ELFCLASS64
    static let dataLittleEndian: UInt8 = 1  // ELFDATA2LSB
    static let dataBigEndian: UInt8 = 2  // ELFDATA2MSB
    static let versionCurrent: UInt8 = 1  // EV_CURRENT

    // MARK: - Header
    static let headerSize = 52  // sizeof(Elf32_Ehdr)
    static let programHeaderSize = 32  // sizeof(Elf32_Phdr)
    static let sectionHeaderSize = 40  // sizeof(Elf32_Shdr)
    static let symbolSize = 16  // sizeof(Elf32_Sym)
    static let typeExecutable: UInt16 = 2  // ET_EXEC
    static let typeShared: UInt16 = 3  // ET_DYN
    static let machineRISCV: UInt16 = 243  // EM_RISCV

    // MARK: - Sections
    static let sectionSymbolTable: UInt32 = 2  // SHT_SYMTAB
    static let sectionStringTable: UInt32 = 3  // SHT_STRTAB
    static let sectionProgBits: UInt32 = 1  // SHT_PROGBITS
    static let sectionNoBits: UInt32 = 8  // SHT_NOBITS
    static let sectionFlagWrite: UInt32 = 0x1  // SHF_WRITE
    static let sectionFlagAlloc: UInt32 = 0x2  // SHF_ALLOC
    static let sectionFlagExec: UInt32 = 0x4  // SHF_EXECINSTR
    static let sectionIndexUndefined: UInt16 = 0  // SHN_UNDEF
    static let sectionIndexReservedLow: UInt16 = 0xFF00  // SHN_LORESERVE
    static let sectionIndexAbsolute: UInt16 = 0xFFF1  // SHN_ABS
    static let sectionIndexCommon: UInt16 = 0xFFF2  // SHN_COMMON

    /// Page size used to lay out segments: file offset and address must agree modulo this,
    /// or the kernel (and qemu-user) cannot mmap the segment.
    static let pageSize: UInt32 = 0x1000
}
