/// A whole recording, read back: header, stops in order, end (see `RecordingFormat`).
public struct Recording: Sendable {
    public var header: RecordingHeader
    public var stops: [RecordedStop]
    public var end: RecordingEnd

    public init(header: RecordingHeader, stops: [RecordedStop], end: RecordingEnd) {
        self.header = header
        self.stops = stops
        self.end = end
    }

    /// The file's bytes for this recording (what `RunRecorder` streams, in one piece).
    public func encoded() -> [UInt8] {
        var bytes = Recording.prefix()
        bytes += RecordingWriter.record(.header, header.encode())
        for stop in stops { bytes += RecordingWriter.record(.stop, stop.encode()) }
        bytes += RecordingWriter.record(.end, end.encode())
        return bytes + Recording.trailer(checksum: RecordingFormat.fnv1a64(bytes))
    }

    /// Magic and version.
    static func prefix() -> [UInt8] {
        var writer = RecordingWriter()
        writer.bytes = RecordingFormat.magic
        writer.u32(RecordingFormat.version)
        return writer.bytes
    }

    static func trailer(checksum: UInt64) -> [UInt8] {
        var writer = RecordingWriter()
        writer.u8(RecordingFormat.trailerTag)
        writer.u64(checksum)
        return writer.bytes
    }

    /// Parses a recording file's bytes. Every way a file can be wrong is a
    /// `RecordingError` naming what is wrong; nothing in the file is trusted before it is
    /// bounded.
    public static func parse(_ bytes: [UInt8]) throws(RecordingError) -> Recording {
        let magic = RecordingFormat.magic
        guard !bytes.isEmpty else { throw RecordingError("the file is empty") }
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw RecordingError("not an emu recording (no EMUREC magic)")
        }
        var reader = RecordingReader(bytes, from: magic.count, context: "the file")
        let version = try reader.u32()
        guard version == RecordingFormat.version else {
            throw RecordingError("recording format version \(version); this emu reads version \(RecordingFormat.version)")
        }
        // The checksum first: a truncated or altered file is named as such, not by the
        // first field that happens to look wrong.
        guard bytes.count >= magic.count + 4 + 9, bytes[bytes.count - 9] == RecordingFormat.trailerTag else {
            throw RecordingError("the recording is truncated (no checksum trailer; was the run killed before it ended?)")
        }
        let stored = RecordingReader(bytes, from: bytes.count - 8, context: "trailer")
        var trailerReader = stored
        let checksum = try trailerReader.u64()
        guard RecordingFormat.fnv1a64(bytes[0..<(bytes.count - 9)]) == checksum else {
            throw RecordingError("the recording is corrupt (checksum mismatch: truncated or altered)")
        }
        let bodyEnd = bytes.count - 9
        var header: RecordingHeader?
        var stops: [RecordedStop] = []
        var end: RecordingEnd?
        var body = RecordingReader(bytes, from: reader.offset, to: bodyEnd, context: "the file")
        while !body.isAtEnd {
            let tag = try body.u8()
            let length = Int(try body.u32())
            guard length <= body.remaining else { throw RecordingError("a record of \(length) bytes runs past the end of the file") }
            let start = body.offset
            let context = tag == RecordingFormat.Tag.stop.rawValue ? "stop record \(stops.count + 1)" : "record \(tag)"
            var payload = RecordingReader(bytes, from: start, to: start + length, context: context)
            guard end == nil else { throw RecordingError("a record follows the end record") }
            switch RecordingFormat.Tag(rawValue: tag) {
            case .header?:
                guard header == nil, stops.isEmpty else { throw RecordingError("a second header record") }
                header = try RecordingHeader.decode(&payload)
            case .stop?:
                guard header != nil else { throw RecordingError("a stop record before the header") }
                let stop = try RecordedStop.decode(&payload)
                let previous = stops.last?.after.instret ?? 0
                guard stop.instret >= previous, stop.after.instret >= stop.instret, stop.after.instret - stop.instret <= 1 else {
                    throw RecordingError("\(context): instruction counts out of order (\(stop.instret) after \(previous))")
                }
                stops.append(stop)
            case .end?:
                guard header != nil else { throw RecordingError("an end record before the header") }
                end = try RecordingEnd.decode(&payload)
            case nil:
                throw RecordingError("unknown record tag \(tag)")
            }
            try payload.finish()
            body = RecordingReader(bytes, from: start + length, to: bodyEnd, context: "the file")
        }
        guard let header else { throw RecordingError("no header record") }
        guard let end else { throw RecordingError("no end record") }
        return Recording(header: header, stops: stops, end: end)
    }
}
