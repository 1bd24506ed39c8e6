/// The DWARF reader on arbitrary bytes (an ELF file whose debug sections may be anything).
/// Nothing may trap; what it gives must keep its promises:
/// - line spans are sorted by start and each is non-empty;
/// - every function's range is non-empty;
/// - lookups, unwinding over a garbage stack and printing every global end.
public enum DWARFFuzz {
    public static func run(_ bytes: [UInt8]) -> [FuzzFailure] {
        var failures: [FuzzFailure] = []
        let info = SourceDebugInfo(elfBytes: bytes)
        if let spans = info.lines?.spans {
            for (index, span) in spans.enumerated() {
                if span.start >= span.end { failures.append(FuzzFailure("empty line span \(span)")) }
                if index > 0, spans[index - 1].start > span.start { failures.append(FuzzFailure("line spans out of order at \(index)")) }
            }
            for span in spans.prefix(64) {
                _ = info.location(of: span.start)
                _ = info.lines?.addresses(line: span.line)
            }
        }
        for function in info.functions where function.lowPC >= function.highPC {
            failures.append(FuzzFailure("empty function range \(function)"))
        }
        // A stack of words that point back into the functions (worst case for unwinding).
        let pcs = info.functions.prefix(8).map(\.lowPC)
        let read: (UInt32, Int) -> [UInt8]? = { address, count in
            guard count <= 4096 else { return nil }
            return (0..<count).map { UInt8(truncatingIfNeeded: (address &+ UInt32($0)) &* 2_654_435_761 >> 13) }
        }
        for pc in pcs {
            var registers = [UInt32](repeating: 0x1000_0000, count: 32)
            registers[1] = pc &+ 4
            let stack = CallStack(debugInfo: info, registers: registers, pc: pc &+ 2) { address in
                read(address, 4).map { UInt32($0[0]) | UInt32($0[1]) << 8 | UInt32($0[2]) << 16 | UInt32($0[3]) << 24 }
            }
            if stack.frames.count > CallStack.maxFrames { failures.append(FuzzFailure("\(stack.frames.count) frames")) }
            let expression = SourceExpression(
                debugInfo: info, frame: stack.frames.first, reader: .init(read: read, register: { _ in 0x1000_0000 }))
            if let function = stack.frames.first?.function {
                for variable in info.locals(of: function, at: pc).prefix(16) { _ = try? expression.print(variable.name) }
            }
        }
        let expression = SourceExpression(debugInfo: info, frame: nil, reader: .init(read: read, register: { _ in 0 }))
        for global in info.globals.prefix(32) {
            for text in [global.name, "*" + global.name, global.name + "[1]", "&" + global.name] { _ = try? expression.print(text) }
        }
        return failures
    }
}
