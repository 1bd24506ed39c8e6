/// A subcommand's whole interface: what it is, how it is called, its arguments and its
/// declared options. Its `--help` text and its parser are both made from this one value.
struct CommandInterface: Sendable {
    /// The subcommand's name (`run`).
    let name: String
    /// One paragraph saying what it does.
    let overview: String
    /// The usage line after `USAGE: ` (`emu run [options] <program> [<args> ...]`).
    let usage: String
    /// Text between the usage line and the arguments, if any.
    var discussion: String = ""
    /// Positional arguments: placeholder and help.
    var arguments: [(name: String, help: String)] = []
    /// The declared options, in help order.
    let options: [OptionDeclaration]
    /// Sections after OPTIONS (`EXIT STATUS`, `COMMANDS`, ...): title and preformatted body.
    var sections: [(title: String, body: String)] = []

    var parser: OptionParser { OptionParser(options: options) }

    /// The pointer that follows every command-line error, as docker's "See 'docker run --help'.".
    var seeHelp: String { "See 'emu \(name) --help'." }

    /// Parses `arguments`, or prints the one-line error and the pointer to the help.
    func parse(_ arguments: [String]) -> OptionParser.Parsed? {
        do {
            return try parser.parse(arguments)
        } catch {
            fail(error.message)
            return nil
        }
    }

    /// What a command does with its arguments before anything else: the options to act on,
    /// or the status to exit with at once (after a parse error, or after printing `--help`).
    enum Start {
        case run(OptionParser.Parsed)
        case exit(Int32)
    }

    /// Parses `arguments`; answers `--help` by printing the help (exit 0), a bad command
    /// line by printing the error (exit 125).
    func start(_ arguments: [String]) -> Start {
        guard let parsed = parse(arguments) else { return .exit(ExitStatus.usage) }
        if parsed.flag("--help") {
            Console.output(help)
            return .exit(0)
        }
        return .run(parsed)
    }

    /// Prints `Error: <message>` and "See 'emu NAME --help'." on stderr.
    func fail(_ message: String) {
        Console.error("Error: \(message)\n\(seeHelp)\n")
    }

    /// The `--help` text, laid out as swift-argument-parser lays it out.
    var help: String {
        var text = "OVERVIEW: " + HelpText.wrap(overview, width: HelpText.width - 10, indent: 0) + "\n\n"
        text += "USAGE: \(usage)\n\n"
        if !discussion.isEmpty { text += HelpText.wrap(discussion, width: HelpText.width, indent: 0) + "\n\n" }
        if !arguments.isEmpty {
            text += "ARGUMENTS:\n"
            for argument in arguments { text += HelpText.entry(argument.name, argument.help) }
            text += "\n"
        }
        text += "OPTIONS:\n"
        for option in options where !option.hidden {
            var label = option.names.joined(separator: ", ")
            if let value = option.value { label += option.valueIsOptional ? "[=\(value)]" : " " + value }
            text += HelpText.entry(label, option.help)
        }
        for (title, body) in sections {
            text += "\n\(title):\n" + body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
                .joined(separator: "\n") + "\n"
        }
        return text + "\n"
    }
}

/// Laying out help text: two-column entries and word wrapping, without Foundation.
enum HelpText {
    /// The width help text is wrapped to.
    static let width = 88
    /// The column where an entry's help starts.
    static let column = 26

    /// `  label                   help…`, the help wrapped at ``column``; a label too long
    /// for the column gets a line of its own.
    static func entry(_ label: String, _ help: String) -> String {
        let wrapped = wrap(help, width: width - column, indent: column)
        let head = "  " + label
        if head.count + 2 <= column {
            return head + String(repeating: " ", count: column - head.count) + wrapped + "\n"
        }
        return head + "\n" + String(repeating: " ", count: column) + wrapped + "\n"
    }

    /// Words of `text` on lines of at most `width` characters, lines after the first
    /// indented by `indent` spaces. A blank line in `text` starts a new paragraph.
    static func wrap(_ text: String, width: Int, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty && line.count + 1 + word.count > width {
                    lines.append(line)
                    line = ""
                }
                line += (line.isEmpty ? "" : " ") + word
            }
            lines.append(line)
        }
        return lines.enumerated().map { $0.offset == 0 || $0.element.isEmpty ? $0.element : pad + $0.element }
            .joined(separator: "\n")
    }
}
