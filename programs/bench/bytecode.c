/*
 * bytecode.c - a small stack-machine interpreter running a guest
 * program: the dispatch-heavy shape of a scripting-language VM.
 *
 * The guest program (assembled below) sums the Collatz step counts of
 * 1..N-1 into a rotating hash. Size: N in thousands (default 45, range
 * 1..100, kept low so that every trajectory fits in 32 bits). Checksum:
 * the guest's result, mixed with the number of bytecodes executed.
 */
#include "bench.h"

enum opcode {
	OP_PUSH,  /* push the next word */
	OP_LOAD,  /* push variable[next word] */
	OP_STORE, /* pop into variable[next word] */
	OP_DUP,
	OP_ADD,
	OP_AND,
	OP_OR,
	OP_XOR,
	OP_SHL,
	OP_SHR,
	OP_LT,    /* pop b, pop a, push a < b */
	OP_JMP,   /* jump to the next word */
	OP_JZ,    /* pop; jump if zero */
	OP_JNZ,   /* pop; jump if not zero */
	OP_HALT,  /* pop the result and stop */
};

enum variable { V_N, V_I, V_X, V_STEPS, V_ACC, V_COUNT };
enum label { L_LOOP, L_INNER, L_EVEN, L_NEXT, L_INNER_END, L_END, L_COUNT };

/* A two-pass assembler: code() is called twice, first to learn where
 * the labels are, then to emit with every jump resolved. */
static uint32_t program[256];
static uint32_t program_length;
static uint32_t labels[L_COUNT];

static void
emit(uint32_t word)
{
	program[program_length++] = word;
}

static void
op1(enum opcode op, uint32_t operand)
{
	emit(op);
	emit(operand);
}

static void
mark(enum label l)
{
	labels[l] = program_length;
}

static void
code(void)
{
	program_length = 0;
	op1(OP_PUSH, 0);
	op1(OP_STORE, V_ACC);
	op1(OP_PUSH, 1);
	op1(OP_STORE, V_I);
	mark(L_LOOP); /* while i < n */
	op1(OP_LOAD, V_I);
	op1(OP_LOAD, V_N);
	emit(OP_LT);
	op1(OP_JZ, labels[L_END]);
	op1(OP_LOAD, V_I);
	op1(OP_STORE, V_X);
	op1(OP_PUSH, 0);
	op1(OP_STORE, V_STEPS);
	mark(L_INNER); /* while x != 1 */
	op1(OP_LOAD, V_X);
	op1(OP_PUSH, 1);
	emit(OP_XOR);
	op1(OP_JZ, labels[L_INNER_END]);
	op1(OP_LOAD, V_X); /* odd: x = 3x + 1 */
	op1(OP_PUSH, 1);
	emit(OP_AND);
	op1(OP_JZ, labels[L_EVEN]);
	op1(OP_LOAD, V_X);
	emit(OP_DUP);
	op1(OP_PUSH, 1);
	emit(OP_SHL);
	emit(OP_ADD);
	op1(OP_PUSH, 1);
	emit(OP_ADD);
	op1(OP_STORE, V_X);
	op1(OP_JMP, labels[L_NEXT]);
	mark(L_EVEN); /* even: x = x / 2 */
	op1(OP_LOAD, V_X);
	op1(OP_PUSH, 1);
	emit(OP_SHR);
	op1(OP_STORE, V_X);
	mark(L_NEXT);
	op1(OP_LOAD, V_STEPS);
	op1(OP_PUSH, 1);
	emit(OP_ADD);
	op1(OP_STORE, V_STEPS);
	op1(OP_JMP, labels[L_INNER]);
	mark(L_INNER_END); /* acc = rotl(acc, 5) ^ steps */
	op1(OP_LOAD, V_ACC);
	op1(OP_PUSH, 5);
	emit(OP_SHL);
	op1(OP_LOAD, V_ACC);
	op1(OP_PUSH, 27);
	emit(OP_SHR);
	emit(OP_OR);
	op1(OP_LOAD, V_STEPS);
	emit(OP_XOR);
	op1(OP_STORE, V_ACC);
	op1(OP_LOAD, V_I);
	op1(OP_PUSH, 1);
	emit(OP_ADD);
	op1(OP_STORE, V_I);
	op1(OP_JMP, labels[L_LOOP]);
	mark(L_END);
	op1(OP_LOAD, V_ACC);
	emit(OP_HALT);
}

/* Runs the program; returns its result and counts executed bytecodes. */
static uint32_t
run(uint32_t n, uint32_t *executed)
{
	uint32_t vars[V_COUNT] = {[V_N] = n};
	uint32_t stack[16];
	uint32_t sp = 0, pc = 0, count = 0;
	for (;;) {
		count++;
		uint32_t op = program[pc++];
		uint32_t a, b;
		switch (op) {
		case OP_PUSH:
			stack[sp++] = program[pc++];
			break;
		case OP_LOAD:
			stack[sp++] = vars[program[pc++]];
			break;
		case OP_STORE:
			vars[program[pc++]] = stack[--sp];
			break;
		case OP_DUP:
			stack[sp] = stack[sp - 1];
			sp++;
			break;
#define BINARY(OP, EXPR)          \
	case OP:                  \
		b = stack[--sp];  \
		a = stack[--sp];  \
		stack[sp++] = EXPR; \
		break;
		BINARY(OP_ADD, a + b)
		BINARY(OP_AND, a & b)
		BINARY(OP_OR, a | b)
		BINARY(OP_XOR, a ^ b)
		BINARY(OP_SHL, a << (b & 31))
		BINARY(OP_SHR, a >> (b & 31))
		BINARY(OP_LT, a < b)
#undef BINARY
		case OP_JMP:
			pc = program[pc];
			break;
		case OP_JZ:
			pc = stack[--sp] == 0 ? program[pc] : pc + 1;
			break;
		case OP_JNZ:
			pc = stack[--sp] != 0 ? program[pc] : pc + 1;
			break;
		case OP_HALT:
			*executed = count;
			return stack[--sp];
		default:
			*executed = count;
			return 0xdeadbeef; /* a corrupt program */
		}
	}
}

int
main(int argc, char **argv)
{
	long thousands = bench_size(argc, argv, 45, 1, 100);
	code(); /* learn the labels */
	code(); /* emit with them */
	uint32_t executed = 0;
	uint32_t result = run((uint32_t)thousands * 1000, &executed);
	printf("bytecode: %lu bytecodes executed\n", (unsigned long)executed);
	bench_report("bytecode", thousands, result ^ executed);
	return 0;
}
