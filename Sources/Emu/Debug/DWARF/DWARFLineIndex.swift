/// Lookups over a `DWARFLineTable`: the source line of an address, and the addresses
/// where a line starts (what breakpoints on lines and stepping by line need).
public struct DWARFLineIndex: Sendable {
    /// An address range that one row covers: `[start, end)` is line `line` of `file`.
    public struct Span: Sendable, Equatable {
        public var start: UInt32
        public var end: UInt32
        public var file: Int
        public var line: Int
        public var isStatement: Bool
    }

    public let table: DWARFLineTable
    /// Every span of every sequence, sorted by start (empty spans dropped).
    public let spans: [Span]

    public init(_ table: DWARFLineTable) {
        self.table = table
        var spans: [Span] = []
        let rows = table.rows
        for index in rows.indices where !rows[index].endSequence && index + 1 < rows.count {
            let row = rows[index], next = rows[index + 1]
            guard next.address > row.address else { continue }
            spans.append(Span(start: row.address, end: next.address, file: row.file, line: row.line, isStatement: row.isStatement))
        }
        // Sequences are sorted here, not trusted to come in address order; a stable sort
        // keeps the program's own order among equal starts.
        self.spans = spans.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
    }

    /// The span holding `address`, if any.
    public func span(containing address: UInt32) -> Span? {
        var low = 0, high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].start <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0, address < spans[low - 1].end else { return nil }
        return spans[low - 1]
    }

    /// The file and line of `address`.
    public func location(of address: UInt32) -> (file: DWARFLineTable.File, fileIndex: Int, line: Int)? {
        guard let span = span(containing: address), span.file >= 0, span.file < table.files.count else { return nil }
        return (table.files[span.file], span.file, span.line)
    }

    /// Whether `address` begins a statement row of its line (where gdb stops when
    /// stepping by line: the first instruction of a line, not one in its middle).
    public func isStatementStart(_ address: UInt32) -> Bool {
        // Binary search for the first span starting at or after `address` (a stepping
        // command asks this after every instruction).
        var low = 0, high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].start < address { low = middle + 1 } else { high = middle }
        }
        while low < spans.count, spans[low].start == address {
            if spans[low].isStatement { return true }
            low += 1
        }
        return false
    }

    /// The statement addresses of `line` in files whose path ends with `fileSuffix` (or
    /// any file, when nil): for each sequence, the lowest address, as gdb's `break FILE:LINE`
    /// picks them.
    public func addresses(line: Int, fileSuffix: String? = nil) -> [UInt32] {
        let matching = spans.filter { span in
            guard span.line == line, span.isStatement, span.file >= 0, span.file < table.files.count else { return false }
            guard let fileSuffix else { return true }
            let file = table.files[span.file]
            return file.name == fileSuffix || file.path.hasSuffix("/" + fileSuffix) || file.path == fileSuffix
        }
        return matching.map(\.start)
    }
}
