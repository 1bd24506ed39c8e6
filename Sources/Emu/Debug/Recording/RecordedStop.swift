/// One stop of the recorded run loop (a system call, a fault, or another stop at which the
/// shim changed the guest: a signal delivered, a limit reached) with everything the host
/// did to the guest there. Replaying the instructions up to the stop and applying this
/// reproduces the run without the host.
///
/// Payload: instret(u64) pc(u32) kind(u8) cause(u32) flags(u8: bit 0 the process ended)
/// afterInstret(u64) afterPC(u32) xMask(u32) x*(u32) fMask(u32) f*(u64)
/// extras(u8: bit 0 fcsr, bit 1 mstatus, bit 2 reservation) [fcsr(u32)] [mstatus(u32)]
/// [reserved(u8) address(u32)] pieces(u32) piece* permissionRuns(u32) run* outputs(u32) output*
///
///     piece  = 0 address(u32) bytes(data)    (bytes the host wrote)
///            | 1 address(u32) count(u32)     (zeros: pages the host cleared)
///     run    = address(u32, page aligned) permissions(data: one byte per page)
///     output = stream(u8: 1 or 2) bytes(data)   (what the host wrote to stdout/stderr)
public struct RecordedStop: Equatable, Sendable {
    /// What stopped the loop.
    public enum Kind: UInt8, Sendable {
        case systemCall = 0
        case trap = 1
        case other = 2
    }

    /// Guest bytes the host set.
    public enum Piece: Equatable, Sendable {
        case bytes(address: UInt32, [UInt8])
        case zeros(address: UInt32, count: UInt32)
    }

    public var instret: UInt64
    public var pc: UInt32
    public var kind: Kind
    /// The trap cause for `.trap`, else 0.
    public var cause: UInt32
    /// Whether the process ended at this stop (the end record holds the outcome).
    public var endsProcess: Bool
    public var after: MachineState.Change
    public var pieces: [Piece]
    /// Permissions of runs of pages after the stop.
    public var permissions: [(address: UInt32, pages: [UInt8])]
    public var output: [(stream: UInt8, bytes: [UInt8])]

    public static func == (a: RecordedStop, b: RecordedStop) -> Bool {
        a.instret == b.instret && a.pc == b.pc && a.kind == b.kind && a.cause == b.cause && a.endsProcess == b.endsProcess
            && a.after == b.after && a.pieces == b.pieces
            && a.permissions.elementsEqual(b.permissions) { $0.address == $1.address && $0.pages == $1.pages }
            && a.output.elementsEqual(b.output) { $0.stream == $1.stream && $0.bytes == $1.bytes }
    }

    func encode() -> [UInt8] {
        var writer = RecordingWriter()
        writer.u64(instret)
        writer.u32(pc)
        writer.u8(kind.rawValue)
        writer.u32(cause)
        writer.u8(endsProcess ? 1 : 0)
        after.encode(&writer)
        writer.u32(UInt32(pieces.count))
        for piece in pieces {
            switch piece {
            case .bytes(let address, let bytes):
                writer.u8(0)
                writer.u32(address)
                writer.data(bytes)
            case .zeros(let address, let count):
                writer.u8(1)
                writer.u32(address)
                writer.u32(count)
            }
        }
        writer.u32(UInt32(permissions.count))
        for run in permissions {
            writer.u32(run.address)
            writer.data(run.pages)
        }
        writer.u32(UInt32(output.count))
        for write in output {
            writer.u8(write.stream)
            writer.data(write.bytes)
        }
        return writer.bytes
    }

    static func decode(_ reader: inout RecordingReader) throws(RecordingError) -> RecordedStop {
        let instret = try reader.u64()
        let pc = try reader.u32()
        let kindCode = try reader.u8()
        guard let kind = Kind(rawValue: kindCode) else { throw RecordingError("\(reader.context): unknown stop kind \(kindCode)") }
        let cause = try reader.u32()
        let flags = try reader.u8()
        guard flags <= 1 else { throw RecordingError("\(reader.context): unknown flags \(flags)") }
        let after = try MachineState.Change.decode(&reader)
        var pieces: [Piece] = []
        for _ in 0..<(try reader.count(itemBytes: 9, what: "memory piece")) {
            let pieceKind = try reader.u8()
            let address = try reader.u32()
            switch pieceKind {
            case 0: pieces.append(.bytes(address: address, try reader.data()))
            case 1: pieces.append(.zeros(address: address, count: try reader.u32()))
            default: throw RecordingError("\(reader.context): unknown memory piece kind \(pieceKind)")
            }
        }
        var permissions: [(address: UInt32, pages: [UInt8])] = []
        for _ in 0..<(try reader.count(itemBytes: 8, what: "permission run")) {
            let address = try reader.u32()
            let pages = try reader.data()
            guard address % Memory.pageSize == 0, pages.allSatisfy({ $0 & ~PagePermissions.all.rawValue == 0 }) else {
                throw RecordingError("\(reader.context): malformed permission run at \(address)")
            }
            permissions.append((address, pages))
        }
        var output: [(stream: UInt8, bytes: [UInt8])] = []
        for _ in 0..<(try reader.count(itemBytes: 5, what: "output")) {
            let stream = try reader.u8()
            guard stream == 1 || stream == 2 else { throw RecordingError("\(reader.context): output stream \(stream)") }
            output.append((stream, try reader.data()))
        }
        return RecordedStop(
            instret: instret, pc: pc, kind: kind, cause: cause, endsProcess: flags == 1, after: after, pieces: pieces,
            permissions: permissions, output: output)
    }
}
