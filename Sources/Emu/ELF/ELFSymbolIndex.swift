/// Sorted views of a symbol table that answer "which symbol is at this address?" and
/// "where is this name?" quickly (binary search and a dictionary instead of scans).
struct ELFSymbolIndex: Sendable {
    /// Symbols that can name an address (see `init`), as indices into the symbol array,
    /// sorted by value and, at one value, from least to most preferred.
    let labels: [Int]
    /// The values of `labels`, for the binary search.
    let labelValues: [UInt32]
    /// Functions and objects with a size, as indices, sorted like `labels`.
    let sized: [Int]
    /// The values of `sized`, for the binary search.
    let sizedValues: [UInt32]
    /// `sizedMaxEnd[k]` is the largest end (value + size) among `sized[0...k]`, which lets a
    /// backward walk stop as soon as no earlier symbol can reach the address.
    let sizedMaxEnd: [UInt64]
    /// The preferred defined symbol for each name.
    let byName: [String: Int]

    init(_ symbols: [ELFFile.Symbol]) {
        // The symbols objdump keeps for `<name+off>`: defined, not common, not a section or
        // source-file symbol, and not a RISC-V mapping symbol (`$x`, `$d`, `$xrv32i2p1...`),
        // which mark where code and data start rather than naming anything.
        labels = symbols.indices.filter { index in
            let symbol = symbols[index]
            guard symbol.isDefined, !symbol.name.isEmpty, !symbol.name.hasPrefix("$"),
                symbol.sectionIndex != ELFConstants.sectionIndexCommon
            else { return false }
            return symbol.kind != .section && symbol.kind != .file
        }.sorted { ELFSymbolIndex.sortsBefore($0, $1, in: symbols) }
        labelValues = labels.map { symbols[$0].value }

        // Places with an extent: functions and objects in a section (absolute and
        // thread-local values are numbers or offsets, not places).
        sized = labels.filter { index in
            let symbol = symbols[index]
            return symbol.size > 0 && (symbol.kind == .function || symbol.kind == .object) && !symbol.isAbsolute
        }
        sizedValues = sized.map { symbols[$0].value }
        var runningMax: UInt64 = 0
        sizedMaxEnd = sized.map { index in
            runningMax = max(runningMax, UInt64(symbols[index].value) + UInt64(symbols[index].size))
            return runningMax
        }

        var names: [String: Int] = [:]
        // Source-file and section symbols name no place a caller would look up.
        for (index, symbol) in symbols.enumerated()
        where symbol.isDefined && !symbol.name.isEmpty && symbol.kind != .file && symbol.kind != .section {
            if let existing = names[symbol.name],
                ELFSymbolIndex.bindingRank(symbols[existing].binding) >= ELFSymbolIndex.bindingRank(symbol.binding)
            {
                continue
            }
            names[symbol.name] = index
        }
        byName = names
    }

    /// Address order; at one address the most preferred sorts last, so that "the last symbol
    /// at or below the address" is the one to use.
    private static func sortsBefore(_ a: Int, _ b: Int, in symbols: [ELFFile.Symbol]) -> Bool {
        let (x, y) = (symbols[a], symbols[b])
        if x.value != y.value { return x.value < y.value }
        if let preferred = objdumpPrefers(y, over: x) { return preferred }
        return a > b  // the same in every respect: the earlier in the file wins, so it sorts later
    }

    /// Global beats weak beats local, so that a name resolves as the linker resolved it.
    static func bindingRank(_ binding: ELFFile.Symbol.Binding) -> Int {
        switch binding {
        case .global: 3
        case .weak: 2
        case .local: 1
        case .other: 0
        }
    }

    /// Whether `x` names an address better than `y` when both have the same value, or nil
    /// when they tie. This is the order GNU objdump sorts symbols in before it takes the
    /// first one at an address, so that `<name+off>` text matches objdump's: names that look
    /// like object or archive files (`crt0.o`) last; functions, then objects; non-local,
    /// then global rather than weak; the larger size; a name without a leading `.`; and
    /// finally the name that sorts first byte by byte.
    static func objdumpPrefers(_ x: ELFFile.Symbol, over y: ELFFile.Symbol) -> Bool? {
        let (xFile, yFile) = (looksLikeFileName(x.name), looksLikeFileName(y.name))
        if xFile != yFile { return yFile }
        if (x.kind == .function) != (y.kind == .function) { return x.kind == .function }
        if (x.kind == .object) != (y.kind == .object) { return x.kind == .object }
        if (x.binding == .local) != (y.binding == .local) { return y.binding == .local }
        if (x.binding == .global) != (y.binding == .global) { return x.binding == .global }
        if x.size != y.size { return x.size > y.size }
        if x.name.hasPrefix(".") != y.name.hasPrefix(".") { return y.name.hasPrefix(".") }
        if x.name != y.name { return x.name.utf8.lexicographicallyPrecedes(y.name.utf8) }
        return nil
    }

    /// objdump's heuristic for a symbol that names an object or archive file: `x.o`, `x.a`.
    private static func looksLikeFileName(_ name: String) -> Bool {
        let bytes = Array(name.utf8.suffix(2))
        return name.utf8.count > 2 && bytes[0] == UInt8(ascii: ".")
            && (bytes[1] == UInt8(ascii: "o") || bytes[1] == UInt8(ascii: "a"))
    }

    /// The number of elements of the sorted `values` that are `<= address`.
    static func countNotAbove(_ address: UInt32, in values: [UInt32]) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = low + (high - low) / 2
            if values[middle] <= address {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
