/*
 * sh_parse.c - the shell's lexer and recursive-descent parser: script text
 * to a tree of struct node. Words are cut out raw (quotes, $(...) and all);
 * expansion happens when they run.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "minibox.h"
#include "sh.h"

enum tok { T_WORD, T_NL, T_SEMI, T_AMP, T_PIPE, T_AND, T_OR, T_LPAREN, T_RPAREN, T_REDIR, T_EOF, T_ERROR };

struct lexer {
	const char *s;
	size_t pos;
	int have;          /* a token is peeked */
	enum tok tok;
	char *word;        /* T_WORD text */
	int rfd;           /* T_REDIR fd (-1: the default) */
	enum redir_op rop; /* T_REDIR operator */
	int error;
};

static void
syntax(struct lexer *lx, const char *what)
{
	if (!lx->error)
		warnx_("sh", "syntax error: %s", what);
	lx->error = 1;
}

/* The index after the construct that opens at S[I] (a quote, $( ${ or `),
 * or -1 if it never closes. */
static long skip_construct(const char *s, size_t i);

/* For sh_expand.c, which walks the same constructs inside double quotes. */
long minibox_skip_construct(const char *s, size_t i) { return skip_construct(s, i); }

static long
skip_until(const char *s, size_t i, char close)
{
	int depth = 0;
	while (s[i]) {
		char c = s[i];
		if (c == '\\' && s[i + 1]) {
			i += 2;
			continue;
		}
		if (close == ')' && c == '(') {
			depth++;
			i++;
			continue;
		}
		if (c == close) {
			if (depth == 0)
				return (long)i + 1;
			depth--;
			i++;
			continue;
		}
		if (c == '\'' || c == '"' || c == '`' || (c == '$' && (s[i + 1] == '(' || s[i + 1] == '{'))) {
			long j = skip_construct(s, i);
			if (j < 0)
				return -1;
			i = (size_t)j;
			continue;
		}
		i++;
	}
	return -1;
}

static long
skip_construct(const char *s, size_t i)
{
	switch (s[i]) {
	case '\'': {
		const char *q = strchr(s + i + 1, '\'');
		return q ? q - s + 1 : -1;
	}
	case '"':
		for (i++; s[i]; i++) {
			if (s[i] == '\\' && s[i + 1]) {
				i++;
				continue;
			}
			if (s[i] == '"')
				return (long)i + 1;
			if (s[i] == '`' || (s[i] == '$' && (s[i + 1] == '(' || s[i + 1] == '{'))) {
				long j = skip_construct(s, i);
				if (j < 0)
					return -1;
				i = (size_t)j - 1;
			}
		}
		return -1;
	case '`':
		for (i++; s[i]; i++) {
			if (s[i] == '\\' && s[i + 1])
				i++;
			else if (s[i] == '`')
				return (long)i + 1;
		}
		return -1;
	case '$':
		return skip_until(s, i + 2, s[i + 1] == '(' ? ')' : '}');
	}
	return (long)i + 1;
}

static int
is_operator_char(char c)
{
	return c == '|' || c == '&' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')' || c == '\n';
}

static enum tok
lex(struct lexer *lx)
{
	const char *s = lx->s;
	for (;;) {
		char c = s[lx->pos];
		if (c == ' ' || c == '\t' || c == '\r')
			lx->pos++;
		else if (c == '\\' && s[lx->pos + 1] == '\n')
			lx->pos += 2;
		else if (c == '#')
			while (s[lx->pos] && s[lx->pos] != '\n')
				lx->pos++;
		else
			break;
	}
	size_t p = lx->pos;
	char c = s[p];
	if (!c)
		return T_EOF;
	if (c == '\n') {
		lx->pos++;
		return T_NL;
	}
	/* An fd number directly before < or >: 2>&1. */
	size_t d = p;
	while (isdigit((unsigned char)s[d]))
		d++;
	int rfd = -1;
	if (d > p && d - p < 3 && (s[d] == '<' || s[d] == '>')) {
		rfd = 0;
		for (size_t k = p; k < d; k++)
			rfd = rfd * 10 + (s[k] - '0');
		p = d;
		c = s[p];
	}
	if (c == '<' || c == '>') {
		lx->rfd = rfd;
		if (c == '>' && s[p + 1] == '>') {
			lx->rop = R_APPEND;
			p += 2;
		} else if (s[p + 1] == '&') {
			lx->rop = c == '>' ? R_DUPOUT : R_DUPIN;
			p += 2;
		} else if (c == '>' && s[p + 1] == '|') {
			lx->rop = R_OUT;
			p += 2;
		} else {
			lx->rop = c == '>' ? R_OUT : R_IN;
			p += 1;
		}
		lx->pos = p;
		return T_REDIR;
	}
	if (c == '|' || c == '&') {
		int doubled = s[p + 1] == c;
		lx->pos = p + 1 + (size_t)doubled;
		if (c == '|')
			return doubled ? T_OR : T_PIPE;
		return doubled ? T_AND : T_AMP;
	}
	if (c == ';') {
		lx->pos = p + 1;
		return T_SEMI;
	}
	if (c == '(' || c == ')') {
		lx->pos = p + 1;
		return c == '(' ? T_LPAREN : T_RPAREN;
	}
	size_t start = p;
	while (s[p] && !is_operator_char(s[p]) && s[p] != ' ' && s[p] != '\t' && s[p] != '\r') {
		if (s[p] == '\\') {
			p += s[p + 1] ? 2 : 1;
			continue;
		}
		if (s[p] == '\'' || s[p] == '"' || s[p] == '`' || (s[p] == '$' && (s[p + 1] == '(' || s[p + 1] == '{'))) {
			long j = skip_construct(s, p);
			if (j < 0) {
				syntax(lx, "unterminated quote or substitution");
				return T_ERROR;
			}
			p = (size_t)j;
			continue;
		}
		p++;
	}
	lx->word = xstrndup(s + start, p - start);
	lx->pos = p;
	return T_WORD;
}

static enum tok
peek(struct lexer *lx)
{
	if (!lx->have) {
		lx->tok = lx->error ? T_ERROR : lex(lx);
		lx->have = 1;
	}
	return lx->tok;
}

static void
next(struct lexer *lx)
{
	peek(lx);
	lx->have = 0;
}

/* Whether the peeked token is the reserved word KW (unquoted, whole). */
static int
at_keyword(struct lexer *lx, const char *kw)
{
	return peek(lx) == T_WORD && strcmp(lx->word, kw) == 0;
}

static int
expect_keyword(struct lexer *lx, const char *kw)
{
	if (!at_keyword(lx, kw)) {
		char msg[64];
		snprintf(msg, sizeof msg, "expected '%s'", kw);
		syntax(lx, msg);
		return 0;
	}
	next(lx);
	return 1;
}

static void
skip_newlines(struct lexer *lx)
{
	while (peek(lx) == T_NL)
		next(lx);
}

static struct node *
new_node(enum node_kind kind)
{
	struct node *n = xmalloc(sizeof *n);
	memset(n, 0, sizeof *n);
	n->kind = kind;
	return n;
}

static const char *const terminators[] = {"then", "elif", "else", "fi", "do", "done", "}", NULL};

static int
at_terminator(struct lexer *lx)
{
	enum tok t = peek(lx);
	if (t == T_EOF || t == T_RPAREN || t == T_ERROR)
		return 1;
	if (t != T_WORD)
		return 0;
	for (int i = 0; terminators[i]; i++)
		if (strcmp(lx->word, terminators[i]) == 0)
			return 1;
	return 0;
}

static struct node *parse_list(struct lexer *lx);
static struct node *parse_command(struct lexer *lx);

static void
append_word(char ***words, int *n, char *w)
{
	*words = xrealloc(*words, sizeof(char *) * (size_t)(*n + 2));
	(*words)[(*n)++] = w;
	(*words)[*n] = NULL;
}

static int
parse_redirect(struct lexer *lx, struct redir ***tail)
{
	struct redir *r = xmalloc(sizeof *r);
	r->op = lx->rop;
	r->fd = lx->rfd >= 0 ? lx->rfd : (lx->rop == R_IN || lx->rop == R_DUPIN ? 0 : 1);
	r->next = NULL;
	next(lx);
	if (peek(lx) != T_WORD) {
		syntax(lx, "redirection without a target");
		return 0;
	}
	r->target = lx->word;
	next(lx);
	**tail = r;
	*tail = &r->next;
	return 1;
}

static void
parse_trailing_redirects(struct lexer *lx, struct node *n)
{
	struct redir **tail = &n->redirs;
	while (*tail)
		tail = &(*tail)->next;
	while (peek(lx) == T_REDIR)
		if (!parse_redirect(lx, &tail))
			return;
}

static int
is_assignment(const char *w)
{
	const char *eq = strchr(w, '=');
	return eq && eq > w && valid_name(w, (size_t)(eq - w));
}

static struct node *
parse_simple(struct lexer *lx)
{
	struct node *n = new_node(N_SIMPLE);
	struct redir **tail = &n->redirs;
	for (;;) {
		enum tok t = peek(lx);
		if (t == T_REDIR) {
			if (!parse_redirect(lx, &tail))
				return NULL;
		} else if (t == T_WORD) {
			if (n->nwords == 0 && is_assignment(lx->word))
				append_word(&n->assigns, &n->nassigns, lx->word);
			else
				append_word(&n->words, &n->nwords, lx->word);
			next(lx);
			/* NAME ( ) BODY: a function definition. */
			if (n->nwords == 1 && n->nassigns == 0 && !n->redirs && peek(lx) == T_LPAREN) {
				next(lx);
				if (peek(lx) != T_RPAREN) {
					syntax(lx, "expected ')' in a function definition");
					return NULL;
				}
				next(lx);
				skip_newlines(lx);
				struct node *f = new_node(N_FUNC);
				f->name = n->words[0];
				f->a = parse_command(lx);
				return f->a ? f : NULL;
			}
		} else {
			break;
		}
	}
	if (n->nwords == 0 && n->nassigns == 0 && !n->redirs) {
		syntax(lx, "expected a command");
		return NULL;
	}
	return n;
}

static struct node *
parse_compound_body(struct lexer *lx, const char *end)
{
	struct node *body = parse_list(lx);
	if (!body || !expect_keyword(lx, end))
		return NULL;
	return body;
}

static struct node *
parse_if(struct lexer *lx)
{
	/* "if" or "elif" was consumed. */
	struct node *n = new_node(N_IF);
	n->a = parse_compound_body(lx, "then");
	if (!n->a)
		return NULL;
	n->b = parse_list(lx);
	if (!n->b)
		return NULL;
	if (at_keyword(lx, "elif")) {
		next(lx);
		n->c = parse_if(lx);
		return n->c ? n : NULL;
	}
	if (at_keyword(lx, "else")) {
		next(lx);
		n->c = parse_list(lx);
		if (!n->c)
			return NULL;
	}
	return expect_keyword(lx, "fi") ? n : NULL;
}

static struct node *
parse_for(struct lexer *lx)
{
	struct node *n = new_node(N_FOR);
	if (peek(lx) != T_WORD || !valid_name(lx->word, strlen(lx->word))) {
		syntax(lx, "bad for variable");
		return NULL;
	}
	n->name = lx->word;
	next(lx);
	skip_newlines(lx);
	if (at_keyword(lx, "in")) {
		next(lx);
		n->words = xmalloc(sizeof(char *));
		n->words[0] = NULL;
		while (peek(lx) == T_WORD) {
			append_word(&n->words, &n->nwords, lx->word);
			next(lx);
		}
		if (peek(lx) != T_SEMI && peek(lx) != T_NL) {
			syntax(lx, "expected ';' or a newline in for");
			return NULL;
		}
		next(lx);
	} else if (peek(lx) == T_SEMI) {
		next(lx);
	}
	skip_newlines(lx);
	if (!expect_keyword(lx, "do"))
		return NULL;
	n->b = parse_compound_body(lx, "done");
	return n->b ? n : NULL;
}

static struct node *
parse_command(struct lexer *lx)
{
	struct node *n = NULL;
	enum tok t = peek(lx);
	if (t == T_LPAREN) {
		next(lx);
		n = new_node(N_SUBSHELL);
		n->a = parse_list(lx);
		if (!n->a)
			return NULL;
		if (peek(lx) != T_RPAREN) {
			syntax(lx, "expected ')'");
			return NULL;
		}
		next(lx);
	} else if (at_keyword(lx, "{")) {
		next(lx);
		n = new_node(N_BRACE);
		n->a = parse_compound_body(lx, "}");
	} else if (at_keyword(lx, "if")) {
		next(lx);
		n = parse_if(lx);
	} else if (at_keyword(lx, "while") || at_keyword(lx, "until")) {
		n = new_node(lx->word[0] == 'w' ? N_WHILE : N_UNTIL);
		next(lx);
		n->a = parse_compound_body(lx, "do");
		if (n->a)
			n->b = parse_compound_body(lx, "done");
		if (!n->b)
			return NULL;
	} else if (at_keyword(lx, "for")) {
		next(lx);
		n = parse_for(lx);
	} else {
		return parse_simple(lx);
	}
	if (!n || (n->kind == N_BRACE && !n->a))
		return NULL;
	parse_trailing_redirects(lx, n);
	return lx->error ? NULL : n;
}

static struct node *
parse_pipeline(struct lexer *lx)
{
	struct node *p = new_node(N_PIPE);
	if (at_keyword(lx, "!")) {
		next(lx);
		p->bang = 1;
	}
	for (;;) {
		struct node *c = parse_command(lx);
		if (!c)
			return NULL;
		p->cmds = xrealloc(p->cmds, sizeof(struct node *) * (size_t)(p->ncmds + 1));
		p->cmds[p->ncmds++] = c;
		if (peek(lx) != T_PIPE)
			break;
		next(lx);
		skip_newlines(lx);
	}
	if (p->ncmds == 1 && !p->bang)
		return p->cmds[0];
	return p;
}

static struct node *
parse_and_or(struct lexer *lx)
{
	struct node *left = parse_pipeline(lx);
	while (left && (peek(lx) == T_AND || peek(lx) == T_OR)) {
		struct node *n = new_node(peek(lx) == T_AND ? N_AND : N_OR);
		next(lx);
		skip_newlines(lx);
		n->a = left;
		n->b = parse_pipeline(lx);
		left = n->b ? n : NULL;
	}
	return left;
}

/* A list up to a terminator: commands separated by ; & or newlines. An
 * empty list is an error, as in sh(1p) ("if ; then" is not a command). */
static struct node *
parse_list(struct lexer *lx)
{
	struct node *list = NULL;
	skip_newlines(lx);
	while (!at_terminator(lx)) {
		struct node *cmd = parse_and_or(lx);
		if (!cmd)
			return NULL;
		if (peek(lx) == T_AMP) {
			struct node *bg = new_node(N_BG);
			bg->a = cmd;
			cmd = bg;
			next(lx);
		} else if (peek(lx) == T_SEMI) {
			next(lx);
		} else if (peek(lx) != T_NL && !at_terminator(lx)) {
			syntax(lx, "unexpected token");
			return NULL;
		}
		skip_newlines(lx);
		if (!list) {
			list = cmd;
		} else {
			struct node *seq = new_node(N_SEQ);
			seq->a = list;
			seq->b = cmd;
			list = seq;
		}
	}
	if (lx->error)
		return NULL;
	if (!list)
		syntax(lx, "empty command list");
	return list;
}

struct node *
parse_script(const char *text)
{
	struct lexer lx = {.s = text};
	skip_newlines(&lx);
	if (peek(&lx) == T_EOF) {
		/* An empty script: a no-op command. */
		struct node *n = new_node(N_SIMPLE);
		append_word(&n->words, &n->nwords, xstrdup(":"));
		return n;
	}
	struct node *n = parse_list(&lx);
	if (n && peek(&lx) != T_EOF) {
		syntax(&lx, peek(&lx) == T_RPAREN ? "unexpected ')'" : "unexpected reserved word");
		return NULL;
	}
	return n;
}
