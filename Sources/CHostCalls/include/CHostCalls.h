// Host calls for emu's jail (`--isolate`) that Swift cannot bind by itself: variadic C
// functions (prctl), calls glibc 2.36 has no wrapper for (pivot_root, capset, open_tree,
// move_mount, mount_setattr), and a clone() whose child must run only async-signal-safe C
// until it execs. Each wrapper returns what the call returns and leaves errno set.
#ifndef EMU_CHOSTCALLS_H
#define EMU_CHOSTCALLS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// prctl(2) with integer arguments (variadic in C).
int emu_prctl(int option, unsigned long second, unsigned long third, unsigned long fourth, unsigned long fifth);

/// pipe2(2) with O_CLOEXEC (declared only under _GNU_SOURCE).
int emu_pipe_cloexec(int fds[2]);

/// pidfd_open(2) (Linux 5.3; no glibc 2.36 wrapper).
int emu_pidfd_open(pid_t pid);

/// pivot_root(2).
int emu_pivot_root(const char *new_root, const char *put_old);

/// capset(2) clearing the effective, permitted and inheritable sets (version 3 header).
int emu_capset_none(void);

/// open_tree(2): a detached copy (OPEN_TREE_CLONE) of the mount tree at `path`,
/// recursive, close-on-exec when `cloexec` is non-zero.
int emu_open_tree_clone(int dirfd, const char *path, int empty_path, int cloexec);

/// mount_setattr(2) on a detached tree: sets MOUNT_ATTR_IDMAP with `userns_fd` when it is
/// not negative, MOUNT_ATTR_NOSUID | NODEV always, and MOUNT_ATTR_RDONLY when `readonly`
/// is non-zero.
int emu_mount_setattr(int fd, int userns_fd, int readonly);

/// move_mount(2) of the detached tree `fd` onto `target`.
int emu_move_mount(int fd, const char *target);

/// clone(2) with `flags` (namespace flags; SIGCHLD is added). The child closes
/// `close_fd`, sets PR_SET_PDEATHSIG(SIGKILL), waits until one byte can be read from
/// `wait_fd`, then execs `path` with `argv` and `envp` (or exits 0 when `path` is NULL,
/// which makes a child that only holds its new namespaces until released). It exits 125
/// when the wait ends without a byte and 127 when exec fails. Returns the child's pid, or
/// -1 with errno.
pid_t emu_clone_waiting(int flags, int wait_fd, int close_fd, const char *path, char *const argv[],
                        char *const envp[]);

// MARK: - Floating point (float.c)
//
// The F and D extensions' arithmetic on bit patterns (NaN-boxing is the caller's). `rm` is
// a resolved RISC-V rounding mode, 0 (RNE) ... 4 (RMM); each call ORs the RISC-V exception
// flags it raises (NX 1, UF 2, OF 4, DZ 8, NV 16) into `*flags`. NaN results are the
// canonical NaN. The host is left in round-to-nearest with no flag raised.

/// The exception flags the host FPU has raised since they were last cleared, as RISC-V
/// fflags bits; clears them. The threaded loop's FP handlers leave their flags in the host
/// FPU, and the loop collects them with this (see `Machine.collectHostFloatFlags`).
uint32_t emu_host_float_flags_take(void);

/// The operation of `emu_f32_arith` / `emu_f64_arith`.
enum { EMU_FP_ADD = 0, EMU_FP_SUB = 1, EMU_FP_MUL = 2, EMU_FP_DIV = 3 };

uint32_t emu_f32_arith(int op, uint32_t a, uint32_t b, int rm, uint32_t *flags);
uint64_t emu_f64_arith(int op, uint64_t a, uint64_t b, int rm, uint32_t *flags);
/// a * b + c with one rounding (the fused forms negate their operands' sign bits first).
uint32_t emu_f32_fma(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *flags);
uint64_t emu_f64_fma(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *flags);
uint32_t emu_f32_sqrt(uint32_t a, int rm, uint32_t *flags);
uint64_t emu_f64_sqrt(uint64_t a, int rm, uint32_t *flags);
/// fcvt.s.d.
uint32_t emu_f32_from_f64(uint64_t a, int rm, uint32_t *flags);
/// fcvt.d.s (exact; NV for a signaling NaN).
uint64_t emu_f64_from_f32(uint32_t a, uint32_t *flags);
/// fcvt.w[u].s / fcvt.w[u].d: rounded, saturated, NV when out of range or NaN.
uint32_t emu_f32_to_int(uint32_t a, int is_unsigned, int rm, uint32_t *flags);
uint32_t emu_f64_to_int(uint64_t a, int is_unsigned, int rm, uint32_t *flags);
/// fcvt.s.w[u].
uint32_t emu_f32_from_int(uint32_t v, int is_unsigned, int rm, uint32_t *flags);
/// fcvt.d.w[u] (always exact).
uint64_t emu_f64_from_int(uint32_t v, int is_unsigned);

// MARK: - Fused multiply-add handlers (fused.c)

/// The fields of a `DecodedOp` the fused handlers read (its layout; `imm` holds rs3).
struct emu_fused_entry {
    void *function;
    uint8_t kind, rd, rs1, rs2, next_bytes;
    int32_t rs3;
};

/// The start of `LoopContext`, up to the field the fused handlers read.
struct emu_fused_context {
    void *host_bias, *page_flags, *entries;
    uint32_t code_start, code_span;
    void *code_ready;
    uint32_t jump_align_mask;
    uint64_t limit;
    void *store_miss, *load_miss;
    uint64_t *float_registers;
};

/// Whether the offsets Swift gives for `DecodedOp.rd`, `.rs1`, `.rs2`, `.imm` and
/// `LoopContext.floatRegisters` are those of the layouts above.
int emu_fused_layout_matches(size_t entry_rd, size_t entry_rs1, size_t entry_rs2, size_t entry_imm,
                             size_t context_float_registers);
/// Whether the host CPU has FMA (x86-64's FMA3), which the fused handlers run on.
int emu_host_has_fma(void);

#define EMU_THREADED_HANDLER(name)                                                                  \
    uint64_t name(void *ip, uint32_t *regs, uint64_t count, uintptr_t scratch, void *context)
/// fmadd, fmsub, fnmsub, fnmadd (double and single) as threaded handlers.
EMU_THREADED_HANDLER(emu_handler_fmaddD);
EMU_THREADED_HANDLER(emu_handler_fmsubD);
EMU_THREADED_HANDLER(emu_handler_fnmsubD);
EMU_THREADED_HANDLER(emu_handler_fnmaddD);
EMU_THREADED_HANDLER(emu_handler_fmaddS);
EMU_THREADED_HANDLER(emu_handler_fmsubS);
EMU_THREADED_HANDLER(emu_handler_fnmsubS);
EMU_THREADED_HANDLER(emu_handler_fnmaddS);

// MARK: - Atomics and preemption slots (atomics.c)

/// The operations of `emu_amo32`, one per AMO*.W.
enum { EMU_AMO_SWAP, EMU_AMO_ADD, EMU_AMO_XOR, EMU_AMO_AND, EMU_AMO_OR, EMU_AMO_MIN, EMU_AMO_MAX, EMU_AMO_MINU,
       EMU_AMO_MAXU };
/// One AMO on the naturally aligned word at host `address`, sequentially consistent;
/// returns the old value.
uint32_t emu_amo32(int op, void *address, uint32_t operand);
/// Compare-and-swap of the word at `address`; non-zero when it held `expected` and now holds `desired`.
int emu_cas32(void *address, uint32_t expected, uint32_t desired);
/// A sequentially consistent load of the word at `address`.
uint32_t emu_load32_acquire(const void *address);
/// A full host barrier (mfence on x86-64).
void emu_full_fence(void);

/// Guest threads that can be preempted at once (one slot each; slot 0 is the main thread).
#define EMU_PREEMPT_SLOTS 1024
/// Names the calling host thread's slot.
void emu_preempt_set_slot(int slot);
/// The calling host thread's slot.
int emu_preempt_slot(void);
/// Ends the running (or next) loop of `slot` soon. Async-signal-safe.
void emu_preempt_request(int slot);
/// `emu_preempt_request` for every slot. Async-signal-safe.
void emu_preempt_request_all(void);
/// Publishes the calling thread's loop limit, consuming its pending request.
void emu_preempt_enter(uint64_t *limit);
/// Withdraws it, recording whether the run was preempted.
void emu_preempt_leave(uint64_t *limit);
/// Whether the calling thread's last run was preempted.
int emu_preempt_last_run_preempted(void);
/// Takes a request for the calling thread that no loop has seen yet: non-zero if there was one.
int emu_preempt_take_pending(void);

#endif
