/// riscv-arch-test signatures: the memory between `begin_signature` and `end_signature`.
extension BareMetalRunner {
    /// The signature words, or nil when the binary defines no signature region (or the
    /// region is not inside memory).
    public func signatureWords() -> [UInt32]? {
        guard let begin = elf.symbol(named: "begin_signature")?.value,
            let end = elf.symbol(named: "end_signature")?.value, end >= begin
        else { return nil }
        // Whole words only: a trailing partial word is padded out, as Spike and Sail do.
        let count = (end - begin + 3) / 4
        guard let bytes = machine.memory.read(begin, count: Int(count) * 4) else { return nil }
        return (0..<Int(count)).map { index in
            (0..<4).reduce(UInt32(0)) { word, byte in word | UInt32(bytes[index * 4 + byte]) << (byte * 8) }
        }
    }

    /// The signature as the arch-test framework compares it: one lowercase 8-hex-digit word
    /// per line (Spike's and Sail's format with granularity 4). Empty without a region.
    public func signatureText() -> String {
        (signatureWords() ?? []).map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex + "\n"
        }.joined()
    }
}
