/// `p EXPR` at the source level: evaluates a C expression of names, `*p`, `&x`, `a[i]`,
/// `s.f` and `p->f` in the scope of one frame (its locals and parameters, then the
/// globals) and prints the value in C's notation, as gdb's `print` does.
public struct SourceExpression {
    public let debugInfo: SourceDebugInfo
    public let frame: CallStack.Frame?
    public let reader: SourceValue.Reader
    /// Names an address (`<items+16>` after a pointer), optional.
    public var symbolize: (UInt32) -> String? = { _ in nil }

    public init(debugInfo: SourceDebugInfo, frame: CallStack.Frame?, reader: SourceValue.Reader) {
        self.debugInfo = debugInfo
        self.frame = frame
        self.reader = reader
    }

    /// A value being evaluated: a typed location, or an address made by `&` (whose
    /// pointee type is known but which has no pointer type entry).
    struct Evaluated {
        var type: Int?
        var location: DWARFExpression.Location
        var addressOf: Int??
    }

    public struct Failure: Error, Equatable {
        public let message: String
    }

    /// The most elements or members printed of one array or struct.
    static let maxElements = 200

    /// Evaluates `text` and prints its value and the C spelling of its type.
    public func print(_ text: String) throws(Failure) -> (value: String, type: String) {
        var parser = Parser(text: text)
        let value = try parser.parse(self)
        if let pointee = value.addressOf {
            guard case .value(let address) = value.location else { throw Failure(message: "cannot take that address") }
            let type = debugInfo.typeName(pointee)
            return (pointer(address, target: pointee), type.hasSuffix("*") ? type + "*" : type + " *")
        }
        return (format(value.type, value.location, depth: 0), debugInfo.typeName(value.type))
    }

    // MARK: - Names and operators

    /// The variable called `name`: a local of the frame (innermost block first), else a global.
    func lookup(_ name: String) throws(Failure) -> Evaluated {
        var variable: SourceDebugInfo.Variable?
        if let frame, let function = frame.function {
            variable = debugInfo.locals(of: function, at: frame.pc).first { $0.name == name }
        }
        if variable == nil { variable = debugInfo.globals.first { $0.name == name } }
        guard let variable else { throw Failure(message: "no variable '\(name)' in this scope") }
        guard let range = variable.location else {
            if let constant = debugInfo.info?.entries[variable.entry][DWARFConstant.constValue]?.number {
                return Evaluated(type: variable.type, location: .value(UInt32(truncatingIfNeeded: constant)))
            }
            throw Failure(message: "'\(name)' has no location (optimised out)")
        }
        do {
            let location = try DWARFExpression.evaluate(debugInfo.expression(range), context: context())
            return Evaluated(type: variable.type, location: location)
        } catch {
            throw Failure(message: "cannot locate '\(name)': \(error)")
        }
    }

    /// The frame's registers, frame base and CFA, for location expressions. The frame
    /// base is computed first, from the function's DW_AT_frame_base.
    func context() -> DWARFExpression.Context {
        let registers = frame?.registers ?? (0..<32).map { reader.register($0) }
        let read = reader.read
        let readWord: (UInt32) -> UInt32? = { address in
            guard let bytes = read(address, 4), bytes.count == 4 else { return nil }
            return UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        }
        let cfa = frame?.canonicalFrameAddress
        let registerValue: (Int) -> UInt32 = { $0 >= 0 && $0 < 32 ? registers[$0] : 0 }
        var base: UInt32?
        if let function = frame?.function, let expression = debugInfo.frameBase(of: function) {
            let inner = DWARFExpression.Context(register: registerValue, canonicalFrameAddress: { cfa }, readWord: readWord)
            do {
                switch try DWARFExpression.evaluate(expression, context: inner) {
                case .register(let number): base = registerValue(number)
                case .memory(let address): base = address
                case .value(let value): base = value
                }
            } catch {
                base = nil
            }
        }
        let frameBase = base
        return DWARFExpression.Context(
            register: registerValue, frameBase: { frameBase }, canonicalFrameAddress: { cfa }, readWord: readWord)
    }

    /// The address of a value in memory, for `&`, `.`, `[]`.
    func address(_ value: Evaluated) throws(Failure) -> UInt32 {
        guard case .memory(let address) = value.location else { throw Failure(message: "the value is not in memory") }
        return address
    }

    func dereference(_ value: Evaluated) throws(Failure) -> Evaluated {
        if let pointee = value.addressOf, case .value(let address) = value.location {
            return Evaluated(type: pointee, location: .memory(address))
        }
        switch debugInfo.kind(of: value.type) {
        case .pointer(let target):
            return Evaluated(type: target, location: .memory(try integer(value)))
        case .array(let element, let counts):
            return Evaluated(type: counts.count > 1 ? value.type : element, location: .memory(try address(value)))
        default: throw Failure(message: "cannot dereference a value of type \(debugInfo.typeName(value.type))")
        }
    }

    func index(_ value: Evaluated, _ position: Int64) throws(Failure) -> Evaluated {
        let base: UInt32
        let element: Int?
        switch debugInfo.kind(of: value.type) {
        case .pointer(let target): base = try integer(value); element = target
        case .array(let target, _): base = try address(value); element = target
        default: throw Failure(message: "cannot index a value of type \(debugInfo.typeName(value.type))")
        }
        guard let size = debugInfo.size(of: element), size > 0 else { throw Failure(message: "the element size is unknown") }
        let offset = Int64(size).multipliedReportingOverflow(by: position)
        guard !offset.overflow else { throw Failure(message: "index out of range") }
        return Evaluated(type: element, location: .memory(base &+ UInt32(truncatingIfNeeded: offset.partialValue)))
    }

    func member(_ value: Evaluated, _ name: String) throws(Failure) -> Evaluated {
        guard case .structure(let members) = debugInfo.kind(of: value.type) else {
            throw Failure(message: "'\(name)': \(debugInfo.typeName(value.type)) is not a struct or union")
        }
        guard let member = members.first(where: { $0.name == name }) else {
            throw Failure(message: "\(debugInfo.typeName(value.type)) has no member '\(name)'")
        }
        return Evaluated(type: member.type, location: .memory(try address(value) &+ UInt32(truncatingIfNeeded: member.offset)))
    }

    /// A scalar value as a 32-bit integer.
    func integer(_ value: Evaluated) throws(Failure) -> UInt32 {
        if value.addressOf != nil, case .value(let address) = value.location { return address }
        let size = min(debugInfo.size(of: value.type) ?? 4, 4)
        guard let bytes = bytes(value.location, count: max(size, 1)) else { throw Failure(message: "cannot read the value") }
        var word: UInt32 = 0
        for (index, byte) in bytes.prefix(4).enumerated() { word |= UInt32(byte) << (8 * UInt32(index)) }
        if case .base(let encoding) = debugInfo.kind(of: value.type), size < 4,
            encoding == DWARFConstant.encodingSigned || encoding == DWARFConstant.encodingSignedChar
        {
            let shift = UInt32(32 - 8 * size)
            word = UInt32(bitPattern: Int32(bitPattern: word << shift) >> shift)
        }
        return word
    }

    // MARK: - Printing

    func bytes(_ location: DWARFExpression.Location, count: Int) -> [UInt8]? {
        guard count >= 0, count <= 1 << 20 else { return nil }
        switch location {
        case .memory(let address): return reader.read(address, count)
        case .register(let number):
            guard number < 32 else { return nil }
            let word = frame?.registers[number] ?? reader.register(number)
            return (0..<max(count, 4)).map { $0 < 4 ? UInt8(truncatingIfNeeded: word >> (8 * UInt32($0))) : 0 }.prefix(count).map { $0 }
        case .value(let word):
            return (0..<max(count, 4)).map { $0 < 4 ? UInt8(truncatingIfNeeded: word >> (8 * UInt32($0))) : 0 }.prefix(count).map { $0 }
        }
    }

    /// The value of type `type` at `location`, in C's notation.
    public func format(_ type: Int?, _ location: DWARFExpression.Location, depth: Int = 0) -> String {
        guard depth < 8 else { return "{...}" }
        let kind = debugInfo.kind(of: type)
        switch kind {
        case .base(let encoding):
            let size = debugInfo.size(of: type) ?? 4
            guard let data = bytes(location, count: size) else { return "<unreadable>" }
            return Self.scalar(data, encoding: encoding)
        case .pointer(let target):
            guard let data = bytes(location, count: 4) else { return "<unreadable>" }
            let address = data.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
            return pointer(address, target: target)
        case .enumeration(let values):
            guard let data = bytes(location, count: debugInfo.size(of: type) ?? 4) else { return "<unreadable>" }
            let number = Int64(Int32(bitPattern: data.prefix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }))
            return values.first { $0.1 == number }?.0 ?? String(number)
        case .array(let element, let counts):
            guard case .memory(let base) = location, let count = counts.first else { return "<not in memory>" }
            let inner: Int? = counts.count > 1 ? nil : element
            let elementSize: Int
            if counts.count > 1 {
                elementSize = (debugInfo.size(of: element) ?? 0) &* counts.dropFirst().reduce(1) { $0 &* $1 }
            } else {
                elementSize = debugInfo.size(of: element) ?? 0
            }
            // Wrapping products above (hostile sizes): a result that is not a sane size stops here.
            guard elementSize > 0 else { return "{...}" }
            if counts.count == 1, case .base(let encoding) = debugInfo.kind(of: element), elementSize == 1,
                encoding == DWARFConstant.encodingSignedChar || encoding == DWARFConstant.encodingUnsignedChar,
                let data = reader.read(base, min(count, Self.maxElements))
            {
                return Self.quoted(data.prefix { $0 != 0 }.map { $0 })
            }
            var parts: [String] = []
            for position in 0..<min(count, Self.maxElements) {
                let address = base &+ UInt32(truncatingIfNeeded: position &* elementSize)
                if let inner {
                    parts.append(format(inner, .memory(address), depth: depth + 1))
                } else {
                    // A row of a multi-dimensional array: the same type minus one dimension.
                    parts.append(formatRows(element, Array(counts.dropFirst()), .memory(address), depth: depth + 1))
                }
            }
            if count > Self.maxElements { parts.append("...") }
            return "{" + parts.joined(separator: ", ") + "}"
        case .structure(let members):
            guard case .memory(let base) = location else { return "<not in memory>" }
            let parts = members.prefix(Self.maxElements).map { member in
                "\(member.name) = " + format(member.type, .memory(base &+ UInt32(truncatingIfNeeded: member.offset)), depth: depth + 1)
            }
            return "{" + parts.joined(separator: ", ") + "}"
        case .function: return "{function}"
        case .void: return "void"
        case .unknown: return "<unknown type>"
        }
    }

    private func formatRows(_ element: Int?, _ counts: [Int], _ location: DWARFExpression.Location, depth: Int) -> String {
        guard let count = counts.first, case .memory(let base) = location, depth < 8 else { return "{...}" }
        let rest = Array(counts.dropFirst())
        let size = (debugInfo.size(of: element) ?? 0) &* rest.reduce(1) { $0 &* $1 }
        guard size > 0 else { return "{...}" }
        let parts = (0..<min(count, Self.maxElements)).map { position -> String in
            let address = base &+ UInt32(truncatingIfNeeded: position &* size)
            return rest.isEmpty ? format(element, .memory(address), depth: depth + 1) : formatRows(element, rest, .memory(address), depth: depth + 1)
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// `0x10468 "apple"` for a char pointer, `0x11488 <items+16>` for one to a symbol.
    func pointer(_ address: UInt32, target: Int?) -> String {
        var text = "0x" + String(address, radix: 16)
        if case .base(let encoding) = debugInfo.kind(of: target), debugInfo.size(of: target) == 1,
            encoding == DWARFConstant.encodingSignedChar || encoding == DWARFConstant.encodingUnsignedChar
        {
            if address != 0, let data = readString(at: address) { text += " " + Self.quoted(data) }
            return text
        }
        if let name = symbolize(address) { text += " <\(name)>" }
        return text
    }

    private func readString(at address: UInt32) -> [UInt8]? {
        var data: [UInt8] = []
        for offset in 0..<UInt32(Self.maxElements) {
            guard let byte = reader.read(address &+ offset, 1)?.first else { return data.isEmpty ? nil : data }
            if byte == 0 { return data }
            data.append(byte)
        }
        return data
    }

    static func quoted(_ data: [UInt8]) -> String {
        var text = "\""
        for byte in data {
            switch byte {
            case 0x22: text += "\\\""
            case 0x5C: text += "\\\\"
            case 0x0A: text += "\\n"
            case 0x09: text += "\\t"
            case 0x20..<0x7F: text.append(Character(UnicodeScalar(byte)))
            default: text += "\\" + String(byte, radix: 8)
            }
        }
        return text + "\""
    }

    static func scalar(_ data: [UInt8], encoding: Int64) -> String {
        var raw: UInt64 = 0
        for (index, byte) in data.prefix(8).enumerated() { raw |= UInt64(byte) << (8 * UInt64(index)) }
        let bits = data.count * 8
        let signed: Int64 = bits >= 64 ? Int64(bitPattern: raw) : Int64(bitPattern: raw << UInt64(64 - bits)) >> Int64(64 - bits)
        switch encoding {
        case DWARFConstant.encodingBoolean: return raw == 0 ? "false" : "true"
        case DWARFConstant.encodingFloat:
            if data.count == 4 { return "\(Float(bitPattern: UInt32(truncatingIfNeeded: raw)))" }
            if data.count == 8 { return "\(Double(bitPattern: raw))" }
            return "<float of \(data.count) bytes>"
        case DWARFConstant.encodingSignedChar, DWARFConstant.encodingUnsignedChar:
            let number = encoding == DWARFConstant.encodingSignedChar ? signed : Int64(raw)
            let character = (0x20..<0x7F).contains(raw) ? String(Character(UnicodeScalar(UInt8(raw)))) : "\\" + String(raw, radix: 8)
            return "\(number) '\(character == "'" ? "\\'" : character)'"
        case DWARFConstant.encodingSigned: return String(signed)
        default: return String(raw)
        }
    }
}
