// The threaded handlers of the dispatch loop: one small function per `Handler`, each
// ending in `dispatch` or `advance`, which release builds compile into a single indirect
// jump to the next entry's handler. Hot state arrives in host registers (entry, register
// file, count, context); memory windows are read from the context, which x86 folds into
// the compare and subtract instructions as memory operands.
//
// Every handler is a `@_cdecl` function marked `@inline(__always)`: the attribute makes the
// Swift body inline into its C entry point, so the pointer the cache stores is the handler
// itself. (A C-convention closure, or a `@_cdecl` function without it, gets a separate
// thunk that adds a frame and a second jump to every dispatch.)

/// The handler functions, indexed by `Handler`.
enum ThreadedHandlers {
    /// The handler for stores that miss the fast window (see `LoopContext.storeMiss`).
    static let storeMiss: ThreadedHandler = threadedStoreMiss

    /// The function that runs entries of `kind` (decode time only).
    static func function(for kind: Handler) -> ThreadedHandler { table[Int(kind.rawValue)] }

    private static let table: [ThreadedHandler] = Handler.allCases.map { kind in
        switch kind {
        case .notDecoded: threadedNotDecoded
        case .fetchFault: threadedFetchFault
        case .illegal: threadedIllegal
        case .slow: threadedSlow
        case .breakpoint: threadedBreakpoint
        case .nop: threadedNop
        case .li: threadedLi
        case .addi: threadedAddi
        case .slti: threadedSlti
        case .sltiu: threadedSltiu
        case .xori: threadedXori
        case .ori: threadedOri
        case .andi: threadedAndi
        case .slli: threadedSlli
        case .srli: threadedSrli
        case .srai: threadedSrai
        case .add: threadedAdd
        case .sub: threadedSub
        case .sll: threadedSll
        case .slt: threadedSlt
        case .sltu: threadedSltu
        case .xor: threadedXor
        case .srl: threadedSrl
        case .sra: threadedSra
        case .or: threadedOr
        case .and: threadedAnd
        case .mul: threadedMul
        case .mulh: threadedMulh
        case .mulhsu: threadedMulhsu
        case .mulhu: threadedMulhu
        case .div: threadedDiv
        case .divu: threadedDivu
        case .rem: threadedRem
        case .remu: threadedRemu
        case .lb: threadedLb
        case .lbu: threadedLbu
        case .lh: threadedLh
        case .lhu: threadedLhu
        case .lw: threadedLw
        case .sb: threadedSb
        case .sh: threadedSh
        case .sw: threadedSw
        case .beq: threadedBeq
        case .bne: threadedBne
        case .blt: threadedBlt
        case .bge: threadedBge
        case .bltu: threadedBltu
        case .bgeu: threadedBgeu
        case .jal: threadedJal
        case .jalr: threadedJalr
        }
    }
}

// MARK: - Cold entries: each hands over to an out-of-line helper in ColdPaths.

@inline(__always) @_cdecl("emu_handler_notDecoded")
func threadedNotDecoded(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    ColdPaths.decode(ip, context)
    return dispatch(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_fetchFault")
func threadedFetchFault(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    ColdPaths.fetchFault(ip, count, context)
}

@inline(__always) @_cdecl("emu_handler_illegal")
func threadedIllegal(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    ColdPaths.illegal(ip, count, context)
}

@inline(__always) @_cdecl("emu_handler_breakpoint")
func threadedBreakpoint(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    ColdPaths.stop(ip, count, context, .breakpoint)
}

@inline(__always) @_cdecl("emu_handler_slow")
func threadedSlow(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let resume = ColdPaths.slow(ip, count, context)
    guard let next = resume.ip else { return resume.count }
    return dispatch(next, regs, resume.count, context)
}

@inline(__always) @_cdecl("emu_handler_nop")
func threadedNop(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_li")
func threadedLi(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context)
}

// MARK: - Arithmetic with an immediate

@inline(__always) @_cdecl("emu_handler_addi")
func threadedAddi(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_slti")
func threadedSlti(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = Int32(bitPattern: regs[Int(o.pointee.rs1)]) < o.pointee.imm ? 1 : 0
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_sltiu")
func threadedSltiu(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] < UInt32(bitPattern: o.pointee.imm) ? 1 : 0
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_xori")
func threadedXori(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] ^ UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_ori")
func threadedOri(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] | UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_andi")
func threadedAndi(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] & UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_slli")
func threadedSlli(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &<< UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_srli")
func threadedSrli(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &>> UInt32(bitPattern: o.pointee.imm)
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_srai")
func threadedSrai(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: Int32(bitPattern: regs[Int(o.pointee.rs1)]) &>> o.pointee.imm)
    return advance(ip, regs, count, context)
}

// MARK: - Register-register arithmetic (§2.4.2: shifts use the low five bits of rs2,
// which is exactly what `&<<` and `&>>` do on UInt32; M division follows §7.2)

@inline(__always) @_cdecl("emu_handler_add")
func threadedAdd(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &+ regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_sub")
func threadedSub(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &- regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_sll")
func threadedSll(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &<< regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_slt")
func threadedSlt(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = Int32(bitPattern: regs[Int(o.pointee.rs1)]) < Int32(bitPattern: regs[Int(o.pointee.rs2)]) ? 1 : 0
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_sltu")
func threadedSltu(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] < regs[Int(o.pointee.rs2)] ? 1 : 0
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_xor")
func threadedXor(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] ^ regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_srl")
func threadedSrl(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &>> regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_sra")
func threadedSra(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: Int32(bitPattern: regs[Int(o.pointee.rs1)]) &>> Int32(bitPattern: regs[Int(o.pointee.rs2)]))
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_or")
func threadedOr(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] | regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_and")
func threadedAnd(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] & regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_mul")
func threadedMul(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = regs[Int(o.pointee.rs1)] &* regs[Int(o.pointee.rs2)]
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_mulh")
func threadedMulh(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(truncatingIfNeeded: (Int64(Int32(bitPattern: regs[Int(o.pointee.rs1)])) &* Int64(Int32(bitPattern: regs[Int(o.pointee.rs2)]))) >> 32)
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_mulhsu")
func threadedMulhsu(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(truncatingIfNeeded: (Int64(Int32(bitPattern: regs[Int(o.pointee.rs1)])) &* Int64(regs[Int(o.pointee.rs2)])) >> 32)
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_mulhu")
func threadedMulhu(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(truncatingIfNeeded: (UInt64(regs[Int(o.pointee.rs1)]) &* UInt64(regs[Int(o.pointee.rs2)])) >> 32)
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_div")
func threadedDiv(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = Arithmetic.div(regs[Int(o.pointee.rs1)], regs[Int(o.pointee.rs2)])
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_divu")
func threadedDivu(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = Arithmetic.divu(regs[Int(o.pointee.rs1)], regs[Int(o.pointee.rs2)])
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_rem")
func threadedRem(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = Arithmetic.rem(regs[Int(o.pointee.rs1)], regs[Int(o.pointee.rs2)])
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_remu")
func threadedRemu(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = Arithmetic.remu(regs[Int(o.pointee.rs1)], regs[Int(o.pointee.rs2)])
    return advance(ip, regs, count, context)
}

// MARK: - Loads: one unsigned compare against the arena; the guard bytes after the arena
// absorb the tail of a multi-byte access at its last address.

@inline(__always) @_cdecl("emu_handler_lb")
func threadedLb(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    guard offset < c.pointee.memorySize else { return ColdPaths.loadFault(ip, count, context, address) }
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: Int32((c.pointee.arena + Int(offset)).load(as: Int8.self)))
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_lbu")
func threadedLbu(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    guard offset < c.pointee.memorySize else { return ColdPaths.loadFault(ip, count, context, address) }
    regs[Int(o.pointee.rd)] = UInt32((c.pointee.arena + Int(offset)).load(as: UInt8.self))
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_lh")
func threadedLh(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    guard offset < c.pointee.memorySize else { return ColdPaths.loadFault(ip, count, context, address) }
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: Int32((c.pointee.arena + Int(offset)).loadUnaligned(as: Int16.self)))
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_lhu")
func threadedLhu(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    guard offset < c.pointee.memorySize else { return ColdPaths.loadFault(ip, count, context, address) }
    regs[Int(o.pointee.rd)] = UInt32((c.pointee.arena + Int(offset)).loadUnaligned(as: UInt16.self))
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_lw")
func threadedLw(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.memoryBase
    guard offset < c.pointee.memorySize else { return ColdPaths.loadFault(ip, count, context, address) }
    regs[Int(o.pointee.rd)] = (c.pointee.arena + Int(offset)).loadUnaligned(as: UInt32.self)
    return advance(ip, regs, count, context)
}

// MARK: - Stores: one unsigned compare against the fast window; read-only pages, device
// registers and watched memory go through the slow path.

@inline(__always) @_cdecl("emu_handler_sb")
func threadedSb(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.storeStart
    if offset < c.pointee.storeSize {
        (c.pointee.storeHost + Int(offset)).storeBytes(
            of: UInt8(truncatingIfNeeded: regs[Int(o.pointee.rs2)]), as: UInt8.self)
        return advance(ip, regs, count, context)
    }
    return loopContext(context).pointee.storeMiss(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_sh")
func threadedSh(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.storeStart
    if offset < c.pointee.storeSize {
        (c.pointee.storeHost + Int(offset)).storeBytes(
            of: UInt16(truncatingIfNeeded: regs[Int(o.pointee.rs2)]), as: UInt16.self)
        return advance(ip, regs, count, context)
    }
    return loopContext(context).pointee.storeMiss(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_sw")
func threadedSw(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let address = regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)
    let offset = address &- c.pointee.storeStart
    if offset < c.pointee.storeSize {
        (c.pointee.storeHost + Int(offset)).storeBytes(
            of: UInt32(truncatingIfNeeded: regs[Int(o.pointee.rs2)]), as: UInt32.self)
        return advance(ip, regs, count, context)
    }
    return loopContext(context).pointee.storeMiss(ip, regs, count, context)
}

/// A store that missed the fast window. Handlers reach it through `LoopContext.storeMiss`,
/// a C-to-C tail call, so that no handler keeps a register alive across a call (their fast
/// paths then need no stack frame), and so that it can itself tail-call the next handler.
@inline(__always) @_cdecl("emu_handler_storeMiss")
func threadedStoreMiss(
    _ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
    _ context: UnsafeMutableRawPointer
) -> UInt64 {
    guard ColdPaths.storeMiss(ip, regs, count, context) else {
        return loopContext(context).pointee.stopCount
    }
    return advance(ip, regs, count, context)
}

// MARK: - Control transfer. Branch and jal targets were validated at decode time; only a
// backward transfer checks the budget (see `Interpreter.run`).

@inline(__always) @_cdecl("emu_handler_beq")
func threadedBeq(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    if regs[Int(o.pointee.rs1)] == regs[Int(o.pointee.rs2)] {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        if distance < 0 && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, context)
    }
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_bne")
func threadedBne(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    if regs[Int(o.pointee.rs1)] != regs[Int(o.pointee.rs2)] {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        if distance < 0 && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, context)
    }
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_blt")
func threadedBlt(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    if Int32(bitPattern: regs[Int(o.pointee.rs1)]) < Int32(bitPattern: regs[Int(o.pointee.rs2)]) {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        if distance < 0 && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, context)
    }
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_bge")
func threadedBge(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    if Int32(bitPattern: regs[Int(o.pointee.rs1)]) >= Int32(bitPattern: regs[Int(o.pointee.rs2)]) {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        if distance < 0 && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, context)
    }
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_bltu")
func threadedBltu(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    if regs[Int(o.pointee.rs1)] < regs[Int(o.pointee.rs2)] {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        if distance < 0 && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, context)
    }
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_bgeu")
func threadedBgeu(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    if regs[Int(o.pointee.rs1)] >= regs[Int(o.pointee.rs2)] {
        let distance = Int(o.pointee.aux)
        let target = ip + distance
        if distance < 0 && count &+ 1 >= loopContext(context).pointee.limit {
            return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
        }
        return dispatch(target, regs, count &+ 1, context)
    }
    return advance(ip, regs, count, context)
}

@inline(__always) @_cdecl("emu_handler_jal")
func threadedJal(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip)
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: o.pointee.imm)
    let distance = Int(o.pointee.aux)
    let target = ip + distance
    if distance < 0 && count &+ 1 >= loopContext(context).pointee.limit {
        return ColdPaths.stop(target, count &+ 1, context, .budgetExhausted)
    }
    return dispatch(target, regs, count &+ 1, context)
}

/// §2.5.1: the target's bit 0 is cleared; rd is written after rs1 is read.
@inline(__always) @_cdecl("emu_handler_jalr")
func threadedJalr(
_ ip: UnsafeMutableRawPointer, _ regs: UnsafeMutablePointer<UInt32>, _ count: UInt64,
_ context: UnsafeMutableRawPointer
) -> UInt64 {
    let o = entry(ip), c = loopContext(context)
    let target = (regs[Int(o.pointee.rs1)] &+ UInt32(bitPattern: o.pointee.imm)) & ~1
    let offset = target &- c.pointee.codeStart
    guard target & c.pointee.jumpAlignMask == 0, offset < c.pointee.codeSpan else {
        return ColdPaths.jumpFault(ip, count, context, target)
    }
    regs[Int(o.pointee.rd)] = UInt32(bitPattern: o.pointee.aux)
    let next = c.pointee.entries + Int(offset >> 1) &* DecodedOp.stride
    if count &+ 1 >= c.pointee.limit { return ColdPaths.stop(next, count &+ 1, context, .budgetExhausted) }
    return dispatch(next, regs, count &+ 1, context)
}
