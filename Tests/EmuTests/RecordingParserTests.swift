@testable import Emu
import Testing

/// The recording parser on hostile input: every prefix of a valid file, every single-byte
/// change with the checksum recomputed (so the parser's own bounds are what is tested, not
/// only the checksum), and forged counts and lengths. None may trap; each is refused with a
/// message or parses into a recording whose every part was bounded.
@Suite("Recording parser")
struct RecordingParserTests {
    static func sample() -> Recording {
        let header = RecordingHeader(
            elfDigest: 0x1234_5678_9ABC_DEF0, programPath: "programs/bin/x.elf", arguments: ["x.elf", "a"],
            environment: ["A=1"], memoryLimit: 256 << 20, isa: .all, nanosecondsPerInstruction: 1,
            stackStart: 0x1000_FF00, stackBytes: [1, 2, 3, 4, 5], registers: [0] + (1..<32).map { UInt32($0) }, pc: 0x10000,
            initialDigest: 42)
        let change = MachineState.Change(
            instret: 11, pc: 0x10008, registers: [.init(index: 10, value: 5)], floatRegisters: [.init(index: 3, value: 1 << 63)],
            fcsr: 0x21, mstatus: nil, reservation: .some(nil))
        let stop = RecordedStop(
            instret: 10, pc: 0x10004, kind: .systemCall, cause: 0, endsProcess: false, after: change,
            pieces: [.bytes(address: 0x2000_0000, [9, 8, 7]), .zeros(address: 0x2000_1000, count: 4096)],
            permissions: [(0x2000_0000, [3, 3, 0])], output: [(1, Array("hello\n".utf8)), (2, [])])
        let last = RecordedStop(
            instret: 20, pc: 0x10010, kind: .systemCall, cause: 0, endsProcess: true,
            after: .init(instret: 20, pc: 0x10010, registers: [], floatRegisters: [], fcsr: nil, mstatus: nil, reservation: nil),
            pieces: [], permissions: [], output: [])
        let end = RecordingEnd(reason: .ended(.signaled(signal: 11, trap: Trap(.loadAccessFault, value: 4, pc: 0x10010))),
                               instret: 20, pc: 0x10010, digest: 7)
        return Recording(header: header, stops: [stop, last], end: end)
    }

    @Test func roundTrips() throws {
        let recording = Self.sample()
        let parsed = try Recording.parse(recording.encoded())
        #expect(parsed.header == recording.header)
        #expect(parsed.stops == recording.stops)
        #expect(parsed.end == recording.end)
    }

    @Test func everyPrefixIsRefused() {
        let bytes = Self.sample().encoded()
        for length in 0..<bytes.count {
            #expect(throws: RecordingError.self, "prefix \(length)") { try Recording.parse(Array(bytes.prefix(length))) }
        }
    }

    /// Each byte of the body changed in turn, the trailer recomputed: the parser must
    /// bound what it reads, as a forger would get past the checksum.
    @Test func everyResealedByteChangeIsHandled() {
        let bytes = Self.sample().encoded()
        var refused = 0
        for index in 0..<(bytes.count - 9) {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var body = Array(bytes.dropLast(9))
                body[index] ^= flip
                do {
                    _ = try Recording.parse(Self.sealed(body))
                } catch {
                    refused += 1
                    #expect(!error.message.isEmpty)
                }
            }
        }
        #expect(refused > 0)
    }

    @Test func forgedCountsAndLengthsAreBounded() {
        let bytes = Self.sample().encoded()
        var body = Array(bytes.dropLast(9))
        // The header record's length, made huge.
        body[13] = 0xFF; body[14] = 0xFF; body[15] = 0xFF; body[16] = 0x7F
        #expect(throws: RecordingError.self) { try Recording.parse(Self.sealed(body)) }
        // The argument count (after the digest and the path) made huge.
        var forged = Array(bytes.dropLast(9))
        let pathLength = Int(forged[25]) | Int(forged[26]) << 8
        let argc = 25 + 4 + pathLength
        forged[argc] = 0xFF; forged[argc + 1] = 0xFF; forged[argc + 2] = 0xFF; forged[argc + 3] = 0xFF
        #expect(throws: RecordingError.self) { try Recording.parse(Self.sealed(forged)) }
        // A later version.
        var version = Array(bytes.dropLast(9))
        version[8] = 2
        #expect(throws: RecordingError.self) { try Recording.parse(Self.sealed(version)) }
    }

    static func sealed(_ body: [UInt8]) -> [UInt8] {
        var writer = RecordingWriter()
        writer.u8(0xFF)
        writer.u64(RecordingFormat.fnv1a64(body))
        return body + writer.bytes
    }
}
