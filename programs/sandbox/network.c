/*
 * network.c - the net namespace: every way to a socket fails.
 */
#include "escape.h"

int
main(void)
{
	require_emu();
	report("socket AF_INET", linux_syscall3(NR_socket, 2, 1, 0));
	report("socket AF_INET6", linux_syscall3(NR_socket, 10, 2, 0));
	report("socket AF_UNIX", linux_syscall3(NR_socket, 1, 1, 0));
	report("socket AF_NETLINK", linux_syscall3(NR_socket, 16, 3, 0));
	int pair[2];
	report("socketpair", linux_syscall4(NR_socketpair, 1, 1, 0, pair));
	char addr[16] = {2, 0, 0, 80, 127, 0, 0, 1};
	report("connect", linux_syscall3(NR_connect, 3, addr, 16));
	fflush(stdout);
	return 0;
}
