/// The riscv32 Linux signal frame (arch/riscv/kernel/signal.c, `struct rt_sigframe`),
/// which a handler finds on its stack and `rt_sigreturn` reads back:
///
/// ```
/// rt_sigframe (944 bytes, 16-aligned)
///   +0    siginfo_t info                      128 bytes
///   +128  struct ucontext uc                  816 bytes (16-aligned: it holds the FP union)
///           +0    uc_flags                    4
///           +4    uc_link                     4
///           +8    uc_stack (ss_sp, ss_flags, ss_size)  12
///           +20   uc_sigmask                  8
///           +28   padding to 1024 bits of mask  120
///           +148  (alignment)                 12
///           +160  uc_mcontext.sc_regs: pc, x1..x31   128
///           +288  uc_mcontext.sc_fpregs: union __riscv_fp_state  528
///                 (the Q layout: f[64] as 64-bit words, fcsr, 3 reserved words; the
///                 kernel writes the F or D view into its start)
/// ```
///
/// The FP area is zeros: emu runs RV32IMAC, which has no FP registers. Its size and offset
/// are the kernel's, so a program that walks the context (or one built with F/D later)
/// sees the layout it expects.
enum SignalFrame {
    static let size: UInt32 = 944
    static let infoOffset: UInt32 = 0
    static let contextOffset: UInt32 = 128
    // Offsets inside `struct ucontext`.
    static let stackOffset = 8
    static let maskOffset = 20
    static let registersOffset = 160
    static let fpOffset = 288
    static let fpSize = 528

    /// The frame's bytes: `info`, the alternate-stack description, the mask to restore, and
    /// the registers with `pc` as the interrupted pc.
    static func bytes(info: SignalInfo, stack: (base: UInt32, flags: UInt32, size: UInt32), mask: UInt64,
                      registers: [UInt32], pc: UInt32) -> [UInt8] {
        var frame = [UInt8](repeating: 0, count: Int(size))
        frame.replaceSubrange(0..<128, with: info.bytes)
        let context = Int(contextOffset)
        func put(_ value: UInt32, _ offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { frame.replaceSubrange(offset..<offset + 4, with: $0) }
        }
        put(stack.base, context + stackOffset)
        put(stack.flags, context + stackOffset + 4)
        put(stack.size, context + stackOffset + 8)
        put(UInt32(truncatingIfNeeded: mask), context + maskOffset)
        put(UInt32(truncatingIfNeeded: mask >> 32), context + maskOffset + 4)
        // sc_regs is `struct user_regs_struct`: pc where x0 would be, then x1...x31.
        put(pc, context + registersOffset)
        for index in 1..<32 { put(registers[index], context + registersOffset + 4 * index) }
        return frame
    }

    /// What `rt_sigreturn` takes back from a frame's bytes.
    struct Restored {
        var pc: UInt32
        var registers: [UInt32]  // x0...x31, x0 ignored
        var mask: UInt64
        var stack: (base: UInt32, flags: UInt32, size: UInt32)
    }

    static func restore(_ frame: [UInt8]) -> Restored {
        let context = Int(contextOffset)
        func word(_ offset: Int) -> UInt32 {
            frame.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        }
        let mask = UInt64(word(context + maskOffset)) | UInt64(word(context + maskOffset + 4)) << 32
        var registers = [UInt32](repeating: 0, count: 32)
        for index in 1..<32 { registers[index] = word(context + registersOffset + 4 * index) }
        return Restored(
            pc: word(context + registersOffset), registers: registers, mask: mask,
            stack: (word(context + stackOffset), word(context + stackOffset + 4), word(context + stackOffset + 8)))
    }

    /// The trampoline a handler returns to: `li a7, 139` (addi a7, x0, 139) and `ecall`,
    /// the two instructions of the kernel's vDSO `__vdso_rt_sigreturn`.
    static let trampolineCode: [UInt8] = {
        let li: UInt32 = 139 << 20 | 17 << 7 | 0x13
        let ecall: UInt32 = 0x73
        return withUnsafeBytes(of: li.littleEndian) { Array($0) } + withUnsafeBytes(of: ecall.littleEndian) { Array($0) }
    }()
}
