/*
 * hostname.c - the uts namespace: sethostname changes only what this
 * guest sees (the test checks the host's hostname afterwards).
 */
#include "escape.h"

int
main(void)
{
	require_emu();
	struct linux_utsname u;
	linux_syscall1(SYS_uname, &u);
	printf("nodename before: %s\n", u.nodename);
	report("sethostname", linux_syscall2(NR_sethostname, "escaped-host", 12));
	linux_syscall1(SYS_uname, &u);
	printf("nodename after: %s\n", u.nodename);
	report("setdomainname", linux_syscall2(NR_setdomainname, "escaped", 7));
	fflush(stdout);
	return 0;
}
