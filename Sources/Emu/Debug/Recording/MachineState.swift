import Glibc

/// The registers a stop of the run loop can change (x1...x31, pc, instret, f0...f31, fcsr,
/// mstatus, the LR/SC reservation), captured before the shim acts so that the recorder
/// can store only what it changed.
public struct MachineState: Equatable, Sendable {
    var registers: [UInt32]
    var floatRegisters: [UInt64]
    var pc: UInt32
    var instret: UInt64
    var fcsr: UInt32
    var mstatus: UInt32
    var reservation: UInt32?

    init(_ machine: Machine) {
        let hart = machine.hart
        registers = hart.registerFile
        floatRegisters = hart.floatRegisterFile
        pc = hart.pc
        instret = hart.instret
        fcsr = hart.fcsr
        mstatus = machine.csrs.mstatus
        reservation = machine.reservation
    }

    /// What a stop changed: the new pc and count, and each register that differs.
    public struct Change: Equatable, Sendable {
        var instret: UInt64
        var pc: UInt32
        /// (index 1...31, value).
        var registers: [Indexed<UInt32>]
        /// (index 0...31, value).
        var floatRegisters: [Indexed<UInt64>]
        var fcsr: UInt32?
        var mstatus: UInt32?
        /// nil: unchanged; .some(nil): cleared; .some(address): set.
        var reservation: UInt32??

        struct Indexed<Value: Equatable & Sendable>: Equatable, Sendable {
            var index: Int
            var value: Value
        }

        /// Whether the stop changed nothing but what running the loop on would (a stop at
        /// which the shim did nothing).
        var isEmpty: Bool { registers.isEmpty && floatRegisters.isEmpty && fcsr == nil && mstatus == nil && reservation == nil }

        func encode(_ writer: inout RecordingWriter) {
            writer.u64(instret)
            writer.u32(pc)
            writer.u32(registers.reduce(0) { $0 | 1 << UInt32($1.index) })
            for register in registers { writer.u32(register.value) }
            writer.u32(floatRegisters.reduce(0) { $0 | 1 << UInt32($1.index) })
            for register in floatRegisters { writer.u64(register.value) }
            writer.u8((fcsr != nil ? 1 : 0) | (mstatus != nil ? 2 : 0) | (reservation != nil ? 4 : 0))
            if let fcsr { writer.u32(fcsr) }
            if let mstatus { writer.u32(mstatus) }
            if let reservation {
                writer.u8(reservation == nil ? 0 : 1)
                writer.u32(reservation ?? 0)
            }
        }

        static func decode(_ reader: inout RecordingReader) throws(RecordingError) -> Change {
            let instret = try reader.u64()
            let pc = try reader.u32()
            let mask = try reader.u32()
            guard mask & 1 == 0 else { throw RecordingError("\(reader.context): x0 in the register mask") }
            var registers: [Indexed<UInt32>] = []
            for index in 1..<32 where mask >> UInt32(index) & 1 != 0 { registers.append(.init(index: index, value: try reader.u32())) }
            let floatMask = try reader.u32()
            var floats: [Indexed<UInt64>] = []
            for index in 0..<32 where floatMask >> UInt32(index) & 1 != 0 { floats.append(.init(index: index, value: try reader.u64())) }
            let extras = try reader.u8()
            guard extras >> 3 == 0 else { throw RecordingError("\(reader.context): unknown register flags \(extras)") }
            let fcsr = extras & 1 != 0 ? try reader.u32() : nil
            guard (fcsr ?? 0) >> 8 == 0 else { throw RecordingError("\(reader.context): fcsr \(fcsr ?? 0) out of range") }
            let mstatus = extras & 2 != 0 ? try reader.u32() : nil
            var reservation: UInt32??
            if extras & 4 != 0 {
                let present = try reader.u8()
                let address = try reader.u32()
                guard present <= 1 else { throw RecordingError("\(reader.context): reservation flag \(present)") }
                reservation = .some(present == 1 ? address : nil)
            }
            return Change(
                instret: instret, pc: pc, registers: registers, floatRegisters: floats, fcsr: fcsr, mstatus: mstatus,
                reservation: reservation)
        }
    }

    /// What changed from `self` to the machine's state now.
    func change(to machine: Machine) -> Change {
        let now = MachineState(machine)
        return Change(
            instret: now.instret, pc: now.pc,
            registers: (1..<32).filter { registers[$0] != now.registers[$0] }.map { .init(index: $0, value: now.registers[$0]) },
            floatRegisters: (0..<32).filter { floatRegisters[$0] != now.floatRegisters[$0] }
                .map { .init(index: $0, value: now.floatRegisters[$0]) },
            fcsr: fcsr != now.fcsr ? now.fcsr : nil, mstatus: mstatus != now.mstatus ? now.mstatus : nil,
            reservation: reservation != now.reservation ? .some(now.reservation) : nil)
    }
}

extension MachineState.Change {
    /// Sets the registers this change holds (every value was bounded when it was read).
    func apply(to machine: Machine) {
        let hart = machine.hart
        for register in registers { hart[register.index] = register.value }
        for register in floatRegisters { hart.setFloatRegister(register.index, register.value) }
        if let fcsr { hart.fcsr = fcsr }
        if let mstatus { machine.csrs.mstatus = mstatus }
        if let reservation { machine.reservation = reservation }
        hart.pc = pc
        hart.instret = instret
    }
}

/// A digest of everything the guest can see: x0...x31, pc, instret, f0...f31, fcsr, and
/// every mapped page's permissions and bytes. Recording and replay compute it at the
/// start and at the end; equal digests mean the replay reached the recorded state.
enum MachineDigest {
    static func of(_ machine: Machine) -> UInt64 {
        let hart = machine.hart
        var hash = RecordingFormat.fnvOffset
        // Word-wise FNV-1a (one multiply per 8 bytes): the final digest reads every mapped
        // page, so byte-wise hashing would cost a visible part of a short run.
        func mix(_ word: UInt64) { hash = (hash ^ word) &* RecordingFormat.fnvPrime }
        for value in hart.registerFile { mix(UInt64(value)) }
        mix(UInt64(hart.pc))
        mix(hart.instret)
        for value in hart.floatRegisterFile { mix(value) }
        mix(UInt64(hart.fcsr))
        let memory = machine.memory
        for page in 0..<memory.arenaPages where memory.isMapped(arenaPage: page) {
            let address = memory.base &+ UInt32(page) * Memory.pageSize
            mix(UInt64(address) << 8 | UInt64(memory.permissions(at: address).rawValue))
            let words = UnsafeRawPointer(memory.arena + page * Int(Memory.pageSize)).assumingMemoryBound(to: UInt64.self)
            for index in 0..<(Int(Memory.pageSize) / 8) { mix(words[index]) }
        }
        return hash
    }
}

/// The digest of a program image (entry point and each loaded segment's address, size and
/// file bytes), written in a recording's header so that replay refuses another program.
public enum ELFDigest {
    public static func of(_ elf: ELFFile) -> UInt64 {
        var writer = RecordingWriter()
        writer.u32(elf.entry)
        for segment in elf.segments {
            writer.u32(segment.vaddr)
            writer.u32(segment.memsz)
            writer.data(segment.fileBytes)
        }
        return RecordingFormat.fnv1a64(writer.bytes)
    }
}
