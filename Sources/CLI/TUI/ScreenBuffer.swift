/// A terminal screen as values: rows of cells, each a character and a style. The TUI's
/// renderer fills one of these from the debugger's state (a pure function, tested against
/// golden screens); only `Terminal` turns it into escape sequences.
struct ScreenBuffer: Equatable {
    /// How a cell is drawn.
    enum Style: UInt8, Equatable {
        case normal, title, current, changed, breakpoint, dim, status
    }

    struct Cell: Equatable {
        var character: Character = " "
        var style: Style = .normal
    }

    let rows: Int
    let columns: Int
    private(set) var cells: [Cell]
    /// Where the terminal cursor should rest (row, column).
    var cursor = (row: 0, column: 0)

    init(rows: Int, columns: Int) {
        self.rows = max(rows, 1)
        self.columns = max(columns, 1)
        cells = Array(repeating: Cell(), count: self.rows * self.columns)
    }

    static func == (lhs: ScreenBuffer, rhs: ScreenBuffer) -> Bool {
        lhs.rows == rhs.rows && lhs.columns == rhs.columns && lhs.cells == rhs.cells
    }

    subscript(row: Int, column: Int) -> Cell {
        get { cells[row * columns + column] }
        set { cells[row * columns + column] = newValue }
    }

    /// Writes `text` at (row, column), clipped to the screen and to `width` columns.
    mutating func put(_ text: String, row: Int, column: Int, width: Int? = nil, style: Style = .normal) {
        guard row >= 0, row < rows else { return }
        let limit = min(columns, column + (width ?? columns))
        var position = column
        for character in text {
            guard position < limit else { break }
            // Control characters would move the real cursor: show them as '.'.
            let shown: Character = character.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true ? "." : character
            if position >= 0 { self[row, position] = Cell(character: shown, style: style) }
            position += 1
        }
    }

    /// Fills `width` cells of a row with a style (and spaces).
    mutating func fill(row: Int, column: Int, width: Int, style: Style) {
        guard row >= 0, row < rows else { return }
        for position in max(column, 0)..<min(columns, column + width) {
            self[row, position] = Cell(character: " ", style: style)
        }
    }

    /// Sets the style of existing cells.
    mutating func restyle(row: Int, column: Int, width: Int, style: Style) {
        guard row >= 0, row < rows else { return }
        for position in max(column, 0)..<min(columns, column + width) { self[row, position].style = style }
    }

    /// The screen as plain text, one line per row, trailing spaces removed.
    var text: String {
        (0..<rows).map { row in
            var line = String((0..<columns).map { self[row, $0].character })
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
