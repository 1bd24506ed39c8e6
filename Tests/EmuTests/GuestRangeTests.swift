import Testing
@testable import Emu

/// `GuestRange` at the edges of the 32-bit address space: ranges ending exactly at 2^32,
/// empty ranges and the longest lengths, none of which may trap.
@Suite("Guest ranges")
struct GuestRangeTests {
    @Test func endIsSixtyFourBit() {
        #expect(GuestRange(start: 0xFFFF_F000, length: 4096).end == 1 << 32)
        #expect(GuestRange(start: 0xFFFF_F000, length: 4096).fitsAddressSpace)
        #expect(GuestRange(start: 0xFFFF_F000, length: 4097).end == (1 << 32) + 1)
        #expect(!GuestRange(start: 0xFFFF_F000, length: 4097).fitsAddressSpace)
        #expect(GuestRange(start: UInt32.max, length: UInt32.max).end == 0x1_FFFF_FFFE)
    }

    @Test func initFromEnd() {
        #expect(GuestRange(start: 10, end: 9) == nil)
        #expect(GuestRange(start: 0, end: 1 << 32) == nil)  // 2^32 bytes cannot be named
        #expect(GuestRange(start: 1, end: 1 << 32)?.length == UInt32.max)
        #expect(GuestRange(start: 5, end: 5)?.isEmpty == true)
    }

    @Test func pageRounding() {
        #expect(GuestRange(start: 0xFFFF_F000, length: 1).pageRounded(pageSize: 4096)?.end == 1 << 32)
        #expect(GuestRange(start: 0xFFFF_F000, length: 4097).pageRounded(pageSize: 4096) == nil)
        #expect(GuestRange(start: 0, length: UInt32.max).pageRounded(pageSize: 4096) == nil)
        #expect(GuestRange(start: 0, length: 0).pageRounded(pageSize: 4096)?.isEmpty == true)
        #expect(GuestRange(start: 0x1000, length: 0xFFFF_E001).pageRounded(pageSize: 4096)?.end == 1 << 32)
    }

    @Test func overlapAndIntersection() {
        let top = GuestRange(start: 0xFFFF_F000, length: 4096)
        #expect(top.overlaps(GuestRange(start: 0xFFFF_FFFF, length: 1)))
        #expect(!top.overlaps(GuestRange(start: 0xFFFF_F000, length: 0)))
        #expect(!top.overlaps(GuestRange(start: 0, length: 0xFFFF_F000)))
        #expect(top.overlaps(GuestRange(start: 0, length: 0xFFFF_F001)))
        #expect(top.intersection(GuestRange(start: 0xFFFF_F800, length: UInt32.max))
            == GuestRange(start: 0xFFFF_F800, length: 0x800))
        #expect(GuestRange(start: 0, length: UInt32.max).contains(GuestRange(start: 0xFFFF_FFFE, length: 1)))
        #expect(!GuestRange(start: 0, length: UInt32.max).contains(GuestRange(start: 0xFFFF_FFFF, length: 1)))
        #expect(top.contains(0xFFFF_FFFF) && !top.contains(0xFFFF_EFFF))
    }

    @Test func memoryChecksNeverTrap() throws {
        let memory = try Memory(base: 0x1000, size: 0x10000)
        memory.setPermissions([.read, .write], address: 0x1000, count: 0x10000)
        #expect(memory.check(GuestRange(start: 0x1000, length: 0x10000), has: .read))
        #expect(!memory.check(GuestRange(start: 0x1000, length: 0x10001), has: .read))
        #expect(!memory.check(GuestRange(start: 0xFFFF_FFFF, length: UInt32.max), has: []))
        #expect(memory.hostPointer(GuestRange(start: 0x10FFF, length: 0)) != nil)  // empty, inside
        #expect(memory.hostPointer(GuestRange(start: 0x11000, length: 0)) == nil)  // empty, at the end
        #expect(memory.hostPointer(GuestRange(start: 0x10FFF, length: 1)) != nil)
        #expect(memory.hostPointer(GuestRange(start: 0x11000, length: 1)) == nil)
        memory.write([0x41], at: 0x10FFF)
        #expect(memory.readCString(0x10FFF, limit: 10, has: .read) == nil)  // runs off the arena
        memory.setPermissions([], address: 0x2000, count: 0x1000)
        memory.write([0x41], at: 0x1FFF)
        #expect(memory.readCString(0x1FFF, limit: 10, has: .read) == nil)  // into an unreadable page
        #expect(memory.readCString(0x1FFF, limit: 10, has: []) == [0x41])
    }
}
