/*
 * applets_text.c - the text filters: cat tr wc sort uniq head tail rev grep
 * cut tee. Each reads its files (or stdin, also for "-") with stdio.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minibox.h"

/* Opens PATH for an applet ("-": stdin); NULL after a message. */
static FILE *
open_input(const char *applet, const char *path)
{
	if (strcmp(path, "-") == 0)
		return stdin;
	FILE *f = fopen(path, "r");
	if (!f)
		warnx_(applet, "%s: %s", path, errtext(errno));
	return f;
}

static void
close_input(FILE *f)
{
	if (f != stdin)
		fclose(f);
}

/* Runs EACH on every file operand (stdin if none); 1 if one failed. */
static int
for_each_input(const char *applet, int argc, char **argv, int first, void (*each)(FILE *, void *), void *ctx)
{
	static char dash[] = "-";
	char *none[] = {dash};
	char **files = argv + first;
	int n = argc - first;
	if (n <= 0) {
		files = none;
		n = 1;
	}
	int status = 0;
	for (int i = 0; i < n; i++) {
		FILE *f = open_input(applet, files[i]);
		if (!f) {
			status = 1;
			continue;
		}
		each(f, ctx);
		close_input(f);
	}
	return status;
}

static void
copy_out(FILE *f, void *ctx)
{
	(void)ctx;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return;
}

int
applet_cat(int argc, char **argv)
{
	return for_each_input("cat", argc, argv, 1, copy_out, NULL);
}

/* tr SET: ranges a-z and the escapes \n \t \\ expanded to 256 bytes max. */
static size_t
expand_set(const char *s, unsigned char *out)
{
	size_t n = 0;
	while (*s && n < 256) {
		int c = (unsigned char)*s++;
		if (c == '\\' && *s) {
			c = (unsigned char)*s++;
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		}
		if (*s == '-' && s[1]) {
			int hi = (unsigned char)s[1];
			s += 2;
			for (int k = c; k <= hi && n < 256; k++)
				out[n++] = (unsigned char)k;
			continue;
		}
		out[n++] = (unsigned char)c;
	}
	return n;
}

int
applet_tr(int argc, char **argv)
{
	int del = 0, squeeze = 0, i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'd')
				del = 1;
			else if (*p == 's')
				squeeze = 1;
			else {
				warnx_("tr", "-%c: unknown option", *p);
				return 1;
			}
		}
	}
	if (i >= argc || (!del && !squeeze && i + 1 >= argc)) {
		warnx_("tr", "missing operand");
		return 1;
	}
	unsigned char set1[256], set2[256];
	size_t n1 = expand_set(argv[i], set1), n2 = i + 1 < argc ? expand_set(argv[i + 1], set2) : 0;
	int map[256], in1[256] = {0}, in2[256] = {0};
	for (int c = 0; c < 256; c++)
		map[c] = c;
	for (size_t k = 0; k < n1; k++) {
		in1[set1[k]] = 1;
		if (!del && n2)
			map[set1[k]] = set2[k < n2 ? k : n2 - 1];
	}
	for (size_t k = 0; k < n2; k++)
		in2[set2[k]] = 1;
	int last = -1, c;
	while ((c = getchar()) != EOF) {
		if (del && in1[c])
			continue;
		int out = map[c];
		int *squeeze_set = (del || !n2) ? in1 : in2;
		if (del && n2)
			squeeze_set = in2;
		if (squeeze && out == last && squeeze_set[out])
			continue;
		putchar(out);
		last = out;
	}
	return 0;
}

struct wc_counts {
	long lines, words, bytes;
};

static void
count(FILE *f, void *ctx)
{
	struct wc_counts *c = ctx;
	int ch, inword = 0;
	while ((ch = getc(f)) != EOF) {
		c->bytes++;
		if (ch == '\n')
			c->lines++;
		if (isspace(ch))
			inword = 0;
		else if (!inword) {
			inword = 1;
			c->words++;
		}
	}
}

int
applet_wc(int argc, char **argv)
{
	int l = 0, w = 0, b = 0, i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'l')
				l = 1;
			else if (*p == 'w')
				w = 1;
			else if (*p == 'c')
				b = 1;
			else {
				warnx_("wc", "-%c: unknown option", *p);
				return 1;
			}
		}
	if (!l && !w && !b)
		l = w = b = 1;
	int status = 0;
	struct wc_counts total = {0};
	int nfiles = argc - i;
	for (int k = 0; k < (nfiles ? nfiles : 1); k++) {
		struct wc_counts c = {0};
		char *name = nfiles ? argv[i + k] : NULL;
		FILE *f = open_input("wc", name ? name : "-");
		if (!f) {
			status = 1;
			continue;
		}
		count(f, &c);
		close_input(f);
		const char *sep = "";
		if (l) { printf("%s%ld", sep, c.lines); sep = " "; }
		if (w) { printf("%s%ld", sep, c.words); sep = " "; }
		if (b) { printf("%s%ld", sep, c.bytes); }
		printf(name ? " %s\n" : "\n", name);
		total.lines += c.lines;
		total.words += c.words;
		total.bytes += c.bytes;
	}
	if (nfiles > 1) {
		const char *sep = "";
		if (l) { printf("%s%ld", sep, total.lines); sep = " "; }
		if (w) { printf("%s%ld", sep, total.words); sep = " "; }
		if (b) { printf("%s%ld", sep, total.bytes); }
		printf(" total\n");
	}
	return status;
}

struct lines {
	char **v;
	size_t n, cap;
};

static void
collect(FILE *f, void *ctx)
{
	struct lines *ls = ctx;
	struct line_reader r = {0};
	size_t len;
	char *line;
	while ((line = read_line(f, &r, &len))) {
		if (ls->n == ls->cap) {
			ls->cap = ls->cap ? ls->cap * 2 : 64;
			ls->v = xrealloc(ls->v, sizeof(char *) * ls->cap);
		}
		ls->v[ls->n++] = xstrndup(line, len);
	}
	free(r.buf);
}

static int sort_numeric, sort_reverse;

static int
compare_lines(const void *pa, const void *pb)
{
	const char *a = *(char *const *)pa, *b = *(char *const *)pb;
	int r;
	if (sort_numeric) {
		long x = strtol(a, NULL, 10), y = strtol(b, NULL, 10);
		r = x < y ? -1 : x > y;
		if (r == 0)
			r = strcmp(a, b);
	} else {
		r = strcmp(a, b);
	}
	return sort_reverse ? -r : r;
}

int
applet_sort(int argc, char **argv)
{
	int unique = 0, i = 1;
	sort_numeric = sort_reverse = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'n')
				sort_numeric = 1;
			else if (*p == 'r')
				sort_reverse = 1;
			else if (*p == 'u')
				unique = 1;
			else {
				warnx_("sort", "-%c: unknown option", *p);
				return 2;
			}
		}
	struct lines ls = {0};
	int status = for_each_input("sort", argc, argv, i, collect, &ls);
	if (ls.n)
		qsort(ls.v, ls.n, sizeof(char *), compare_lines);
	for (size_t k = 0; k < ls.n; k++) {
		if (unique && k && compare_lines(&ls.v[k], &ls.v[k - 1]) == 0)
			continue;
		puts(ls.v[k]);
	}
	return status ? 2 : 0;
}

int
applet_uniq(int argc, char **argv)
{
	int counts = 0, dups = 0, i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'c')
				counts = 1;
			else if (*p == 'd')
				dups = 1;
			else {
				warnx_("uniq", "-%c: unknown option", *p);
				return 1;
			}
		}
	FILE *f = open_input("uniq", i < argc ? argv[i] : "-");
	if (!f)
		return 1;
	struct line_reader r = {0};
	char *prev = NULL, *line;
	long n = 0;
	size_t len;
	for (;;) {
		line = read_line(f, &r, &len);
		if (prev && (!line || strcmp(line, prev) != 0)) {
			if (!dups || n > 1) {
				if (counts)
					printf("%7ld %s\n", n, prev);
				else
					puts(prev);
			}
			free(prev);
			prev = NULL;
		}
		if (!line)
			break;
		if (!prev) {
			prev = xstrdup(line);
			n = 0;
		}
		n++;
	}
	close_input(f);
	return 0;
}

/* -n N, -N or -n +N (tail: from line N). */
static int
line_count_option(const char *applet, int argc, char **argv, int *i, long *n, int *from_start)
{
	*n = 10;
	*from_start = 0;
	if (*i < argc && argv[*i][0] == '-' && argv[*i][1] >= '0' && argv[*i][1] <= '9') {
		if (!parse_long(argv[*i] + 1, n))
			goto bad;
		(*i)++;
	} else if (*i < argc && strcmp(argv[*i], "-n") == 0) {
		if (*i + 1 >= argc)
			goto bad;
		const char *v = argv[*i + 1];
		if (*v == '+') {
			*from_start = 1;
			v++;
		}
		if (!parse_long(v, n) || *n < 0)
			goto bad;
		*i += 2;
	}
	return 1;
bad:
	warnx_(applet, "bad line count");
	return 0;
}

int
applet_head(int argc, char **argv)
{
	int i = 1, from_start;
	long n;
	if (!line_count_option("head", argc, argv, &i, &n, &from_start))
		return 1;
	FILE *f = open_input("head", i < argc ? argv[i] : "-");
	if (!f)
		return 1;
	int c;
	for (long lines = 0; lines < n && (c = getc(f)) != EOF;) {
		putchar(c);
		if (c == '\n')
			lines++;
	}
	close_input(f);
	return 0;
}

int
applet_tail(int argc, char **argv)
{
	int i = 1, from_start;
	long n;
	if (!line_count_option("tail", argc, argv, &i, &n, &from_start))
		return 1;
	FILE *f = open_input("tail", i < argc ? argv[i] : "-");
	if (!f)
		return 1;
	struct lines ls = {0};
	collect(f, &ls);
	close_input(f);
	size_t first = from_start ? (size_t)(n > 0 ? n - 1 : 0) : (ls.n > (size_t)n ? ls.n - (size_t)n : 0);
	for (size_t k = first; k < ls.n; k++)
		puts(ls.v[k]);
	return 0;
}

static void
reverse_lines(FILE *f, void *ctx)
{
	(void)ctx;
	struct line_reader r = {0};
	size_t len;
	char *line;
	while ((line = read_line(f, &r, &len))) {
		for (size_t k = len; k > 0; k--)
			putchar(line[k - 1]);
		putchar('\n');
	}
	free(r.buf);
}

int
applet_rev(int argc, char **argv)
{
	return for_each_input("rev", argc, argv, 1, reverse_lines, NULL);
}

/* Fixed-string search; -i folds ASCII case. */
static int
contains(const char *line, const char *pat, int fold, int whole)
{
	size_t lp = strlen(pat), ll = strlen(line);
	if (whole && ll != lp)
		return 0;
	if (!fold)
		return whole ? strcmp(line, pat) == 0 : strstr(line, pat) != NULL;
	for (size_t k = 0; k + lp <= ll; k++) {
		size_t j = 0;
		while (j < lp && tolower((unsigned char)line[k + j]) == tolower((unsigned char)pat[j]))
			j++;
		if (j == lp)
			return 1;
		if (whole)
			break;
	}
	return 0;
}

int
applet_grep(int argc, char **argv)
{
	int invert = 0, countonly = 0, fold = 0, numbers = 0, quiet = 0, whole = 0, i = 1;
	const char *pat = NULL;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-e") == 0 && i + 1 < argc) {
			pat = argv[++i];
			continue;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			switch (*p) {
			case 'v': invert = 1; break;
			case 'c': countonly = 1; break;
			case 'i': fold = 1; break;
			case 'n': numbers = 1; break;
			case 'q': quiet = 1; break;
			case 'x': whole = 1; break;
			case 'F': break;
			default:
				warnx_("grep", "-%c: unknown option", *p);
				return 2;
			}
		}
	}
	if (!pat) {
		if (i >= argc) {
			warnx_("grep", "missing pattern");
			return 2;
		}
		pat = argv[i++];
	}
	int nfiles = argc - i, matched = 0, error = 0;
	for (int k = 0; k < (nfiles ? nfiles : 1); k++) {
		const char *name = nfiles ? argv[i + k] : "-";
		FILE *f = open_input("grep", name);
		if (!f) {
			error = 1;
			continue;
		}
		struct line_reader r = {0};
		size_t len;
		char *line;
		long lineno = 0, hits = 0;
		while ((line = read_line(f, &r, &len))) {
			lineno++;
			if (contains(line, pat, fold, whole) == invert)
				continue;
			hits++;
			matched = 1;
			if (quiet) {
				close_input(f);
				return 0;
			}
			if (countonly)
				continue;
			if (nfiles > 1)
				printf("%s:", name);
			if (numbers)
				printf("%ld:", lineno);
			puts(line);
		}
		free(r.buf);
		close_input(f);
		if (countonly) {
			if (nfiles > 1)
				printf("%s:", name);
			printf("%ld\n", hits);
		}
	}
	return error ? 2 : matched ? 0 : 1;
}

/* A cut list "1,3-5,7-": whether position P (1-based) is selected. */
static int
selected(const char *list, long p)
{
	const char *s = list;
	while (*s) {
		char *end;
		long lo = 1, hi;
		if (*s != '-') {
			lo = strtol(s, &end, 10);
			s = end;
		}
		hi = lo;
		if (*s == '-') {
			s++;
			hi = (*s >= '0' && *s <= '9') ? strtol(s, &end, 10) : -1;
			if (hi >= 0)
				s = end;
		}
		if (p >= lo && (hi < 0 || p <= hi))
			return 1;
		if (*s == ',')
			s++;
		else if (*s)
			return 0;
	}
	return 0;
}

int
applet_cut(int argc, char **argv)
{
	const char *fields = NULL, *chars = NULL;
	char delim = '\t';
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *opt = argv[i];
		const char *val = opt[2] ? opt + 2 : (i + 1 < argc ? argv[++i] : NULL);
		if (!val) {
			warnx_("cut", "%s: missing value", opt);
			return 1;
		}
		if (opt[1] == 'd')
			delim = val[0];
		else if (opt[1] == 'f')
			fields = val;
		else if (opt[1] == 'c')
			chars = val;
		else {
			warnx_("cut", "%s: unknown option", opt);
			return 1;
		}
	}
	if (!fields == !chars) {
		warnx_("cut", "give one of -f or -c");
		return 1;
	}
	FILE *f = open_input("cut", i < argc ? argv[i] : "-");
	if (!f)
		return 1;
	struct line_reader r = {0};
	size_t len;
	char *line;
	while ((line = read_line(f, &r, &len))) {
		if (chars) {
			for (size_t k = 0; k < len; k++)
				if (selected(chars, (long)k + 1))
					putchar(line[k]);
			putchar('\n');
			continue;
		}
		if (!strchr(line, delim)) {
			puts(line);
			continue;
		}
		long field = 1;
		int first = 1;
		char *start = line;
		for (;;) {
			char *d = strchr(start, delim);
			size_t flen = d ? (size_t)(d - start) : strlen(start);
			if (selected(fields, field)) {
				if (!first)
					putchar(delim);
				fwrite(start, 1, flen, stdout);
				first = 0;
			}
			if (!d)
				break;
			start = d + 1;
			field++;
		}
		putchar('\n');
	}
	close_input(f);
	return 0;
}

int
applet_tee(int argc, char **argv)
{
	int append = 0, i = 1;
	if (i < argc && strcmp(argv[i], "-a") == 0) {
		append = 1;
		i++;
	}
	FILE *outs[32];
	int nouts = 0, status = 0;
	for (; i < argc && nouts < 32; i++) {
		FILE *f = fopen(argv[i], append ? "a" : "w");
		if (!f) {
			warnx_("tee", "%s: %s", argv[i], errtext(errno));
			status = 1;
			continue;
		}
		outs[nouts++] = f;
	}
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
		fwrite(buf, 1, n, stdout);
		for (int k = 0; k < nouts; k++)
			fwrite(buf, 1, n, outs[k]);
	}
	for (int k = 0; k < nouts; k++)
		fclose(outs[k]);
	return status;
}
