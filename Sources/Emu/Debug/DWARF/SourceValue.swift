/// Types and values as the DWARF of a stopped program describes them: what `p EXPR`
/// evaluates (names, `*p`, `a[i]`, `s.f`, `p->f`) and prints in C's notation, as gdb does.
public struct SourceValue: Sendable, Equatable {
    /// The `.debug_info` offset of the value's type entry (nil: untyped, a plain word).
    public var type: Int?
    public var location: DWARFExpression.Location

    /// What `SourceValue` needs of the stopped program.
    public struct Reader {
        public var read: (UInt32, Int) -> [UInt8]?
        public var register: (Int) -> UInt32

        public init(read: @escaping (UInt32, Int) -> [UInt8]?, register: @escaping (Int) -> UInt32) {
            self.read = read
            self.register = register
        }
    }
}

/// The shape of a type, with typedefs, const and volatile seen through (`resolved`).
public enum SourceTypeKind: Equatable, Sendable {
    case base(encoding: Int64)
    case pointer(target: Int?)
    case array(element: Int?, counts: [Int])
    case structure(members: [SourceTypeMember])
    case enumeration(values: [(String, Int64)])
    case function
    case void
    case unknown

    public static func == (lhs: SourceTypeKind, rhs: SourceTypeKind) -> Bool {
        switch (lhs, rhs) {
        case (.base(let a), .base(let b)): a == b
        case (.pointer(let a), .pointer(let b)): a == b
        case (.array(let a, let c), .array(let b, let d)): a == b && c == d
        case (.structure(let a), .structure(let b)): a == b
        case (.function, .function), (.void, .void), (.unknown, .unknown): true
        case (.enumeration(let a), .enumeration(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: false
        }
    }
}

/// A member of a struct or union: its name, offset and type.
public struct SourceTypeMember: Equatable, Sendable {
    public var name: String
    public var offset: Int
    public var type: Int?
}

extension SourceDebugInfo {
    /// The entry of a type offset after typedefs, const, volatile and restrict (a few
    /// hops at most: a cycle ends the walk).
    public func resolvedType(_ offset: Int?) -> (offset: Int?, entry: DWARFEntry?) {
        var current = offset
        for _ in 0..<16 {
            guard let offset = current, let entry = info?.entry(at: offset) else { return (current, nil) }
            switch entry.tag {
            case DWARFConstant.typedef, DWARFConstant.constType, DWARFConstant.volatileType, DWARFConstant.restrictType:
                if case .reference(let next) = entry[DWARFConstant.type] { current = next } else { return (nil, nil) }
            default: return (offset, entry)
            }
        }
        return (nil, nil)
    }

    /// The kind of type `offset` (void for nil: C's `void`).
    public func kind(of offset: Int?) -> SourceTypeKind {
        guard offset != nil else { return .void }
        let (resolved, entry) = resolvedType(offset)
        guard let entry, let resolved, let info, let index = info.indexByOffset[resolved] else { return offset == nil ? .void : .unknown }
        func reference(_ attribute: UInt64) -> Int? {
            if case .reference(let target) = entry[attribute] { return target }
            return nil
        }
        switch entry.tag {
        case DWARFConstant.baseType: return .base(encoding: entry[DWARFConstant.encoding]?.number ?? 0)
        case DWARFConstant.pointerType: return .pointer(target: reference(DWARFConstant.type))
        case DWARFConstant.arrayType:
            let counts = info.children(of: index).compactMap { child -> Int? in
                let subrange = info.entries[child]
                guard subrange.tag == DWARFConstant.subrangeType else { return nil }
                if let count = subrange[DWARFConstant.count]?.number { return Int(clamping: max(0, count)) }
                if let upper = subrange[DWARFConstant.upperBound]?.number { return Int(clamping: max(0, upper &+ 1)) }
                return 0  // flexible array: no bound
            }
            return .array(element: reference(DWARFConstant.type), counts: counts)
        case DWARFConstant.structureType, DWARFConstant.unionType:
            let members = info.children(of: index).compactMap { child -> SourceTypeMember? in
                let member = info.entries[child]
                guard member.tag == DWARFConstant.member else { return nil }
                var type: Int?
                if case .reference(let target) = member[DWARFConstant.type] { type = target }
                let offset = member[DWARFConstant.dataMemberLocation]?.number ?? 0
                return SourceTypeMember(name: member.name ?? "", offset: Int(clamping: offset), type: type)
            }
            return .structure(members: members)
        case DWARFConstant.enumerationType:
            let values = info.children(of: index).compactMap { child -> (String, Int64)? in
                let value = info.entries[child]
                guard value.tag == DWARFConstant.enumerator, let name = value.name,
                    let number = value[DWARFConstant.constValue]?.number
                else { return nil }
                return (name, number)
            }
            return .enumeration(values: values)
        case DWARFConstant.subroutineType: return .function
        default: return .unknown
        }
    }

    /// The size in bytes of type `offset` (pointers are 4 bytes on RV32).
    public func size(of offset: Int?, depth: Int = 0) -> Int? {
        guard depth < 16, offset != nil else { return nil }
        let (resolved, entry) = resolvedType(offset)
        guard let entry else { return nil }
        if let size = entry[DWARFConstant.byteSize]?.number { return Int(clamping: max(0, size)) }
        switch kind(of: resolved) {
        case .pointer: return 4
        case .array(let element, let counts):
            guard let elementSize = size(of: element, depth: depth + 1) else { return nil }
            return counts.reduce(elementSize) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        default: return nil
        }
    }

    /// The C spelling of type `offset`: `int`, `struct item`, `const char *`, `int [4]`.
    public func typeName(_ offset: Int?, depth: Int = 0) -> String {
        guard let offset else { return "void" }
        guard depth < 16, let info, let entry = info.entry(at: offset) else { return "?" }
        func target() -> Int? {
            if case .reference(let next) = entry[DWARFConstant.type] { return next }
            return nil
        }
        switch entry.tag {
        case DWARFConstant.baseType, DWARFConstant.typedef: return entry.name ?? "?"
        case DWARFConstant.structureType: return "struct " + (entry.name ?? "{...}")
        case DWARFConstant.unionType: return "union " + (entry.name ?? "{...}")
        case DWARFConstant.enumerationType: return "enum " + (entry.name ?? "{...}")
        case DWARFConstant.constType: return "const " + typeName(target(), depth: depth + 1)
        case DWARFConstant.volatileType: return "volatile " + typeName(target(), depth: depth + 1)
        case DWARFConstant.restrictType: return typeName(target(), depth: depth + 1) + " restrict"
        case DWARFConstant.pointerType:
            let inner = typeName(target(), depth: depth + 1)
            return inner.hasSuffix("*") ? inner + "*" : inner + " *"
        case DWARFConstant.subroutineType: return typeName(target(), depth: depth + 1) + " (...)"
        case DWARFConstant.arrayType:
            guard case .array(let element, let counts) = kind(of: offset) else { return "?" }
            return typeName(element, depth: depth + 1) + " " + counts.map { "[\($0)]" }.joined()
        default: return "?"
        }
    }
}
