extension SourceExpression {
    /// A recursive-descent parser that evaluates as it goes:
    /// `unary := '*' unary | '&' unary | postfix`,
    /// `postfix := primary ('[' unary ']' | '.' NAME | '->' NAME)*`,
    /// `primary := NAME | NUMBER | '(' unary ')'`.
    struct Parser {
        let characters: [Character]
        var position = 0
        /// Nesting depth (parentheses, unary operators): bounded so that no input recurses deeply.
        var depth = 0

        init(text: String) { characters = Array(text) }

        mutating func parse(_ scope: SourceExpression) throws(Failure) -> Evaluated {
            let value = try unary(scope)
            skipSpaces()
            guard position == characters.count else { throw Failure(message: "unexpected '\(String(characters[position...]))'") }
            return value
        }

        mutating func skipSpaces() {
            while position < characters.count, characters[position] == " " { position += 1 }
        }

        mutating func take(_ text: String) -> Bool {
            skipSpaces()
            let expected = Array(text)
            guard position + expected.count <= characters.count, Array(characters[position..<position + expected.count]) == expected
            else { return false }
            position += expected.count
            return true
        }

        mutating func unary(_ scope: SourceExpression) throws(Failure) -> Evaluated {
            depth += 1
            defer { depth -= 1 }
            guard depth < 64 else { throw Failure(message: "expression nested too deep") }
            if take("*") { return try scope.dereference(try unary(scope)) }
            if take("&") {
                let value = try unary(scope)
                return Evaluated(type: nil, location: .value(try scope.address(value)), addressOf: .some(value.type))
            }
            return try postfix(scope)
        }

        mutating func postfix(_ scope: SourceExpression) throws(Failure) -> Evaluated {
            var value = try primary(scope)
            while true {
                if take("[") {
                    let index = try unary(scope)
                    guard take("]") else { throw Failure(message: "expected ']'") }
                    value = try scope.index(value, Int64(Int32(bitPattern: try scope.integer(index))))
                } else if take("->") {
                    value = try scope.member(try scope.dereference(value), try name())
                } else if take(".") {
                    value = try scope.member(value, try name())
                } else {
                    return value
                }
            }
        }

        mutating func name() throws(Failure) -> String {
            skipSpaces()
            let start = position
            while position < characters.count, characters[position] == "_" || characters[position].isLetter
                || (position > start && characters[position].isNumber)
            {
                position += 1
            }
            guard position > start else { throw Failure(message: "expected a name") }
            return String(characters[start..<position])
        }

        mutating func primary(_ scope: SourceExpression) throws(Failure) -> Evaluated {
            if take("(") {
                let value = try unary(scope)
                guard take(")") else { throw Failure(message: "expected ')'") }
                return value
            }
            skipSpaces()
            guard position < characters.count else { throw Failure(message: "expected an expression") }
            if characters[position].isNumber {
                let start = position
                while position < characters.count, characters[position].isHexDigit || characters[position] == "x" { position += 1 }
                let text = String(characters[start..<position])
                let number = text.hasPrefix("0x") ? UInt32(text.dropFirst(2), radix: 16) : UInt32(text)
                guard let number else { throw Failure(message: "bad number '\(text)'") }
                return Evaluated(type: nil, location: .value(number))
            }
            return try scope.lookup(try name())
        }
    }
}
