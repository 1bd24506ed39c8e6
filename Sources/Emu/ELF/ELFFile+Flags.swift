extension ELFFile {
    /// The RISC-V meaning of e_flags (RISC-V ELF psABI, "File Header").
    public struct Flags: Equatable, Sendable {
        /// The raw e_flags word.
        public var rawValue: UInt32

        /// Creates flags from the raw e_flags word.
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// How floating-point arguments are passed (EF_RISCV_FLOAT_ABI, bits 1–2).
        public enum FloatABI: UInt32, Equatable, Sendable {
            /// ilp32: no floating-point registers in the calling convention.
            case soft = 0
            /// ilp32f: single-precision values in f-registers.
            case single = 1
            /// ilp32d: double-precision values in f-registers.
            case double = 2
            /// ilp32q: quad-precision values in f-registers.
            case quad = 3
        }

        /// EF_RISCV_RVC (bit 0): the file contains compressed (C extension) instructions.
        public var usesCompressed: Bool { rawValue & 0x1 != 0 }

        /// The float ABI from bits 1–2 (all four values are defined, so this is total).
        public var floatABI: FloatABI { FloatABI(rawValue: (rawValue >> 1) & 0x3) ?? .soft }

        /// EF_RISCV_RVE (bit 3): built for the E base (16 integer registers).
        public var usesRVE: Bool { rawValue & 0x8 != 0 }

        /// EF_RISCV_TSO (bit 4): requires the RVTSO memory model.
        public var requiresTSO: Bool { rawValue & 0x10 != 0 }
    }
}
