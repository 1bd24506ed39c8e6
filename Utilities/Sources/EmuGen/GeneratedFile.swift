/// A file the generator writes, with the header that marks it generated.
struct GeneratedFile {
    /// Path relative to `Sources/Emu/Interpreter/Generated`.
    var name: String
    var body: String

    var contents: String {
        """
        // GENERATED — DO NOT EDIT. Made by `scripts/generate-handlers` from the instruction table
        // (Utilities/Sources/EmuGen/InstructionTable.swift); CI fails when this file differs from
        // what the table gives. Change the table or the generator, then run the script.

        \(body)
        """
    }
}

/// Builds Swift source text line by line, with indentation.
struct SourceWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ content: String = "") {
        text += content.isEmpty ? "\n" : String(repeating: "    ", count: depth) + content + "\n"
    }

    /// A `switch`, its cases at the switch's own indentation (Swift's convention).
    mutating func switchBlock(_ subject: String, _ body: (inout SourceWriter) -> Void) {
        line("switch \(subject) {")
        body(&self)
        line("}")
    }

    mutating func block(_ opening: String, _ body: (inout SourceWriter) -> Void) {
        line(opening + " {")
        depth += 1
        body(&self)
        depth -= 1
        line("}")
    }
}

extension String {
    /// `Addi` from `addi`.
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
