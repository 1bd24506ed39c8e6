import Emu

/// One option a subcommand accepts, declared once: its names, the placeholder of its value
/// (nil for a flag) and its help text. Parsing and `--help` are both derived from the same
/// list of declarations, so an option cannot be accepted without being documented.
struct OptionDeclaration: Sendable {
    /// Every spelling, short ones first (`-e`, `--env`).
    let names: [String]
    /// What the value is called in the help (`NAME=VALUE`); nil for a flag.
    let value: String?
    /// The help text: one paragraph, wrapped by ``HelpText``.
    let help: String
    /// Accepted but left out of the help (kept for scripts, or developer-only).
    var hidden = false
    /// A flag that also accepts `--name=VALUE` (`--isolate=required`).
    var valueIsOptional = false

    init(_ names: [String], value: String? = nil, help: String, hidden: Bool = false, valueIsOptional: Bool = false) {
        self.names = names
        self.value = value
        self.help = help
        self.hidden = hidden
        self.valueIsOptional = valueIsOptional
    }

    var takesValue: Bool { value != nil && !valueIsOptional }

    /// The name values are stored under: the long name when there is one.
    var key: String { names.first(where: { $0.hasPrefix("--") }) ?? names[0] }
}

/// A small command-line parser in the shape swift-argument-parser users know: options
/// first (`--name value`, `--name=value`, `-x value`), then the program and its arguments,
/// which are passed through untouched (so the guest's own `--flags` reach the guest).
struct OptionParser: Sendable {
    let options: [OptionDeclaration]

    /// The parsed command line.
    struct Parsed {
        /// Values by the option's ``OptionDeclaration/key``; flags map to `[""]`. Repeats accumulate.
        var values: [String: [String]] = [:]
        /// The first non-option argument and everything after it.
        var positional: [String] = []
        /// The declarations, so that any spelling of an option finds its values.
        var options: [OptionDeclaration] = []

        private func key(_ name: String) -> String {
            options.first(where: { $0.names.contains(name) })?.key ?? name
        }
        func flag(_ name: String) -> Bool { values[key(name)] != nil }
        func last(_ name: String) -> String? { values[key(name)]?.last }
        func all(_ name: String) -> [String] { values[key(name)] ?? [] }
    }

    /// A command-line error: one line, printed as `Error: <message>` and followed by a
    /// pointer to the subcommand's help (as docker prints "See 'docker run --help'.").
    struct Failure: Error { let message: String }

    func parse(_ arguments: [String]) throws(Failure) -> Parsed {
        var parsed = Parsed(options: options)
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                parsed.positional = Array(arguments[(index + 1)...])
                return parsed
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                parsed.positional = Array(arguments[index...])
                return parsed
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = options.first(where: { $0.names.contains(name) }) else {
                throw Failure(message: "unknown option '\(name)'" + suggestion(for: name))
            }
            if option.takesValue {
                if let inlineValue {
                    parsed.values[option.key, default: []].append(inlineValue)
                } else {
                    index += 1
                    guard index < arguments.count else {
                        throw Failure(message: "\(name) needs a value (\(name) \(option.value!))")
                    }
                    parsed.values[option.key, default: []].append(arguments[index])
                }
            } else {
                guard inlineValue == nil || option.valueIsOptional else { throw Failure(message: "\(name) takes no value") }
                parsed.values[option.key, default: []].append(inlineValue ?? "")
            }
            index += 1
        }
        return parsed
    }

    /// `; did you mean '--strace'?` when a declared name is close to `name`, else "".
    func suggestion(for name: String) -> String {
        let names = options.filter { !$0.hidden }.flatMap(\.names)
        guard let best = Suggestion.closest(to: name, among: names) else { return "" }
        return "; did you mean '\(best)'?"
    }
}

/// "Did you mean" for mistyped names.
enum Suggestion {
    /// The candidate nearest to `word` by edit distance, if it is near enough to be a typo:
    /// at most a third of the word's length (and at most 3) edits, or `word` is a prefix of it.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = min(3, max(1, word.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = candidate.hasPrefix(word) && word.count >= 3 ? 1 : editDistance(word, candidate)
            if distance <= limit, best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Edit distance counting insertions, deletions, substitutions and swaps of two
    /// neighbours (the optimal-string-alignment form of Damerau-Levenshtein): `rnu` is one
    /// edit from `run`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { best = min(best, table[i - 2][j - 2] + 1) }
                table[i][j] = best
            }
        }
        return table[a.count][b.count]
    }
}

/// Parsing of option values.
enum OptionValue {
    /// A non-negative integer (decimal, or hex with 0x).
    static func integer(_ text: String, option: String) throws(OptionParser.Failure) -> UInt64 {
        let value = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        guard let value else { throw OptionParser.Failure(message: "\(option) expects a number, got '\(text)'") }
        return value
    }

    /// A 32-bit guest address (hex with 0x, or decimal).
    static func address(_ text: String, option: String) throws(OptionParser.Failure) -> UInt32 {
        let value = try integer(text, option: option)
        guard value <= UInt64(UInt32.max) else {
            throw OptionParser.Failure(message: "\(option) expects a 32-bit address, got '\(text)'")
        }
        return UInt32(value)
    }

    /// A size in bytes with an optional K, M or G suffix (powers of 1024).
    static func size(_ text: String, option: String) throws(OptionParser.Failure) -> UInt64 {
        var digits = Substring(text)
        var multiplier: UInt64 = 1
        if let last = digits.last?.uppercased() {
            switch last {
            case "K": multiplier = 1 << 10
            case "M": multiplier = 1 << 20
            case "G": multiplier = 1 << 30
            default: break
            }
            if multiplier != 1 { digits = digits.dropLast() }
        }
        guard let value = UInt64(digits), value <= UInt64.max / multiplier else {
            throw OptionParser.Failure(message: "\(option) expects a size such as 64M, got '\(text)'")
        }
        return value * multiplier
    }

    /// An ISA string for `--isa`, such as rv32i, rv32imac or rv32gc_zba_zbb (see
    /// `ISASet.parse(_:)`).
    static func isa(_ text: String) throws(OptionParser.Failure) -> ISASet {
        do {
            return try ISASet.parse(text)
        } catch {
            throw OptionParser.Failure(message: "--isa '\(text)': \(error)")
        }
    }

    /// Seconds, possibly fractional.
    static func seconds(_ text: String, option: String) throws(OptionParser.Failure) -> Double {
        guard let value = Double(text), value > 0, value.isFinite else {
            throw OptionParser.Failure(message: "\(option) expects a positive number of seconds, got '\(text)'")
        }
        return value
    }
}
