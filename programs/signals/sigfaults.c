/* sigfaults - synchronous signals from faults delivered to the guest's handler:
 * SIGSEGV (unmapped: SEGV_MAPERR, read-only: SEGV_ACCERR) left with siglongjmp,
 * a fault fixed up by moving the saved pc past the instruction, SIGILL and
 * SIGTRAP with si_addr at the instruction, a stack overflow caught on the
 * alternate stack, SS_ONSTACK seen from inside. Ends with an unhandled fault: 139. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf escape;
static volatile int seen_signo, seen_code, fixups, on_alt;
static volatile uintptr_t seen_addr;
static char *alt_base;
static size_t alt_size = 64 * 1024;

static void jump_handler(int signo, siginfo_t *info, void *context) {
	(void)context;
	seen_signo = signo;
	seen_code = info->si_code;
	seen_addr = (uintptr_t)info->si_addr;
	char here;
	on_alt = alt_base && &here >= alt_base && &here < alt_base + alt_size;
	stack_t current;
	sigaltstack(NULL, &current);
	if (current.ss_flags & SS_ONSTACK) on_alt |= 2;
	siglongjmp(escape, 1);
}

static void fixup_handler(int signo, siginfo_t *info, void *context) {
	(void)signo;
	(void)info;
	ucontext_t *uc = context;
	/* __gregs[0] is the pc: skip the faulting instruction (2 or 4 bytes). */
	uint16_t low = *(uint16_t *)uc->uc_mcontext.__gregs[0];
	uc->uc_mcontext.__gregs[0] += (low & 3) == 3 ? 4 : 2;
	fixups++;
}

static volatile int forever = 1;
static int recurse(int n) {
	volatile char pad[1024];
	pad[0] = (char)n;
	if (!forever) return 0;
	return recurse(n + 1) + pad[0];
}

static void use(int signo, void (*handler)(int, siginfo_t *, void *), int flags) {
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_sigaction = handler;
	action.sa_flags = SA_SIGINFO | flags;
	sigaction(signo, &action, NULL);
}

int main(void) {
	setvbuf(stdout, NULL, _IONBF, 0);
	use(SIGSEGV, jump_handler, 0);
	use(SIGILL, jump_handler, 0);
	use(SIGTRAP, jump_handler, 0);

	if (sigsetjmp(escape, 1) == 0) *(volatile int *)0x10 = 1;
	printf("unmapped store: signo=%d code=%d addr=%#lx\n", seen_signo, seen_code, (unsigned long)seen_addr);

	if (sigsetjmp(escape, 1) == 0) (void)*(volatile int *)0x20;
	printf("unmapped load: signo=%d code=%d addr=%#lx\n", seen_signo, seen_code, (unsigned long)seen_addr);

	char *page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sigsetjmp(escape, 1) == 0) page[8] = 1;
	printf("read-only store: signo=%d code=%d offset=%ld\n", seen_signo, seen_code, (long)(seen_addr - (uintptr_t)page));

	/* The mask is restored by siglongjmp(..., 1): SIGSEGV is deliverable again. */
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	printf("after longjmp: segv_blocked=%d\n", sigismember(&now, SIGSEGV));

	extern char illegal_at[], trap_at[];
	if (sigsetjmp(escape, 1) == 0) __asm__ volatile("illegal_at: .4byte 0xffffffff");
	printf("illegal: signo=%d code=%d at_insn=%d\n", seen_signo, seen_code, seen_addr == (uintptr_t)illegal_at);
	if (sigsetjmp(escape, 1) == 0) __asm__ volatile("trap_at: ebreak");
	printf("ebreak: signo=%d at_insn=%d\n", seen_signo, seen_addr == (uintptr_t)trap_at);

	/* Fix up and return: the handler moves pc past the faulting load. */
	use(SIGSEGV, fixup_handler, 0);
	for (int i = 0; i < 3; i++) (void)*(volatile int *)0x30;
	printf("fixups: %d\n", fixups);

	/* Stack overflow: only an alternate stack leaves room for the handler. */
	alt_base = malloc(alt_size);
	stack_t stack = {.ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0};
	printf("sigaltstack: %d\n", sigaltstack(&stack, NULL));
	stack_t back;
	sigaltstack(NULL, &back);
	printf("altstack: same=%d flags=%d\n", back.ss_sp == alt_base && back.ss_size == alt_size, back.ss_flags);
	use(SIGSEGV, jump_handler, SA_ONSTACK);
	on_alt = 0;
	if (sigsetjmp(escape, 1) == 0) recurse(0);
	printf("overflow: signo=%d on_alt=%d\n", seen_signo, on_alt);
	sigaltstack(NULL, &back);
	printf("after: flags=%d\n", back.ss_flags);

	/* No handler: the fault ends the process (139), as before. */
	signal(SIGSEGV, SIG_DFL);
	printf("unhandled\n");
	*(volatile int *)0x40 = 1;
	return 0;
}
