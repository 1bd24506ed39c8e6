/// Sorted views of a symbol table that answer "which symbol is at this address?" and
/// "where is this name?" quickly (binary search and a dictionary instead of scans).
struct ELFSymbolIndex: Sendable {
    /// Symbols with a size, as (symbol index), sorted by address then by preference.
    let sized: [Int]
    /// The values of `sized`, for the binary search.
    let sizedValues: [UInt32]
    /// `sizedMaxEnd[k]` is the largest end (value + size) among `sized[0...k]`, which lets a
    /// backward walk stop as soon as no earlier symbol can reach the address.
    let sizedMaxEnd: [UInt64]
    /// Function and untyped symbols (labels), sorted by address then by preference.
    let labels: [Int]
    /// The values of `labels`, for the binary search.
    let labelValues: [UInt32]
    /// The preferred defined symbol for each name.
    let byName: [String: Int]

    init(_ symbols: [ELFFile.Symbol]) {
        // Candidates for symbolizing an address: named places in a section. Absolute values
        // (like __bss_size) are numbers, not places; `$x`/`$d` are RISC-V mapping symbols
        // that objdump hides too.
        let places = symbols.indices.filter { index in
            let symbol = symbols[index]
            guard symbol.isDefined, !symbol.name.isEmpty, !symbol.name.hasPrefix("$"),
                symbol.sectionIndex < ELFConstants.sectionIndexReservedLow
            else { return false }
            switch symbol.kind {
            case .function, .object, .notype: return true
            default: return false
            }
        }
        // Ties at one address: the most preferred sorts last, so that "the last symbol at or
        // below the address" picks it.
        func ordered(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (symbols[a], symbols[b])
            if x.value != y.value { return x.value < y.value }
            if let preferred = ELFSymbolIndex.objdumpPrefers(y, over: x) { return preferred }
            return a > b  // same in every respect: earlier in the file wins, so it sorts later
        }
        sized = places.filter { symbols[$0].size > 0 }.sorted(by: ordered)
        sizedValues = sized.map { symbols[$0].value }
        var runningMax: UInt64 = 0
        sizedMaxEnd = sized.map { index in
            runningMax = max(runningMax, UInt64(symbols[index].value) + UInt64(symbols[index].size))
            return runningMax
        }
        labels = places.filter {
            symbols[$0].kind == .function || symbols[$0].kind == .notype
        }.sorted(by: ordered)
        labelValues = labels.map { symbols[$0].value }

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

    /// Global beats weak beats local, so that a name resolves as the linker resolved it.
    static func bindingRank(_ binding: ELFFile.Symbol.Binding) -> Int {
        switch binding {
        case .global: 3
        case .weak: 2
        case .local: 1
        case .other: 0
        }
    }

    /// Whether `x` names an address better than `y` when both start there, or nil when they
    /// tie. This is the order GNU objdump sorts symbols in before it picks the first one at an
    /// address, so that `<name+off>` text matches objdump's: functions, then objects; non-local,
    /// then global rather than weak; the larger size; a name without a leading `.`; and
    /// finally the name that sorts first byte by byte.
    static func objdumpPrefers(_ x: ELFFile.Symbol, over y: ELFFile.Symbol) -> Bool? {
        if (x.kind == .function) != (y.kind == .function) { return x.kind == .function }
        if (x.kind == .object) != (y.kind == .object) { return x.kind == .object }
        if (x.binding == .local) != (y.binding == .local) { return y.binding == .local }
        if (x.binding == .global) != (y.binding == .global) { return x.binding == .global }
        if x.size != y.size { return x.size > y.size }
        if x.name.hasPrefix(".") != y.name.hasPrefix(".") { return y.name.hasPrefix(".") }
        if x.name != y.name { return x.name.utf8.lexicographicallyPrecedes(y.name.utf8) }
        return nil
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
