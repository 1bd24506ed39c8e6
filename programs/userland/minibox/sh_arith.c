/*
 * sh_arith.c - $((...)): C-like integer arithmetic on longs with shell
 * variables as operands (sh(1p) 2.6.4). Precedence climbing, from the
 * comma-free subset: assignment, ?:, || && | ^ &, == !=, < <= > >=, << >>,
 * + -, * / %, unary + - ! ~, parentheses.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minibox.h"
#include "sh.h"

struct arith {
	const char *s;
	size_t i;
	int error;
	int skip; /* evaluating a branch not taken: no assignments, no errors */
};

static void
skip_space(struct arith *a)
{
	while (a->s[a->i] == ' ' || a->s[a->i] == '\t' || a->s[a->i] == '\n')
		a->i++;
}

static void
fail(struct arith *a, const char *what)
{
	if (!a->error)
		warnx_("sh", "arithmetic: %s", what);
	a->error = 1;
}

static int
eat(struct arith *a, const char *op)
{
	skip_space(a);
	size_t n = strlen(op);
	if (strncmp(a->s + a->i, op, n) != 0)
		return 0;
	/* "<" must not match "<<" or "<=", "&" not "&&", "=" not "==". */
	char nx = a->s[a->i + n];
	if (n == 1 && (nx == op[0] || (nx == '=' && strchr("<>!=", op[0]))) && strchr("<>&|=", op[0]))
		return 0;
	if (n == 1 && nx == '=' && strchr("+-*/%", op[0]))
		return 0; /* a compound assignment */
	a->i += n;
	return 1;
}

static long assign(struct arith *a);

static long
var_value(struct arith *a, const char *name)
{
	const char *v = var_get(name);
	if (!v || !*v)
		return 0;
	long n;
	if (!parse_long(v, &n)) {
		if (!a->skip)
			fail(a, "a variable is not a number");
		return 0;
	}
	return n;
}

static long
primary(struct arith *a)
{
	skip_space(a);
	char c = a->s[a->i];
	if (c == '(') {
		a->i++;
		long v = assign(a);
		skip_space(a);
		if (a->s[a->i] != ')') {
			fail(a, "missing ')'");
			return 0;
		}
		a->i++;
		return v;
	}
	if (isdigit((unsigned char)c)) {
		char *end;
		long v = strtol(a->s + a->i, &end, 0);
		a->i = (size_t)(end - a->s);
		return v;
	}
	if (isalpha((unsigned char)c) || c == '_') {
		size_t start = a->i;
		while (isalnum((unsigned char)a->s[a->i]) || a->s[a->i] == '_')
			a->i++;
		char *name = xstrndup(a->s + start, a->i - start);
		return var_value(a, name);
	}
	fail(a, c ? "syntax error" : "missing operand");
	return 0;
}

static long
unary(struct arith *a)
{
	if (eat(a, "-"))
		return -unary(a);
	if (eat(a, "+"))
		return unary(a);
	if (eat(a, "!"))
		return !unary(a);
	if (eat(a, "~"))
		return ~unary(a);
	return primary(a);
}

/* Binary levels, lowest last; each entry lists its operators. */
static const char *const levels[][4] = {
	{"*", "/", "%", NULL}, {"+", "-", NULL}, {"<<", ">>", NULL},
	{"<=", ">=", "<", ">"}, {"==", "!=", NULL}, {"&", NULL}, {"^", NULL}, {"|", NULL},
};

static long
binary(struct arith *a, int level)
{
	if (level < 0)
		return unary(a);
	long left = binary(a, level - 1);
	for (;;) {
		const char *op = NULL;
		for (int k = 0; k < 4 && levels[level][k]; k++)
			if (eat(a, levels[level][k])) {
				op = levels[level][k];
				break;
			}
		if (!op || a->error)
			return left;
		long right = binary(a, level - 1);
		if (strcmp(op, "*") == 0) left = (long)((unsigned long)left * (unsigned long)right);
		else if (strcmp(op, "/") == 0 || strcmp(op, "%") == 0) {
			if (right == 0 || (left == LONG_MIN && right == -1)) {
				if (!a->skip)
					fail(a, "division by zero");
				left = 0;
			} else
				left = op[0] == '/' ? left / right : left % right;
		}
		else if (strcmp(op, "+") == 0) left = (long)((unsigned long)left + (unsigned long)right);
		else if (strcmp(op, "-") == 0) left = (long)((unsigned long)left - (unsigned long)right);
		else if (strcmp(op, "<<") == 0) left = (long)((unsigned long)left << (right & 63));
		else if (strcmp(op, ">>") == 0) left = left >> (right & 63);
		else if (strcmp(op, "<=") == 0) left = left <= right;
		else if (strcmp(op, ">=") == 0) left = left >= right;
		else if (strcmp(op, "<") == 0) left = left < right;
		else if (strcmp(op, ">") == 0) left = left > right;
		else if (strcmp(op, "==") == 0) left = left == right;
		else if (strcmp(op, "!=") == 0) left = left != right;
		else if (strcmp(op, "&") == 0) left = left & right;
		else if (strcmp(op, "^") == 0) left = left ^ right;
		else if (strcmp(op, "|") == 0) left = left | right;
	}
}

static long
logical_and(struct arith *a)
{
	long v = binary(a, 7);
	while (eat(a, "&&")) {
		int saved = a->skip;
		if (!v)
			a->skip = 1;
		long r = binary(a, 7);
		a->skip = saved;
		v = v && r;
	}
	return v;
}

static long
logical_or(struct arith *a)
{
	long v = logical_and(a);
	while (eat(a, "||")) {
		int saved = a->skip;
		if (v)
			a->skip = 1;
		long r = logical_and(a);
		a->skip = saved;
		v = v || r;
	}
	return v;
}

static long
conditional(struct arith *a)
{
	long c = logical_or(a);
	if (!eat(a, "?"))
		return c;
	int saved = a->skip;
	a->skip = saved || !c;
	long x = assign(a);
	a->skip = saved;
	if (!eat(a, ":")) {
		fail(a, "missing ':'");
		return 0;
	}
	a->skip = saved || c;
	long y = conditional(a);
	a->skip = saved;
	return c ? x : y;
}

static long
assign(struct arith *a)
{
	skip_space(a);
	size_t start = a->i;
	if (isalpha((unsigned char)a->s[a->i]) || a->s[a->i] == '_') {
		size_t k = a->i;
		while (isalnum((unsigned char)a->s[k]) || a->s[k] == '_')
			k++;
		size_t name_end = k;
		while (a->s[k] == ' ')
			k++;
		char op = 0;
		if (a->s[k] == '=' && a->s[k + 1] != '=')
			op = '=';
		else if (strchr("+-*/%", a->s[k]) && a->s[k] && a->s[k + 1] == '=')
			op = a->s[k++];
		if (op) {
			char *name = xstrndup(a->s + start, name_end - start);
			a->i = k + 1;
			long r = assign(a);
			long v = r;
			if (op != '=') {
				long old = var_value(a, name);
				if ((op == '/' || op == '%') && r == 0) {
					if (!a->skip)
						fail(a, "division by zero");
					return 0;
				}
				v = op == '+' ? old + r : op == '-' ? old - r : op == '*' ? old * r : op == '/' ? old / r : old % r;
			}
			if (!a->skip && !a->error) {
				char buf[32];
				snprintf(buf, sizeof buf, "%ld", v);
				var_set(name, buf);
			}
			return v;
		}
	}
	return conditional(a);
}

int
arith_eval(const char *expr, long *out)
{
	struct arith a = {.s = expr};
	skip_space(&a);
	if (!a.s[a.i]) {
		*out = 0;
		return 1;
	}
	long v = assign(&a);
	skip_space(&a);
	if (!a.error && a.s[a.i])
		fail(&a, "syntax error");
	*out = v;
	return !a.error;
}
