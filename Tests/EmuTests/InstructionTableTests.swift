import Decoder
import Testing

@testable import Emu

/// The generated instruction table against the decoder, and the shared semantics against
/// the spec's corner cases.
@Suite struct InstructionTableTests {
    @Test func everyOpcodeHasExactlyOneRow() {
        let opcodes = InstructionTable.rows.map(\.opcode)
        for opcode in Opcode.allCases where opcode != .illegal {
            #expect(opcodes.filter { $0 == opcode }.count == 1, "\(opcode) has no row, or more than one")
        }
        #expect(!opcodes.contains(.illegal))
    }

    @Test func rowExtensionsMatchTheDecoder() {
        for row in InstructionTable.rows {
            #expect(row.isaExtension == row.opcode.isaExtension, "\(row.opcode)")
        }
    }

    /// Every instruction handler is in the table once, and the handlers of instructions with
    /// compressed forms have a separate compressed entry point (a constant step of one entry).
    @Test func handlersComeFromRows() {
        let handlers = InstructionTable.rows.compactMap(\.handler)
        #expect(Set(handlers).count == handlers.count)
        let compressible = InstructionTable.rows.filter(\.compressedStep).compactMap(\.handler)
        #expect(compressible.count > 40)
        for kind in compressible {
            let full = unsafeBitCast(ThreadedHandlers.function(for: kind, length: 4), to: UInt.self)
            let compressed = unsafeBitCast(ThreadedHandlers.function(for: kind, length: 2), to: UInt.self)
            #expect(full != compressed, "\(kind)")
        }
        #expect(Handler.sw.accessWidth == 4 && Handler.sh.accessWidth == 2 && Handler.lbu.accessWidth == 1)
        #expect(Handler.add.accessWidth == 0)
    }

    /// §7.2's table: division by zero and signed overflow.
    @Test func divisionCornerCases() {
        let minimum = UInt32(bitPattern: Int32.min), minusOne = UInt32.max
        #expect(Semantics.div(7, 0) == minusOne)
        #expect(Semantics.divu(7, 0) == UInt32.max)
        #expect(Semantics.rem(7, 0) == 7)
        #expect(Semantics.remu(7, 0) == 7)
        #expect(Semantics.div(minimum, minusOne) == minimum)
        #expect(Semantics.rem(minimum, minusOne) == 0)
        #expect(Semantics.div(UInt32(bitPattern: -7), 2) == UInt32(bitPattern: -3))
        #expect(Semantics.rem(UInt32(bitPattern: -7), 2) == UInt32(bitPattern: -1))
    }

    @Test func shiftsAndComparisons() {
        #expect(Semantics.sra(0x8000_0000, 4) == 0xF800_0000)
        #expect(Semantics.sra(0x8000_0000, 36) == 0xF800_0000)  // low five bits only
        #expect(Semantics.sll(1, 33) == 2)
        #expect(Semantics.slt(UInt32.max, 0) == 1 && Semantics.sltu(UInt32.max, 0) == 0)
        #expect(Semantics.mulh(minusOneBits, minusOneBits) == 0)
        #expect(Semantics.mulhu(UInt32.max, UInt32.max) == 0xFFFF_FFFE)
        #expect(Semantics.mulhsu(minusOneBits, UInt32.max) == UInt32.max)
        #expect(Semantics.lt(UInt32.max, 0) && !Semantics.ltu(UInt32.max, 0))
        #expect(Semantics.jalrTarget(0x1001, 2) == 0x1002)
    }

    @Test func loadExtensions() {
        var bytes: [UInt8] = [0x80, 0xFF, 0x12, 0x34]
        bytes.withUnsafeBytes { host in
            #expect(Semantics.lb(host.baseAddress!) == 0xFFFF_FF80)
            #expect(Semantics.lbu(host.baseAddress!) == 0x80)
            #expect(Semantics.lh(host.baseAddress!) == 0xFFFF_FF80)
            #expect(Semantics.lhu(host.baseAddress!) == 0xFF80)
            #expect(Semantics.lw(host.baseAddress!) == 0x3412_FF80)
        }
        bytes.withUnsafeMutableBytes { host in Semantics.sh(host.baseAddress! + 1, 0xABCD_1234) }
        #expect(bytes == [0x80, 0x34, 0x12, 0x34])
    }
}

private let minusOneBits = UInt32.max

extension InstructionTableTests {
    /// Branches and jal are lowered by direction, and both directions report their target.
    @Test func directTransfersHaveBothDirections() {
        #expect(Handler.beq.hasDirectTarget && Handler.beqBack.hasDirectTarget)
        #expect(Handler.jal.hasDirectTarget && Handler.jalBack.hasDirectTarget)
        #expect(!Handler.jalr.hasDirectTarget && !Handler.add.hasDirectTarget)
        let direct = Handler.allCases.filter(\.hasDirectTarget)
        #expect(direct.count == 14)  // six branches and jal, forward and backward
    }
}
