/// The subset of DWARF expressions (DWARF 5 §2.5, §2.6) that compilers use for the
/// locations of variables and frame bases at -O0 and in simple optimised code: addresses,
/// registers, register plus offset, the frame base and the CFA, with a little arithmetic.
/// Anything else is reported as unsupported, not guessed.
public enum DWARFExpression {
    /// Where a value lives.
    public enum Location: Sendable, Equatable {
        case memory(UInt32)
        case register(Int)
        /// The expression computed the value itself (DW_OP_stack_value).
        case value(UInt32)
    }

    /// What an expression may ask of the stopped program.
    public struct Context {
        public var register: (Int) -> UInt32
        public var frameBase: () -> UInt32?
        public var canonicalFrameAddress: () -> UInt32?
        public var readWord: (UInt32) -> UInt32?

        public init(
            register: @escaping (Int) -> UInt32, frameBase: @escaping () -> UInt32? = { nil },
            canonicalFrameAddress: @escaping () -> UInt32? = { nil }, readWord: @escaping (UInt32) -> UInt32? = { _ in nil }
        ) {
            self.register = register
            self.frameBase = frameBase
            self.canonicalFrameAddress = canonicalFrameAddress
            self.readWord = readWord
        }
    }

    public enum Failure: Error, Equatable, Sendable {
        case unsupported(opcode: UInt8)
        case malformed
        case unavailable(String)
    }

    /// The most operations evaluated (the expression's bytes bound it; this is a guard).
    static let maxOperations = 1000

    /// Evaluates `bytes` (one expression) in `context`.
    public static func evaluate(_ bytes: ArraySlice<UInt8>, context: Context) throws(Failure) -> Location {
        var cursor = DWARFCursor(Array(bytes), section: "expression")
        var stack: [UInt32] = []
        var location: Location?
        func pop() throws(Failure) -> UInt32 {
            guard let value = stack.popLast() else { throw .malformed }
            return value
        }
        // The cursor's reads, with a truncated expression reported as malformed.
        func u8() throws(Failure) -> UInt8 { do { return try cursor.u8() } catch { throw .malformed } }
        func u16() throws(Failure) -> UInt16 { do { return try cursor.u16() } catch { throw .malformed } }
        func u32() throws(Failure) -> UInt32 { do { return try cursor.u32() } catch { throw .malformed } }
        func uleb() throws(Failure) -> UInt64 { do { return try cursor.uleb() } catch { throw .malformed } }
        func sleb() throws(Failure) -> Int64 { do { return try cursor.sleb() } catch { throw .malformed } }
        var operations = 0
        while !cursor.isAtEnd {
            operations += 1
            guard operations < maxOperations else { throw .malformed }
            let opcode = try u8()
            switch opcode {
            case 0x03: stack.append(try u32())  // DW_OP_addr
            case 0x06:  // deref
                guard let word = context.readWord(try pop()) else { throw .unavailable("memory") }
                stack.append(word)
            case 0x08: stack.append(UInt32(try u8()))  // const1u
            case 0x09: stack.append(UInt32(bitPattern: Int32(Int8(bitPattern: try u8()))))
            case 0x0A: stack.append(UInt32(try u16()))
            case 0x0B: stack.append(UInt32(bitPattern: Int32(Int16(bitPattern: try u16()))))
            case 0x0C, 0x0D: stack.append(try u32())
            case 0x10: stack.append(UInt32(truncatingIfNeeded: try uleb()))  // constu
            case 0x11: stack.append(UInt32(truncatingIfNeeded: try sleb()))  // consts
            case 0x12: let top = try pop(); stack.append(top); stack.append(top)  // dup
            case 0x1C: let b = try pop(), a = try pop(); stack.append(a &- b)  // minus
            case 0x22: let b = try pop(), a = try pop(); stack.append(a &+ b)  // plus
            case 0x23: stack.append(try pop() &+ UInt32(truncatingIfNeeded: try uleb()))  // plus_uconst
            case 0x30...0x4F: stack.append(UInt32(opcode - 0x30))  // lit0..lit31
            case 0x50...0x6F: location = .register(Int(opcode - 0x50))  // reg0..reg31
            case 0x70...0x8F:  // breg0..breg31
                stack.append(context.register(Int(opcode - 0x70)) &+ UInt32(truncatingIfNeeded: try sleb()))
            case 0x90: location = .register(Int(truncatingIfNeeded: try uleb() & 0xFFF))  // regx
            case 0x91:  // fbreg
                let offset = try sleb()
                guard let base = context.frameBase() else { throw .unavailable("the frame base") }
                stack.append(base &+ UInt32(truncatingIfNeeded: offset))
            case 0x9C:  // call_frame_cfa
                guard let cfa = context.canonicalFrameAddress() else { throw .unavailable("the CFA") }
                stack.append(cfa)
            case 0x9F: location = .value(try pop())  // stack_value
            case 0x96: break  // nop
            default: throw .unsupported(opcode: opcode)
            }
        }
        if let location { return location }
        return .memory(try pop())
    }
}
