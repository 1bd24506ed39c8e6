/// The first record of a recording: what the run was (program, arguments, environment,
/// memory limit, ISA, time rate) and the initial state the host chose (the stack: its
/// AT_RANDOM bytes come from the host's randomness).
///
/// Payload: elfDigest(u64) programPath(string) argc(u32) string* envc(u32) string*
/// memoryLimit(u64) isaBits(u32) nanosecondsPerInstruction(u64)
/// stackStart(u32) stackBytes(data) x0...x31(u32 each) pc(u32) initialDigest(u64).
public struct RecordingHeader: Equatable, Sendable {
    /// `ELFDigest.of` the program: a replay with another program is refused.
    public var elfDigest: UInt64
    /// The program path as given to `emu run` (what `--replay` loads when given none).
    public var programPath: String
    public var arguments: [String]
    public var environment: [String]
    public var memoryLimit: UInt64
    public var isa: ISASet
    /// The `time` CSR's rate while recording (it counts instructions, so replay sees the
    /// same times without a stop).
    public var nanosecondsPerInstruction: UInt64
    /// The initial stack, from sp to the end of its mapping.
    public var stackStart: UInt32
    public var stackBytes: [UInt8]
    public var registers: [UInt32]
    public var pc: UInt32
    /// `MachineDigest` of the state once the stack is in place.
    public var initialDigest: UInt64

    /// The ISA as nine bits (m a f d c zba zbb zbc zbs, bit 0 first).
    static func bits(_ isa: ISASet) -> UInt32 {
        let flags = [isa.m, isa.a, isa.f, isa.d, isa.c, isa.zba, isa.zbb, isa.zbc, isa.zbs]
        return flags.enumerated().reduce(0) { $0 | ($1.element ? 1 << UInt32($1.offset) : 0) }
    }

    static func isa(_ bits: UInt32) -> ISASet {
        let bit = { (index: UInt32) in bits >> index & 1 != 0 }
        return ISASet(m: bit(0), a: bit(1), f: bit(2), d: bit(3), c: bit(4), zba: bit(5), zbb: bit(6), zbc: bit(7), zbs: bit(8))
    }

    func encode() -> [UInt8] {
        var writer = RecordingWriter()
        writer.u64(elfDigest)
        writer.string(programPath)
        writer.u32(UInt32(arguments.count))
        for argument in arguments { writer.string(argument) }
        writer.u32(UInt32(environment.count))
        for variable in environment { writer.string(variable) }
        writer.u64(memoryLimit)
        writer.u32(RecordingHeader.bits(isa))
        writer.u64(nanosecondsPerInstruction)
        writer.u32(stackStart)
        writer.data(stackBytes)
        for register in registers { writer.u32(register) }
        writer.u32(pc)
        writer.u64(initialDigest)
        return writer.bytes
    }

    static func decode(_ reader: inout RecordingReader) throws(RecordingError) -> RecordingHeader {
        let digest = try reader.u64()
        let path = try reader.string()
        var arguments: [String] = []
        for _ in 0..<(try reader.count(itemBytes: 4, what: "argument")) { arguments.append(try reader.string()) }
        var environment: [String] = []
        for _ in 0..<(try reader.count(itemBytes: 4, what: "environment")) { environment.append(try reader.string()) }
        let memoryLimit = try reader.u64()
        let bits = try reader.u32()
        guard bits >> 9 == 0 else { throw RecordingError("header: unknown ISA bits \(bits)") }
        let rate = try reader.u64()
        guard rate >= 1, rate <= 1 << 20 else { throw RecordingError("header: time rate \(rate) ns per instruction out of range") }
        let stackStart = try reader.u32()
        let stackBytes = try reader.data()
        var registers: [UInt32] = []
        for _ in 0..<32 { registers.append(try reader.u32()) }
        guard registers[0] == 0 else { throw RecordingError("header: x0 is not zero") }
        let pc = try reader.u32()
        let initialDigest = try reader.u64()
        return RecordingHeader(
            elfDigest: digest, programPath: path, arguments: arguments, environment: environment, memoryLimit: memoryLimit,
            isa: isa(bits), nanosecondsPerInstruction: rate, stackStart: stackStart, stackBytes: stackBytes,
            registers: registers, pc: pc, initialDigest: initialDigest)
    }
}

/// The last record: how the run ended, or where the recording stopped while the run went
/// on (at a clone or execve, which a single-process recording cannot follow).
///
/// Payload: reason(u8: 0 ended, 1 stopped) instret(u64) pc(u32) digest(u64), then for
/// reason 0 the outcome: kind(u8: 0 exited, 1 signaled, 2 instruction limit, 3 time limit)
/// value(i32: status or signal) hasTrap(u8) [cause(u32) value(u32) pc(u32)]; for reason 1
/// the system call number (u32).
public struct RecordingEnd: Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// The process ended with this outcome.
        case ended(ProcessOutcome)
        /// The recording stopped before system call `number` (clone, clone3, execve,
        /// execveat), at the `ecall`; the run went on unrecorded.
        case stopped(systemCall: UInt32)
    }

    public var reason: Reason
    /// The instruction count at the end (for `.stopped`, at the `ecall`).
    public var instret: UInt64
    public var pc: UInt32
    /// `MachineDigest` of the final state.
    public var digest: UInt64

    func encode() -> [UInt8] {
        var writer = RecordingWriter()
        switch reason {
        case .ended: writer.u8(0)
        case .stopped: writer.u8(1)
        }
        writer.u64(instret)
        writer.u32(pc)
        writer.u64(digest)
        switch reason {
        case .ended(let outcome):
            switch outcome {
            case .exited(let status):
                writer.u8(0)
                writer.i32(status)
                writer.u8(0)
            case .signaled(let signal, let trap):
                writer.u8(1)
                writer.i32(signal)
                if let trap {
                    writer.u8(1)
                    writer.u32(trap.cause.rawValue)
                    writer.u32(trap.value)
                    writer.u32(trap.pc)
                } else {
                    writer.u8(0)
                }
            case .instructionLimit:
                writer.u8(2)
                writer.i32(0)
                writer.u8(0)
            case .timeLimit:
                writer.u8(3)
                writer.i32(0)
                writer.u8(0)
            }
        case .stopped(let number):
            writer.u32(number)
        }
        return writer.bytes
    }

    static func decode(_ reader: inout RecordingReader) throws(RecordingError) -> RecordingEnd {
        let reasonCode = try reader.u8()
        let instret = try reader.u64()
        let pc = try reader.u32()
        let digest = try reader.u64()
        let reason: Reason
        switch reasonCode {
        case 0:
            let kind = try reader.u8()
            let value = try reader.i32()
            let hasTrap = try reader.u8()
            var trap: Trap?
            if hasTrap == 1 {
                let cause = try reader.u32()
                guard let trapCause = TrapCause(rawValue: cause) else { throw RecordingError("end: unknown trap cause \(cause)") }
                trap = Trap(trapCause, value: try reader.u32(), pc: try reader.u32())
            } else if hasTrap != 0 {
                throw RecordingError("end: bad trap flag \(hasTrap)")
            }
            switch kind {
            case 0: reason = .ended(.exited(status: value))
            case 1 where (1...64).contains(value): reason = .ended(.signaled(signal: value, trap: trap))
            case 2: reason = .ended(.instructionLimit)
            case 3: reason = .ended(.timeLimit)
            default: throw RecordingError("end: unknown outcome \(kind) (\(value))")
            }
        case 1:
            reason = .stopped(systemCall: try reader.u32())
        default:
            throw RecordingError("end: unknown reason \(reasonCode)")
        }
        return RecordingEnd(reason: reason, instret: instret, pc: pc, digest: digest)
    }
}
