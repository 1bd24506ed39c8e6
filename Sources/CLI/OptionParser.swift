import Emu

/// A small command-line parser in the shape swift-argument-parser users know: options
/// first (`--name value`, `--name=value`, `-x value`), then the program and its arguments,
/// which are passed through untouched (so the guest's own `--flags` reach the guest).
struct OptionParser {
    /// One option the subcommand accepts.
    struct Option {
        let names: [String]
        let takesValue: Bool
        /// A flag that also accepts `--name=VALUE` (`--isolate=required`).
        var valueIsOptional = false
    }

    let options: [Option]

    /// The parsed command line.
    struct Parsed {
        /// Values by the option's first name; flags map to `[""]`. Repeats accumulate.
        var values: [String: [String]] = [:]
        /// The first non-option argument and everything after it.
        var positional: [String] = []

        func flag(_ name: String) -> Bool { values[name] != nil }
        func last(_ name: String) -> String? { values[name]?.last }
        func all(_ name: String) -> [String] { values[name] ?? [] }
    }

    /// A parse error, printed as `Error: ...` followed by the usage.
    struct Failure: Error { let message: String }

    func parse(_ arguments: [String]) throws(Failure) -> Parsed {
        var parsed = Parsed()
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
                throw Failure(message: "unknown option '\(name)'")
            }
            let key = option.names[0]
            if option.takesValue {
                if let inlineValue {
                    parsed.values[key, default: []].append(inlineValue)
                } else {
                    index += 1
                    guard index < arguments.count else { throw Failure(message: "missing value for '\(name)'") }
                    parsed.values[key, default: []].append(arguments[index])
                }
            } else {
                guard inlineValue == nil || option.valueIsOptional else { throw Failure(message: "'\(name)' takes no value") }
                parsed.values[key, default: []].append(inlineValue ?? "")
            }
            index += 1
        }
        return parsed
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

    /// An instruction-set subset for `--isa`, such as rv32i or rv32imac.
    static func isa(_ text: String) throws(OptionParser.Failure) -> ISASet {
        guard let isa = ISASet(parsing: text) else {
            throw OptionParser.Failure(message: "--isa expects a subset of \(ISASet.all) such as rv32i or rv32imac, got '\(text)'")
        }
        return isa
    }

    /// Seconds, possibly fractional.
    static func seconds(_ text: String, option: String) throws(OptionParser.Failure) -> Double {
        guard let value = Double(text), value > 0, value.isFinite else {
            throw OptionParser.Failure(message: "\(option) expects a positive number of seconds, got '\(text)'")
        }
        return value
    }
}
