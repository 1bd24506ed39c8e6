/// Why a file cannot be run as an RV32 program.
///
/// Every malformed or unsupported input becomes one of these cases, never a trap. The
/// ``description`` is one sentence meant to follow the file name (the CLI prints
/// `prog.elf: <description>`), and it says what the file is or what to do about it.
public enum ELFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is shorter than the 52-byte ELF32 header (`size` bytes) but starts like an ELF file.
    case truncatedHeader(size: Int)
    /// The file does not start with the ELF magic `\x7fELF`.
    case notELF
    /// The file is a 64-bit ELF (EI_CLASS = ELFCLASS64).
    case elf64
    /// EI_CLASS is neither ELFCLASS32 nor ELFCLASS64.
    case invalidClass(UInt8)
    /// The file is big-endian (EI_DATA = ELFDATA2MSB); RISC-V is little-endian.
    case bigEndian
    /// EI_DATA is neither little- nor big-endian.
    case invalidDataEncoding(UInt8)
    /// EI_VERSION or e_version is not EV_CURRENT (1).
    case unsupportedVersion(UInt32)
    /// e_type is ET_DYN: a dynamically linked or position-independent (PIE) executable.
    case positionIndependent
    /// e_type is neither ET_EXEC nor ET_DYN (for example ET_REL, an object file, or ET_CORE).
    case notExecutable(type: UInt16)
    /// e_machine is not EM_RISCV (243).
    case wrongMachine(UInt16)
    /// e_phentsize is not 32, the size of an ELF32 program header.
    case invalidProgramHeaderSize(UInt16)
    /// e_shentsize is not 40, the size of an ELF32 section header.
    case invalidSectionHeaderSize(UInt16)
    /// e_phnum is larger than ``ELFFile/maxProgramHeaders``.
    case tooManyProgramHeaders(count: Int, limit: Int)
    /// The program header table extends past the end of the file.
    case truncatedProgramHeaders
    /// The section header table extends past the end of the file.
    case truncatedSectionHeaders
    /// Program header `index` (a PT_LOAD) names file bytes past the end of the file.
    case truncatedSegment(index: Int)
    /// The file has a PT_INTERP program header: it asks for a dynamic linker.
    case hasInterpreter
    /// Program header `index` (a PT_LOAD) has p_filesz > p_memsz.
    case fileSizeExceedsMemorySize(index: Int, fileSize: UInt32, memorySize: UInt32)
    /// Program header `index` (a PT_LOAD) ends beyond 2^32: p_vaddr + p_memsz overflows.
    case segmentOutsideAddressSpace(index: Int, address: UInt32, memorySize: UInt32)
    /// The PT_LOAD program headers `first` and `second` claim overlapping address ranges.
    case overlappingSegments(first: Int, second: Int)
    /// The PT_LOAD segments together need `total` bytes, more than the allowed `limit`.
    case tooMuchMemory(total: UInt64, limit: UInt64)
    /// The file has no PT_LOAD program header: nothing to load.
    case noLoadableSegments
    /// e_entry does not lie inside an executable PT_LOAD segment.
    case entryNotExecutable(entry: UInt32)
    /// The symbol table (or its string table) is inconsistent; `reason` says how.
    case malformedSymbolTable(reason: String)

    /// A one-sentence explanation, meant to follow the file name.
    public var description: String {
        switch self {
        case .truncatedHeader(let size):
            return "truncated ELF file: \(size) bytes, shorter than the 52-byte ELF32 header"
        case .notELF:
            return "not an ELF file (no \\x7fELF magic at the start)"
        case .elf64:
            return "ELF64 – emu runs RV32 programs; rebuild for rv32 (for example -march=rv32imac -mabi=ilp32)"
        case .invalidClass(let value):
            return "invalid ELF class \(value) (expected 1, ELFCLASS32)"
        case .bigEndian:
            return "big-endian ELF file – RISC-V programs are little-endian"
        case .invalidDataEncoding(let value):
            return "invalid ELF data encoding \(value) (expected 1, little-endian)"
        case .unsupportedVersion(let value):
            return "unsupported ELF version \(value) (expected 1, EV_CURRENT)"
        case .positionIndependent:
            return "dynamically linked or position-independent (PIE) executable, which is not supported; "
                + "link with -static -no-pie"
        case .notExecutable(let type):
            return "not an executable (ELF type \(type)\(ELFError.typeName(type))); link it into a static executable"
        case .wrongMachine(let machine):
            return "built for machine \(machine)\(ELFError.machineName(machine)), not RISC-V (243)"
        case .invalidProgramHeaderSize(let size):
            return "malformed ELF: program header entry size is \(size), expected 32"
        case .invalidSectionHeaderSize(let size):
            return "malformed ELF: section header entry size is \(size), expected 40"
        case .tooManyProgramHeaders(let count, let limit):
            return "malformed ELF: \(count) program headers, more than the limit of \(limit)"
        case .truncatedProgramHeaders:
            return "truncated ELF file: the program header table extends past the end of the file"
        case .truncatedSectionHeaders:
            return "truncated ELF file: the section header table extends past the end of the file"
        case .truncatedSegment(let index):
            return "truncated ELF file: the data of segment \(index) extends past the end of the file"
        case .hasInterpreter:
            return "dynamically linked (has an interpreter); link with -static"
        case .fileSizeExceedsMemorySize(let index, let fileSize, let memorySize):
            return "malformed ELF: segment \(index) has file size \(ELFError.hex(fileSize)) "
                + "larger than its memory size \(ELFError.hex(memorySize))"
        case .segmentOutsideAddressSpace(let index, let address, let memorySize):
            return "malformed ELF: segment \(index) at \(ELFError.hex(address)) with size \(ELFError.hex(memorySize)) "
                + "extends beyond the 32-bit address space"
        case .overlappingSegments(let first, let second):
            return "malformed ELF: loadable segments \(first) and \(second) overlap"
        case .tooMuchMemory(let total, let limit):
            return "the program's segments need \(total) bytes, more than the memory limit of \(limit) bytes"
        case .noLoadableSegments:
            return "malformed ELF: no loadable (PT_LOAD) segment"
        case .entryNotExecutable(let entry):
            return "malformed ELF: entry point \(ELFError.hex(entry)) is not inside an executable segment"
        case .malformedSymbolTable(let reason):
            return "malformed symbol table: \(reason)"
        }
    }

    /// A parenthesised name for the common e_machine values, so the message says what the file is.
    static func machineName(_ machine: UInt16) -> String {
        switch machine {
        case 3: return " (x86)"
        case 8: return " (MIPS)"
        case 20: return " (PowerPC)"
        case 21: return " (PowerPC64)"
        case 22: return " (S/390)"
        case 40: return " (ARM)"
        case 62: return " (x86-64)"
        case 183: return " (AArch64)"
        case 258: return " (LoongArch)"
        default: return ""
        }
    }

    /// `0x`-prefixed lowercase hexadecimal, as readelf prints addresses.
    private static func hex(_ value: UInt32) -> String {
        "0x" + String(value, radix: 16)
    }

    /// A parenthesised name for the standard e_type values.
    static func typeName(_ type: UInt16) -> String {
        switch type {
        case 0: return ", ET_NONE"
        case 1: return ", ET_REL: an object file"
        case 4: return ", ET_CORE: a core dump"
        default: return ""
        }
    }
}
