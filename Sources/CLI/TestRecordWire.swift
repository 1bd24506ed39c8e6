import Emu

/// A `TestRecord` as bytes, for a `-j` worker to send its parent over a pipe: eight
/// little-endian 64-bit fields (outcome kind, outcome value, instructions, mcause, mepc,
/// mtval, the seconds' bit pattern, the error's length) then the error's UTF-8 bytes. The
/// path is not sent: the parent knows which job it gave the worker.
enum TestRecordWire {
    /// Bytes before the error text.
    static let headerSize = 8 * 8
    /// The longest error text a worker sends (a longer one is cut): keeps what the parent
    /// accepts bounded even if a worker were to send garbage.
    static let maxErrorBytes = 1 << 16

    static func encode(_ record: TestRecord) -> [UInt8] {
        var kind: UInt64 = 0, value: UInt64 = 0
        switch record.result?.outcome {
        case nil: kind = 0
        case .passed?: kind = 1
        case .failed(let number)?: kind = 2; value = UInt64(number)
        case .unsupportedCommand(let command)?: kind = 3; value = UInt64(command)
        case .budgetExhausted?: kind = 4
        case .timedOut?: kind = 5
        }
        let error = Array((record.error ?? "").utf8.prefix(maxErrorBytes))
        let result = record.result
        let fields: [UInt64] = [
            kind, value, result?.instructions ?? 0, UInt64(result?.mcause ?? 0), UInt64(result?.mepc ?? 0),
            UInt64(result?.mtval ?? 0), record.seconds.bitPattern, UInt64(error.count),
        ]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerSize + error.count)
        for field in fields { for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: field >> UInt64(shift))) } }
        return bytes + error
    }

    /// How many bytes the message at the start of `bytes` takes, once its header is there
    /// (nil before); nil too for a header whose length field is out of bounds.
    static func messageLength(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= headerSize else { return nil }
        let length = field(bytes, 7)
        guard length <= UInt64(maxErrorBytes) else { return nil }
        return headerSize + Int(length)
    }

    /// Whether `bytes` starts with a header no worker writes (the parent gives up on it).
    static func isMalformed(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.count >= headerSize && (field(bytes, 7) > UInt64(maxErrorBytes) || field(bytes, 0) > 5)
    }

    /// The record in `bytes` (exactly one message, as `messageLength` measured) for `path`.
    static func decode(_ bytes: ArraySlice<UInt8>, path: String) -> TestRecord {
        let error = String(decoding: bytes.dropFirst(headerSize), as: UTF8.self)
        let value = UInt32(truncatingIfNeeded: field(bytes, 1))
        let outcome: BareMetalOutcome?
        switch field(bytes, 0) {
        case 1: outcome = .passed
        case 2: outcome = .failed(testNumber: value)
        case 3: outcome = .unsupportedCommand(value: value)
        case 4: outcome = .budgetExhausted
        case 5: outcome = .timedOut
        default: outcome = nil
        }
        let result = outcome.map {
            BareMetalSession.Result(
                outcome: $0, instructions: field(bytes, 2), mcause: UInt32(truncatingIfNeeded: field(bytes, 3)),
                mepc: UInt32(truncatingIfNeeded: field(bytes, 4)), mtval: UInt32(truncatingIfNeeded: field(bytes, 5)))
        }
        return TestRecord(
            path: path, result: result, error: outcome == nil ? error : nil, seconds: Double(bitPattern: field(bytes, 6)))
    }

    private static func field(_ bytes: ArraySlice<UInt8>, _ index: Int) -> UInt64 {
        let start = bytes.startIndex + index * 8
        var value: UInt64 = 0
        for offset in 0..<8 { value |= UInt64(bytes[start + offset]) << UInt64(offset * 8) }
        return value
    }
}
