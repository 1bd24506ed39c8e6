/*
 * sh_expand.c - word expansion (sh(1p) 2.6): parameters, command
 * substitution, arithmetic, then field splitting, pathname expansion and
 * quote removal.
 *
 * A word expands into a buffer of characters, each with flags saying where
 * it came from: quoted characters are never split or globbed, characters
 * from an unquoted expansion are split on IFS. That is the whole trick
 * that makes "$x" and $x differ.
 */
#include <fnmatch.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minibox.h"
#include "sh.h"

enum { F_QUOTED = 1, F_SPLIT = 2, F_BREAK = 4 /* "$@": end this field */, F_MARK = 8 /* "" : a field even if empty */ };

struct xbuf {
	char *c;
	unsigned char *f;
	size_t n, cap;
};

static void
put(struct xbuf *b, char c, unsigned char f)
{
	if (b->n + 1 >= b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->c = xrealloc(b->c, b->cap);
		b->f = xrealloc(b->f, b->cap);
	}
	b->c[b->n] = c;
	b->f[b->n++] = f;
}

static void
puts_flag(struct xbuf *b, const char *s, unsigned char f)
{
	for (; *s; s++)
		put(b, *s, f);
}

static char *
fmt_long(long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", v);
	return xstrdup(buf);
}

/* The value of a special or positional parameter, or a variable. NULL:
 * unset. `@` and `*` are joined with spaces here; "$@" is handled apart. */
static char *
param_value(const char *name)
{
	if (strcmp(name, "?") == 0)
		return fmt_long(sh.status);
	if (strcmp(name, "$") == 0)
		return fmt_long(sh.pid);
	if (strcmp(name, "!") == 0)
		return sh.last_bg ? fmt_long(sh.last_bg) : xstrdup("");
	if (strcmp(name, "#") == 0)
		return fmt_long(sh.nparams);
	if (strcmp(name, "0") == 0)
		return xstrdup(sh.arg0);
	if (strcmp(name, "@") == 0 || strcmp(name, "*") == 0) {
		size_t len = 1;
		for (int i = 0; i < sh.nparams; i++)
			len += strlen(sh.params[i]) + 1;
		char *s = xmalloc(len);
		s[0] = 0;
		for (int i = 0; i < sh.nparams; i++) {
			if (i)
				strcat(s, " ");
			strcat(s, sh.params[i]);
		}
		return s;
	}
	long n;
	if (parse_long(name, &n)) {
		if (n >= 1 && n <= sh.nparams)
			return xstrdup(sh.params[n - 1]);
		return NULL;
	}
	const char *v = var_get(name);
	return v ? xstrdup(v) : NULL;
}

/* Removes the shortest/longest prefix/suffix of VALUE matching PATTERN. */
static char *
trim(const char *value, const char *pattern, int suffix, int longest)
{
	size_t len = strlen(value);
	char *tmp = xmalloc(len + 1);
	for (size_t k = 0; k <= len; k++) {
		size_t cut = longest ? len - k : k;
		if (suffix) {
			if (fnmatch(pattern, value + (len - cut), 0) == 0) {
				free(tmp);
				return xstrndup(value, len - cut);
			}
		} else {
			memcpy(tmp, value, cut);
			tmp[cut] = 0;
			if (fnmatch(pattern, tmp, 0) == 0) {
				free(tmp);
				return xstrdup(value + cut);
			}
		}
	}
	free(tmp);
	return xstrdup(value);
}

static void expand_into(struct xbuf *b, const char *s, size_t len, int quoted);

/* ${...}: BODY is what is between the braces. */
static int
expand_braced(struct xbuf *b, const char *body, int quoted)
{
	unsigned char f = quoted ? F_QUOTED : F_SPLIT;
	if (body[0] == '#' && body[1]) {
		char *v = param_value(body + 1);
		char *n = fmt_long(v ? (long)strlen(v) : 0);
		puts_flag(b, n, f);
		return 1;
	}
	size_t nlen = 0;
	if (strchr("?$!#@*0123456789", body[0]) && body[0]) {
		nlen = 1;
		while (body[0] >= '0' && body[0] <= '9' && body[nlen] >= '0' && body[nlen] <= '9')
			nlen++;
	} else {
		while (body[nlen] && (body[nlen] == '_' || (body[nlen] >= 'a' && body[nlen] <= 'z') ||
		                      (body[nlen] >= 'A' && body[nlen] <= 'Z') || (nlen && body[nlen] >= '0' && body[nlen] <= '9')))
			nlen++;
	}
	if (nlen == 0) {
		warnx_("sh", "${%s}: bad substitution", body);
		return 0;
	}
	char *name = xstrndup(body, nlen);
	char *v = param_value(name);
	const char *op = body + nlen;
	if (!*op) {
		if (v)
			puts_flag(b, v, f);
		return 1;
	}
	int colon = op[0] == ':';
	if (colon)
		op++;
	char kind = op[0];
	const char *word = op + 1;
	int is_set = v && (!colon || *v);
	switch (kind) {
	case '-':
	case '=':
	case '?':
	case '+': {
		int use_word = (kind == '+') ? is_set : !is_set;
		if (!use_word) {
			if (v && kind != '+')
				puts_flag(b, v, f);
			return 1;
		}
		if (kind == '=' || kind == '?') {
			char *w = expand_single(word);
			if (kind == '?') {
				warnx_("sh", "%s: %s", name, *w ? w : "parameter not set");
				return -1;
			}
			if (!valid_name(name, strlen(name))) {
				warnx_("sh", "%s: cannot assign", name);
				return 0;
			}
			var_set(name, w);
			puts_flag(b, w, f);
			return 1;
		}
		expand_into(b, word, strlen(word), quoted);
		return 1;
	}
	case '%':
	case '#': {
		int longest = op[1] == kind;
		char *pat = expand_single(word + longest);
		char *r = trim(v ? v : "", pat, kind == '%', longest);
		puts_flag(b, r, f);
		return 1;
	}
	}
	warnx_("sh", "${%s}: bad substitution", body);
	return 0;
}

static int expand_failed;

/* Expands the $ construct at S[*I] into B, advancing *I. */
static void
expand_dollar(struct xbuf *b, const char *s, size_t len, size_t *i, int quoted)
{
	unsigned char f = quoted ? F_QUOTED : F_SPLIT;
	size_t p = *i + 1;
	if (p < len && s[p] == '(') {
		int arith = p + 1 < len && s[p + 1] == '(';
		/* Find the matching ')' (the lexer checked it exists). */
		int depth = 0;
		size_t q = p;
		for (; q < len; q++) {
			if (s[q] == '\\') {
				q++;
				continue;
			}
			if (s[q] == '\'') {
				const char *e = memchr(s + q + 1, '\'', len - q - 1);
				q = e ? (size_t)(e - s) : len;
				continue;
			}
			if (s[q] == '(')
				depth++;
			else if (s[q] == ')' && --depth == 0)
				break;
		}
		*i = q + 1;
		if (arith) {
			/* $((E)): E spans p+2 .. q-1 (the last ')' of "))" is q). */
			char *inner = xstrndup(s + p + 2, q - p - 3);
			char *e = expand_single(inner);
			long v;
			if (!arith_eval(e, &v)) {
				expand_failed = 1;
				return;
			}
			puts_flag(b, fmt_long(v), f);
			return;
		}
		char *inner = xstrndup(s + p + 1, q - p - 1);
		puts_flag(b, command_output(inner), f);
		return;
	}
	if (p < len && s[p] == '{') {
		const char *close = NULL;
		int depth = 0;
		for (size_t q = p; q < len; q++) {
			if (s[q] == '\\') {
				q++;
				continue;
			}
			if (s[q] == '{')
				depth++;
			else if (s[q] == '}' && --depth == 0) {
				close = s + q;
				break;
			}
		}
		if (!close)
			close = s + len;
		char *body = xstrndup(s + p + 1, (size_t)(close - s) - p - 1);
		*i = (size_t)(close - s) + 1;
		if (quoted && strcmp(body, "@") == 0) {
			for (int k = 0; k < sh.nparams; k++) {
				if (k)
					put(b, 0, F_BREAK);
				puts_flag(b, sh.params[k], F_QUOTED);
			}
			return;
		}
		int r = expand_braced(b, body, quoted);
		if (r <= 0) {
			expand_failed = 1;
			if (r < 0 && !sh.subshell)
				shell_exit(1);
			if (r < 0)
				child_exit(1);
		}
		return;
	}
	if (p < len && quoted && s[p] == '@') {
		*i = p + 1;
		for (int k = 0; k < sh.nparams; k++) {
			if (k)
				put(b, 0, F_BREAK);
			puts_flag(b, sh.params[k], F_QUOTED);
		}
		return;
	}
	size_t q = p;
	if (q < len && strchr("?$!#@*0123456789", s[q]) && s[q]) {
		q++;
	} else {
		while (q < len && (s[q] == '_' || (s[q] >= 'a' && s[q] <= 'z') || (s[q] >= 'A' && s[q] <= 'Z') ||
		                   (q > p && s[q] >= '0' && s[q] <= '9')))
			q++;
	}
	if (q == p) {
		put(b, '$', quoted ? F_QUOTED : 0);
		*i = p;
		return;
	}
	char *name = xstrndup(s + p, q - p);
	*i = q;
	char *v = param_value(name);
	if (v)
		puts_flag(b, v, f);
}

/* `...`: the body with \$ \` \\ unescaped, run as $(...). */
static void
expand_backquote(struct xbuf *b, const char *s, size_t len, size_t *i, int quoted)
{
	size_t q = *i + 1;
	char *text = xmalloc(len + 1);
	size_t n = 0;
	while (q < len && s[q] != '`') {
		if (s[q] == '\\' && q + 1 < len && strchr("$`\\", s[q + 1])) {
			q++;
		}
		text[n++] = s[q++];
	}
	text[n] = 0;
	*i = q + 1;
	puts_flag(b, command_output(text), quoted ? F_QUOTED : F_SPLIT);
}

static void
expand_into(struct xbuf *b, const char *s, size_t len, int quoted)
{
	size_t i = 0;
	while (i < len) {
		char c = s[i];
		if (c == '\\') {
			if (i + 1 >= len) {
				put(b, '\\', quoted ? F_QUOTED : 0);
				i++;
			} else if (!quoted || strchr("$`\"\\\n", s[i + 1])) {
				if (s[i + 1] != '\n')
					put(b, s[i + 1], F_QUOTED);
				i += 2;
			} else {
				put(b, '\\', F_QUOTED);
				i++;
			}
		} else if (c == '\'' && !quoted) {
			put(b, 0, F_MARK);
			const char *e = memchr(s + i + 1, '\'', len - i - 1);
			size_t end = e ? (size_t)(e - s) : len;
			for (size_t k = i + 1; k < end; k++)
				put(b, s[k], F_QUOTED);
			i = end + 1;
		} else if (c == '"' && !quoted) {
			size_t mark = b->n;
			put(b, 0, F_MARK);
			/* Find the closing quote, skipping nested constructs. */
			size_t k = i + 1;
			while (k < len && s[k] != '"') {
				if (s[k] == '\\')
					k += 2;
				else if (s[k] == '`' || (s[k] == '$' && k + 1 < len && (s[k + 1] == '(' || s[k + 1] == '{'))) {
					/* Reuse the lexer's rules through a private copy. */
					char *rest = xstrndup(s + k, len - k);
					long j = minibox_skip_construct(rest, 0);
					free(rest);
					k += j > 0 ? (size_t)j : len - k;
				} else
					k++;
			}
			size_t inner = (k < len ? k : len) - i - 1;
			expand_into(b, s + i + 1, inner, 1);
			/* "$@" without parameters is no field at all, unlike "". */
			if (sh.nparams == 0 && ((inner == 2 && strncmp(s + i + 1, "$@", 2) == 0) ||
			                        (inner == 4 && strncmp(s + i + 1, "${@}", 4) == 0)))
				b->f[mark] = 0, b->n = mark;
			i = k + 1;
		} else if (c == '$') {
			expand_dollar(b, s, len, &i, quoted);
		} else if (c == '`') {
			expand_backquote(b, s, len, &i, quoted);
		} else {
			put(b, c, quoted ? F_QUOTED : 0);
			i++;
		}
	}
}

char *
expand_single(const char *word)
{
	struct xbuf b = {0};
	expand_into(&b, word, strlen(word), 0);
	char *out = xmalloc(b.n + 1);
	size_t n = 0;
	for (size_t i = 0; i < b.n; i++)
		if (!(b.f[i] & (F_MARK | F_BREAK)))
			out[n++] = b.c[i];
	out[n] = 0;
	free(b.c);
	free(b.f);
	return out;
}

struct fields {
	char **v;
	int n, cap;
};

static void
add_field(struct fields *fl, char *s)
{
	if (fl->n + 2 > fl->cap) {
		fl->cap = fl->cap ? fl->cap * 2 : 16;
		fl->v = xrealloc(fl->v, sizeof(char *) * (size_t)fl->cap);
	}
	fl->v[fl->n++] = s;
	fl->v[fl->n] = NULL;
}

static int
glob_compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One finished field: globbed if it has an unquoted * ? or [. */
static void
finish_field(struct fields *fl, const char *c, const unsigned char *f, size_t n)
{
	int magic = 0;
	for (size_t i = 0; i < n; i++)
		if (!(f[i] & F_QUOTED) && (c[i] == '*' || c[i] == '?' || c[i] == '['))
			magic = 1;
	char *plain = xmalloc(n + 1);
	size_t pn = 0;
	for (size_t i = 0; i < n; i++)
		if (!(f[i] & F_MARK))
			plain[pn++] = c[i];
	plain[pn] = 0;
	if (magic) {
		char *pattern = xmalloc(2 * n + 1);
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (f[i] & F_MARK)
				continue;
			if ((f[i] & F_QUOTED) && strchr("*?[\\", c[i]))
				pattern[k++] = '\\';
			pattern[k++] = c[i];
		}
		pattern[k] = 0;
		glob_t g;
		/* Why our own sort (GLOB_NOSORT + qsort): the order must not
		 * depend on the libc's collation. */
		if (glob(pattern, GLOB_NOSORT, NULL, &g) == 0 && g.gl_pathc > 0) {
			qsort(g.gl_pathv, g.gl_pathc, sizeof(char *), glob_compare);
			for (size_t i = 0; i < g.gl_pathc; i++)
				add_field(fl, xstrdup(g.gl_pathv[i]));
			globfree(&g);
			return;
		}
	}
	add_field(fl, plain);
}

char **
expand_words(char **words, int nwords, int *nfields)
{
	struct fields fl = {0};
	add_field(&fl, NULL);
	fl.n = 0;
	const char *ifs = var_get("IFS");
	if (!ifs)
		ifs = " \t\n";
	for (int w = 0; w < nwords; w++) {
		struct xbuf b = {0};
		expand_failed = 0;
		expand_into(&b, words[w], strlen(words[w]), 0);
		if (expand_failed) {
			*nfields = -1;
			return NULL;
		}
		size_t start = 0;
		int has_content = 0; /* the current field exists (chars or quotes) */
		for (size_t i = 0; i <= b.n; i++) {
			int end = i == b.n;
			int brk = !end && (b.f[i] & F_BREAK);
			int sep = !end && (b.f[i] & F_SPLIT) && b.c[i] && strchr(ifs, b.c[i]);
			if (end || brk || sep) {
				if (has_content || brk)
					finish_field(&fl, b.c + start, b.f + start, i - start);
				has_content = 0;
				start = i + 1;
				continue;
			}
			has_content = 1;
		}
		free(b.c);
		free(b.f);
	}
	*nfields = fl.n;
	return fl.v;
}
