/*
 * sh_vars.c - the shell's variables (a flat table: scripts have few) and
 * the environment built from the exported ones for execve.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "minibox.h"
#include "sh.h"

struct var {
	char *name;
	char *value; /* NULL: declared (export NAME) but unset */
	int exported;
};

static struct var *vars;
static int nvars, capvars;

int
valid_name(const char *s, size_t n)
{
	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return 1;
}

static struct var *
find(const char *name)
{
	for (int i = 0; i < nvars; i++)
		if (strcmp(vars[i].name, name) == 0)
			return &vars[i];
	return NULL;
}

static struct var *
find_or_add(const char *name)
{
	struct var *v = find(name);
	if (v)
		return v;
	if (nvars == capvars) {
		capvars = capvars ? capvars * 2 : 32;
		vars = xrealloc(vars, sizeof *vars * (size_t)capvars);
	}
	v = &vars[nvars++];
	v->name = xstrdup(name);
	v->value = NULL;
	v->exported = 0;
	return v;
}

const char *
var_get(const char *name)
{
	struct var *v = find(name);
	return v ? v->value : NULL;
}

void
var_set(const char *name, const char *value)
{
	struct var *v = find_or_add(name);
	v->value = xstrdup(value);
}

void
var_unset(const char *name)
{
	struct var *v = find(name);
	if (v) {
		*v = vars[--nvars];
	}
}

void
var_export(const char *name)
{
	find_or_add(name)->exported = 1;
}

void
vars_clear(void)
{
	nvars = 0;
}

void
vars_import(char **env)
{
	for (; env && *env; env++) {
		const char *eq = strchr(*env, '=');
		if (!eq || !valid_name(*env, (size_t)(eq - *env)))
			continue;
		char *name = xstrndup(*env, (size_t)(eq - *env));
		var_set(name, eq + 1);
		var_export(name);
	}
}

char **
vars_environ(char **extra, int nextra)
{
	char **env = xmalloc(sizeof(char *) * (size_t)(nvars + nextra + 1));
	int n = 0;
	for (int i = 0; i < nvars; i++) {
		if (!vars[i].exported || !vars[i].value)
			continue;
		int overridden = 0;
		size_t len = strlen(vars[i].name);
		for (int k = 0; k < nextra; k++)
			if (strncmp(extra[k], vars[i].name, len) == 0 && extra[k][len] == '=')
				overridden = 1;
		if (overridden)
			continue;
		size_t vlen = strlen(vars[i].value);
		char *s = xmalloc(len + vlen + 2);
		memcpy(s, vars[i].name, len);
		s[len] = '=';
		memcpy(s + len + 1, vars[i].value, vlen + 1);
		env[n++] = s;
	}
	for (int k = 0; k < nextra; k++)
		env[n++] = extra[k];
	env[n] = NULL;
	return env;
}

void
vars_print_exported(void)
{
	for (int i = 0; i < nvars; i++) {
		if (!vars[i].exported)
			continue;
		if (!vars[i].value) {
			printf("export %s\n", vars[i].name);
			continue;
		}
		printf("export %s='", vars[i].name);
		for (const char *p = vars[i].value; *p; p++)
			if (*p == '\'')
				fputs("'\\''", stdout);
			else
				putchar(*p);
		fputs("'\n", stdout);
	}
}
