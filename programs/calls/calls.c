/*
 * calls.c - the system calls a Linux user's everyday commands need beyond
 * read and write (issue 13, item 4 and 5): chmod, chown, utimensat, umask,
 * mknod, truncate, fallocate, sendfile, copy_file_range, statfs, locks,
 * trailing slashes, limits and usage, scheduling, mmap/mprotect/mremap, and
 * what /etc and /proc show.
 *
 * Usage: calls PART DIR   (PART: files, locks, limits, memory, proc, mounts, fdpaths;
 * DIR: a writable, empty directory). Each check prints "name: result", where
 * result is a number, an errno name or a short text, so that the output can
 * be compared line by line (with qemu-riscv32 for the parts whose answers do
 * not depend on the host, with expectations from the man pages otherwise).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <dirent.h>
#include <unistd.h>

static const char *
errname(int e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EEXIST: return "EEXIST";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case EMFILE: return "EMFILE";
	case EFBIG: return "EFBIG";
	case EROFS: return "EROFS";
	case ENOSYS: return "ENOSYS";
	case ENOTEMPTY: return "ENOTEMPTY";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ESRCH: return "ESRCH";
	case ENXIO: return "ENXIO";
	default: return "other";
	}
}

/* Prints "name: 0" (or the value) on success, "name: ERRNO" on failure. */
static void
report(const char *name, long result)
{
	if (result < 0)
		printf("%s: %s\n", name, errname(errno));
	else
		printf("%s: %ld\n", name, result);
}

static char path_buffer[4][512];

/* DIR/name, in one of four rotating buffers. */
static const char *
at(const char *dir, const char *name)
{
	static int next;
	char *buffer = path_buffer[next++ % 4];
	snprintf(buffer, 512, "%s/%s", dir, name);
	return buffer;
}

static long
mode_of(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return -1;
	return st.st_mode & 07777;
}

static void
write_file(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, data, strlen(data)) < 0)
			perror("write");
		close(fd);
	}
}

static void
read_file(const char *path, char *buffer, size_t size)
{
	buffer[0] = 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	ssize_t got = read(fd, buffer, size - 1);
	buffer[got > 0 ? got : 0] = 0;
	close(fd);
}

/* ---- files: metadata, sizes, copies, trailing slashes ---- */
static void
files(const char *dir)
{
	char buf[256];
	umask(022);
	report("umask old", umask(022));
	const char *f = strdup(at(dir, "f"));
	int fd = open(f, O_WRONLY | O_CREAT | O_EXCL, 0666);
	report("create 0666 under 022", fd >= 0 ? 0 : -1);
	printf("mode after create: %lo\n", mode_of(f));
	umask(0);
	const char *g = at(dir, "g");
	close(open(g, O_WRONLY | O_CREAT, 0666));
	printf("mode under umask 0: %lo\n", mode_of(g));
	report("mkdir 0777 under 0", mkdir(at(dir, "d0"), 0777));
	printf("dir mode under umask 0: %lo\n", mode_of(at(dir, "d0")));
	umask(022);
	report("fchmod 0600", fchmod(fd, 0600));
	printf("mode after fchmod: %lo\n", mode_of(f));
	report("chmod 04755", chmod(f, 04755));
	printf("mode after chmod 04755: %lo\n", mode_of(f));
	report("chmod 0751", chmod(f, 0751));
	printf("mode after chmod: %lo\n", mode_of(f));
	report("symlink", symlink("f", at(dir, "l")));
	report("chmod through link 0640", chmod(at(dir, "l"), 0640));
	printf("mode of target: %lo\n", mode_of(f));
	report("fchmodat nofollow on link", fchmodat(AT_FDCWD, at(dir, "l"), 0600, AT_SYMLINK_NOFOLLOW));
	report("chown to self", chown(f, getuid(), getgid()));
	report("fchown to self", fchown(fd, getuid(), getgid()));
	report("lchown link to self", lchown(at(dir, "l"), getuid(), -1));
	report("chown -1 -1", chown(f, -1, -1));

	struct timespec times[2] = { { 1000000000, 500 }, { 1234567890, 0 } };
	report("utimensat", utimensat(AT_FDCWD, f, times, 0));
	struct stat st;
	stat(f, &st);
	printf("atime mtime: %lld %lld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 1500000000, 0 } };
	report("futimens omit atime", futimens(fd, omit));
	stat(f, &st);
	printf("atime mtime after omit: %lld %lld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	report("utimensat bad nsec", utimensat(AT_FDCWD, f, bad, 0));
	const char *t = at(dir, "touched");
	close(open(t, O_WRONLY | O_CREAT, 0644));
	report("touch (utimensat NULL)", utimensat(AT_FDCWD, t, NULL, 0));
	report("utimensat missing", utimensat(AT_FDCWD, at(dir, "missing"), NULL, 0));

	report("mkfifo", mkfifo(at(dir, "fifo"), 0640));
	lstat(at(dir, "fifo"), &st);
	printf("fifo is fifo: %d mode %lo\n", S_ISFIFO(st.st_mode), (long)(st.st_mode & 07777));
	report("mknod regular", mknod(at(dir, "node"), S_IFREG | 0600, 0));
	report("mkfifo existing", mkfifo(at(dir, "fifo"), 0640));

	close(fd);
	write_file(f, "hello, world\n");
	report("truncate 5", truncate(f, 5));
	stat(f, &st);
	printf("size after truncate: %lld\n", (long long)st.st_size);
	report("truncate dir", truncate(dir, 0));
	report("truncate negative", truncate(f, -1));
	fd = open(f, O_RDWR);
	report("fallocate 8192", fallocate(fd, 0, 0, 8192));
	fstat(fd, &st);
	printf("size after fallocate: %lld\n", (long long)st.st_size);
	report("ftruncate 5", ftruncate(fd, 5));
	close(fd);

	write_file(f, "sendfile source data\n");
	int in = open(f, O_RDONLY), out = open(at(dir, "copy1"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	report("sendfile", sendfile(out, in, NULL, 100));
	off_t offset = 9;
	report("sendfile offset 9", sendfile(out, in, &offset, 6));
	printf("offset after: %lld\n", (long long)offset);
	close(out);
	read_file(at(dir, "copy1"), buf, sizeof buf);
	printf("copy1: %s", buf);
	printf("\n");
	lseek(in, 0, SEEK_SET);
	out = open(at(dir, "copy2"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	report("copy_file_range", copy_file_range(in, NULL, out, NULL, 8, 0));
	loff_t from = 9, to = 0;
	report("copy_file_range offsets", copy_file_range(in, &from, out, &to, 4, 0));
	printf("offsets after: %lld %lld\n", (long long)from, (long long)to);
	close(out);
	read_file(at(dir, "copy2"), buf, sizeof buf);
	printf("copy2: %s\n", buf);
	report("copy_file_range flags", copy_file_range(in, NULL, in, NULL, 1, 1));
	close(in);

	struct statfs sfs;
	report("statfs", statfs(dir, &sfs));
	printf("statfs bsize positive: %d\n", sfs.f_bsize > 0);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	report("fstatfs", fstatfs(fd, &sfs));
	close(fd);
	report("statfs missing", statfs(at(dir, "missing"), &sfs));

	/* Trailing slashes (path_resolution(7), mkdir(2), rmdir(2), open(2)). */
	report("mkdir x/", mkdir(at(dir, "x/"), 0755));
	report("stat x/", stat(at(dir, "x/"), &st));
	report("rmdir x/", rmdir(at(dir, "x/")));
	report("mkdir x/ again", mkdir(at(dir, "x/"), 0755));
	report("open f/", open(at(dir, "f/"), O_RDONLY));
	report("stat f/", stat(at(dir, "f/"), &st));
	report("access f/", access(at(dir, "f/"), F_OK));
	report("unlink x/", unlink(at(dir, "x/")));
	report("unlink f/", unlink(at(dir, "f/")));
	report("open new/ O_CREAT", open(at(dir, "new/"), O_WRONLY | O_CREAT, 0644));
	report("rename x/ y/", rename(at(dir, "x/"), at(dir, "y/")));
	report("rename f y2/", rename(f, at(dir, "y2/")));
	report("rmdir y/", rmdir(at(dir, "y/")));
	report("mkdir -p a/b/ (a)", mkdir(at(dir, "a/"), 0755));
	report("mkdir -p a/b/ (b)", mkdir(at(dir, "a/b/"), 0755));
	report("rmdir a/b//", rmdir(at(dir, "a/b//")));
}

/* ---- locks: fcntl record locks and flock ---- */
static void
locks(const char *dir)
{
	const char *f = strdup(at(dir, "lockfile"));
	write_file(f, "0123456789");
	int a = open(f, O_RDWR), b = open(f, O_RDWR);
	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 4 };
	report("F_SETLK write 0-4", fcntl(a, F_SETLK, &lock));
	struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
	report("F_GETLK own", fcntl(b, F_GETLK, &probe));
	printf("own lock seen as: %s\n", probe.l_type == F_UNLCK ? "F_UNLCK" : "locked");
	lock.l_type = F_UNLCK;
	report("F_SETLK unlock", fcntl(a, F_SETLK, &lock));
	lock.l_type = F_RDLCK;
	report("F_SETLKW read", fcntl(a, F_SETLKW, &lock));
	struct flock ofd = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 2, .l_len = 3 };
	report("F_OFD_SETLK a", fcntl(a, F_OFD_SETLK, &ofd));
	struct flock ofd_probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	report("F_OFD_GETLK b", fcntl(b, F_OFD_GETLK, &ofd_probe));
	printf("conflict: type %s start %lld len %lld holder is self %d\n",
	       ofd_probe.l_type == F_RDLCK ? "F_RDLCK" : "other", (long long)ofd_probe.l_start,
	       (long long)ofd_probe.l_len, ofd_probe.l_pid == getpid());
	report("F_OFD_SETLK b with a pid", fcntl(b, F_OFD_SETLK, &ofd_probe));
	struct flock ofd_b = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 3, .l_len = 1 };
	report("F_OFD_SETLK b conflicting", fcntl(b, F_OFD_SETLK, &ofd_b));
	ofd_b.l_start = 8;
	report("F_OFD_SETLK b elsewhere", fcntl(b, F_OFD_SETLK, &ofd_b));
	struct flock bad = { .l_type = 7, .l_whence = SEEK_SET };
	report("F_SETLK bad type", fcntl(a, F_SETLK, &bad));
	report("F_SETLK bad fd", fcntl(99, F_SETLK, &lock));
	report("flock a EX", flock(a, LOCK_EX));
	report("flock b EX NB", flock(b, LOCK_EX | LOCK_NB) == 0 ? 0 : (errno == EWOULDBLOCK ? (errno = EAGAIN, -1) : -1));
	report("flock a UN", flock(a, LOCK_UN));
	report("flock b EX NB after", flock(b, LOCK_EX | LOCK_NB));
	report("flock bad op", flock(a, 0));
	close(a);
	close(b);
}

/* ---- limits, usage, scheduling, identity ---- */
static void
limits(const char *dir)
{
	(void)dir;
	struct rlimit rl;
	report("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &rl));
	printf("NOFILE: %llu %llu\n", (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max);
	getrlimit(RLIMIT_AS, &rl);
	printf("AS: %llu %llu\n", (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max);
	getrlimit(RLIMIT_NPROC, &rl);
	printf("NPROC: %llu %llu\n", (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max);
	getrlimit(RLIMIT_NOFILE, &rl);
	struct rlimit higher = { rl.rlim_max + 1, rl.rlim_max + 1 };
	report("raise NOFILE hard", setrlimit(RLIMIT_NOFILE, &higher));
	struct rlimit inverted = { 20, 10 };
	report("soft above hard", setrlimit(RLIMIT_NOFILE, &inverted));
	struct rlimit eight = { 8, 8 };
	report("lower NOFILE to 8", setrlimit(RLIMIT_NOFILE, &eight));
	int opened = 0, fds[20];
	for (int i = 0; i < 20; i++) {
		fds[i] = open("/dev/null", O_RDONLY);
		if (fds[i] < 0) {
			printf("open beyond NOFILE: %s\n", errname(errno));
			break;
		}
		opened++;
	}
	printf("opened under NOFILE 8: %d\n", opened);
	for (int i = 0; i < opened; i++)
		close(fds[i]);
	report("raise NOFILE back", setrlimit(RLIMIT_NOFILE, &rl));
	report("bad resource", prlimit(0, 99, NULL, &rl));
	report("prlimit other pid", prlimit(4242, RLIMIT_NOFILE, NULL, &rl));

	getrlimit(RLIMIT_AS, &rl);
	struct rlimit small = { 64 << 20, rl.rlim_max };
	report("lower AS to 64M", setrlimit(RLIMIT_AS, &small));
	void *big = mmap(NULL, 128 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	report("mmap 128M under AS 64M", big == MAP_FAILED ? -1 : 0);
	void *fits = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	report("mmap 1M under AS 64M", fits == MAP_FAILED ? -1 : 0);

	/* Standard output may be a file already longer than 10 bytes: print after. */
	struct rlimit old_fsize, fsize;
	getrlimit(RLIMIT_FSIZE, &old_fsize);
	fsize.rlim_cur = 10;
	fsize.rlim_max = old_fsize.rlim_max;
	int fd = open(at(dir, "big"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	signal(SIGXFSZ, SIG_IGN);
	long lowered = setrlimit(RLIMIT_FSIZE, &fsize);
	long first = write(fd, "0123456789abcdef", 16);
	int first_errno = errno;
	long second = write(fd, "x", 1);
	int second_errno = errno;
	setrlimit(RLIMIT_FSIZE, &old_fsize);
	close(fd);
	report("lower FSIZE to 10", lowered);
	errno = first_errno;
	report("write 16 under FSIZE 10", first);
	errno = second_errno;
	report("write more under FSIZE 10", second);

	struct rusage ru;
	report("getrusage self", getrusage(RUSAGE_SELF, &ru));
	report("getrusage children", getrusage(RUSAGE_CHILDREN, &ru));
	report("getrusage bad", getrusage(5, &ru));
	struct tms tms;
	report("times nonnegative", times(&tms) >= 0 ? 0 : -1);
	struct sysinfo si;
	report("sysinfo", sysinfo(&si));
	printf("sysinfo totalram MiB: %llu procs %u\n", (unsigned long long)si.totalram * si.mem_unit >> 20,
	       (unsigned)si.procs);
	printf("nprocs: %d\n", get_nprocs());
	cpu_set_t set;
	report("sched_getaffinity", sched_getaffinity(0, sizeof set, &set));
	printf("cpus: %d\n", CPU_COUNT(&set));
	report("sched_getaffinity other pid", sched_getaffinity(4242, sizeof set, &set));
	report("sched_yield", sched_yield());
	/* musl's sched_getscheduler, sched_getparam and sched_setscheduler return ENOSYS
	 * without a system call (Linux's are per thread): the calls themselves here. */
	report("sched_getscheduler", syscall(SYS_sched_getscheduler, 0));
	struct sched_param param = { 0 };
	report("sched_getparam", syscall(SYS_sched_getparam, 0, &param));
	printf("priority: %d\n", param.sched_priority);
	report("priority max FIFO", sched_get_priority_max(SCHED_FIFO));
	report("priority min RR", sched_get_priority_min(SCHED_RR));
	report("priority max OTHER", sched_get_priority_max(SCHED_OTHER));
	param.sched_priority = 10;
	report("setscheduler FIFO", syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &param));
	param.sched_priority = 0;
	report("setscheduler BATCH", syscall(SYS_sched_setscheduler, 0, SCHED_BATCH, &param));
	report("getscheduler after", syscall(SYS_sched_getscheduler, 0));
	unsigned cpu = 99, node = 99;
	report("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
	printf("cpu node: %u %u\n", cpu, node);
	report("membarrier query", syscall(SYS_membarrier, 0, 0, 0));

	gid_t groups[16];
	int count = getgroups(16, groups);
	report("getgroups", count);
	printf("group is gid: %d\n", count >= 1 && groups[0] == getgid());
	report("getgroups size 0", getgroups(0, NULL));
	uid_t r, e, s;
	report("getresuid", getresuid(&r, &e, &s));
	printf("resuid equal: %d\n", r == getuid() && e == r && s == r);
	gid_t gr, ge, gs;
	report("getresgid", getresgid(&gr, &ge, &gs));
	printf("resgid equal: %d\n", gr == getgid() && ge == gr && gs == gr);
	report("prctl set name", prctl(PR_SET_NAME, "calls-test", 0, 0, 0));
	char name[17] = { 0 };
	report("prctl get name", prctl(PR_GET_NAME, name, 0, 0, 0));
	printf("name: %s\n", name);
}

/* ---- memory: PROT_NONE, MAP_FIXED anywhere, mremap ---- */
static void
memory(const char *dir)
{
	(void)dir;
	long page = sysconf(_SC_PAGESIZE);
	char *none = mmap(NULL, 16 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	report("mmap PROT_NONE", none == MAP_FAILED ? -1 : 0);
	report("mprotect RW inside", mprotect(none + page, 2 * page, PROT_READ | PROT_WRITE));
	none[page] = 42;
	printf("byte written: %d\n", none[page]);
	report("mprotect NONE again", mprotect(none + page, page, PROT_NONE));
	report("munmap last page", munmap(none + 15 * page, page));
	report("mprotect unmapped", mprotect(none + 15 * page, page, PROT_READ));
	char *heap = sbrk(0);
	char *fixed = (char *)(((unsigned long)heap + 64 * page) & ~(page - 1));
	char *got = mmap(fixed, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	report("mmap FIXED PROT_NONE above brk", got == fixed ? 0 : -1);
	report("mprotect it RW", mprotect(fixed, page, PROT_READ | PROT_WRITE));
	fixed[0] = 7;
	printf("fixed byte: %d\n", fixed[0]);
	char *guard = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	got = mmap(guard, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	report("guard page over a mapping", got == guard ? 0 : -1);
	report("FIXED_NOREPLACE over it", mmap(guard, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED ? -1 : 0);

	char *m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	strcpy(m, "remapped data");
	strcpy(m + page, "second page");
	char *grown = mremap(m, 2 * page, 64 * page, MREMAP_MAYMOVE);
	report("mremap grow", grown == MAP_FAILED ? -1 : 0);
	printf("after grow: %s / %s\n", grown, grown + page);
	grown[63 * page] = 1;
	char *shrunk = mremap(grown, 64 * page, page, 0);
	report("mremap shrink in place", shrunk == grown ? 0 : -1);
	printf("after shrink: %s\n", shrunk);
	char *a = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(a + page, 2 * page);
	char *blocker = mmap(a + page, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	(void)blocker;
	report("mremap blocked without MAYMOVE", mremap(a, page, 2 * page, 0) == MAP_FAILED ? -1 : 0);
	a[0] = 'q';
	char *moved = mremap(a, page, 2 * page, MREMAP_MAYMOVE);
	report("mremap moves", moved != MAP_FAILED && moved != a ? 0 : -1);
	printf("moved byte: %c\n", moved[0]);
	report("mremap unmapped", mremap(a, page, 2 * page, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0);
	report("mremap bad flags", mremap(moved, page, page, 8) == MAP_FAILED ? -1 : 0);
	char *target = mmap(NULL, 4 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *to = mremap(moved, 2 * page, 2 * page, MREMAP_MAYMOVE | MREMAP_FIXED, target + page);
	report("mremap FIXED", to == target + page ? 0 : -1);
	printf("fixed-moved byte: %c\n", to[0]);
	(void)dir;
}

/* ---- proc and etc (emu's answers; expectations from proc(5), passwd(5)) ---- */
static void
proc(const char *dir)
{
	(void)dir;
	char buf[4096], link[256];
	ssize_t n = readlink("/proc/self", link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	report("readlink /proc/self", n);
	printf("/proc/self -> %s\n", link);
	printf("is own pid: %d\n", atoi(link) == getpid());
	read_file("/proc/self/cmdline", buf, sizeof buf);
	printf("cmdline argv1: %s\n", buf + strlen(buf) + 1);
	read_file("/proc/self/comm", buf, sizeof buf);
	printf("comm: %s", buf);
	read_file("/proc/self/status", buf, sizeof buf);
	printf("status has Pid: %d\n", strstr(buf, "\nPid:\t") != NULL);
	char *uid = strstr(buf, "\nUid:\t");
	printf("status uid: %d\n", uid ? atoi(uid + 6) : -1);
	read_file("/proc/self/stat", buf, sizeof buf);
	int pid = 0;
	char state = 0;
	sscanf(buf, "%d %*s %c", &pid, &state);
	printf("stat pid state: %d %c\n", pid, state);
	read_file("/proc/self/maps", buf, sizeof buf);
	printf("maps has stack: %d\n", strstr(buf, "[stack]") != NULL);
	read_file("/proc/meminfo", buf, sizeof buf);
	unsigned long total = 0;
	sscanf(buf, "MemTotal: %lu", &total);
	printf("MemTotal kB: %lu\n", total);
	read_file("/proc/cpuinfo", buf, sizeof buf);
	char *isa = strstr(buf, "isa\t\t: ");
	if (isa) {
		char *end = strchr(isa, '\n');
		if (end)
			*end = 0;
	}
	printf("cpuinfo %s\n", isa ? isa : "no isa");
	read_file("/proc/mounts", buf, sizeof buf);
	printf("mounts lists dir: %d\n", strstr(buf, dir) != NULL);
	int fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
	report("open /proc/self/fd", fd >= 0 ? 0 : -1);
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("fd link: %s\n", buf);
	DIR *d = opendir("/proc/self/fd");
	int entries = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		entries += e->d_name[0] != '.';
	printf("fd entries: %d\n", entries);
	if (d)
		closedir(d);
	close(fd);
	report("open status for writing", open("/proc/self/status", O_WRONLY));
	report("open /proc/self/mem", open("/proc/self/mem", O_RDONLY));
	report("open /proc/2/status", open("/proc/2/status", O_RDONLY));
	struct stat st;
	report("stat /proc/self/status", stat("/proc/self/status", &st));
	printf("status is regular 0444: %d\n", S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0444);
	report("lstat /proc/self", lstat("/proc/self", &st));
	printf("self is link: %d\n", S_ISLNK(st.st_mode));
	report("mkdir in /proc", mkdir("/proc/x", 0755));
	report("unlink /etc/passwd", unlink("/etc/passwd"));

	read_file("/etc/passwd", buf, sizeof buf);
	int passwd_lines = 0;
	for (char *c = buf; *c; c++)
		passwd_lines += *c == '\n';
	printf("passwd lines: %d\n", passwd_lines);
	struct passwd *root = getpwuid(0);
	printf("getpwuid 0: %s %s\n", root ? root->pw_name : "none", root ? root->pw_dir : "");
	struct passwd *self = getpwuid(getuid());
	printf("own user found: %d\n", self != NULL);
	struct passwd *nobody = getpwnam("nobody");
	printf("nobody uid: %d\n", nobody ? (int)nobody->pw_uid : -1);
	struct group *group = getgrgid(0);
	printf("getgrgid 0: %s\n", group ? group->gr_name : "none");
	read_file("/etc/hostname", buf, sizeof buf);
	struct utsname uts;
	uname(&uts);
	printf("hostname matches: %d\n", strncmp(buf, uts.nodename, strlen(uts.nodename)) == 0);
	d = opendir("/");
	int etc = 0, procdir = 0;
	while (d && (e = readdir(d))) {
		etc |= strcmp(e->d_name, "etc") == 0;
		procdir |= strcmp(e->d_name, "proc") == 0;
	}
	if (d)
		closedir(d);
	printf("root lists etc proc: %d %d\n", etc, procdir);
	struct statfs sfs;
	report("statfs /proc", statfs("/proc", &sfs));
	printf("proc magic: %d\n", sfs.f_type == 0x9fa0);
}

/* ---- nested mounts (run with -v A:/a -v B:/a/b/c; DIR is /a) ---- */
static void
mounts(const char *dir)
{
	char buf[256];
	struct stat st;
	report("stat /a/b", stat(at(dir, "b"), &st));
	printf("/a/b is dir: %d\n", S_ISDIR(st.st_mode));
	read_file(at(dir, "b/c/inner"), buf, sizeof buf);
	printf("/a/b/c/inner: %s", buf);
	DIR *d = opendir(at(dir, "b"));
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			printf("/a/b lists: %s\n", e->d_name);
	if (d)
		closedir(d);
	d = opendir(dir);
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			printf("/a lists: %s\n", e->d_name);
	if (d)
		closedir(d);
	report("create in /a/b", open(at(dir, "b/new"), O_WRONLY | O_CREAT, 0644));
	report("create in /a/b/c", open(at(dir, "b/c/new"), O_WRONLY | O_CREAT, 0644));
	report("chdir /a/b/c/..", chdir(at(dir, "b/c/..")));
	report("stat c from /a/b", stat("c", &st));
}

/* ---- descriptors named by path: /dev/stdin, /dev/fd/N, /proc/self/fd/N ---- */
static void
read_descriptor_path(const char *name, const char *path, int flags)
{
	char buf[64];
	int fd = open(path, flags);
	if (fd < 0) {
		printf("%s: %s\n", name, errname(errno));
		return;
	}
	ssize_t n = read(fd, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("%s: %s (%zd bytes)\n", name, buf, n);
	close(fd);
}

static void
fdpaths(const char *dir)
{
	char path[64], buf[64];
	struct stat st, st0;
	int file = open(at(dir, "f"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (write(file, "hello", 5) != 5)
		perror("write");
	/* A new open file description: its own offset, from the start. */
	snprintf(path, sizeof path, "/proc/self/fd/%d", file);
	read_descriptor_path("reopen file by /proc/self/fd", path, O_RDONLY);
	snprintf(path, sizeof path, "/dev/fd/%d", file);
	read_descriptor_path("reopen file by /dev/fd", path, O_RDONLY);
	printf("original offset after: %ld\n", (long)lseek(file, 0, SEEK_CUR));
	int truncating = open(path, O_WRONLY | O_TRUNC);
	fstat(file, &st);
	printf("O_TRUNC reopen: %s size %ld\n", truncating >= 0 ? "0" : errname(errno), (long)st.st_size);
	report("O_CREAT|O_EXCL reopen", open(path, O_WRONLY | O_CREAT | O_EXCL, 0644));
	/* A pipe has no path: the magic link is the only way to reach it by name. */
	int p[2];
	if (pipe(p) != 0)
		perror("pipe");
	if (write(p[1], "piped", 5) != 5)
		perror("write");
	snprintf(path, sizeof path, "/dev/fd/%d", p[0]);
	read_descriptor_path("reopen pipe by /dev/fd", path, O_RDONLY);
	snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]);
	int w = open(path, O_WRONLY);
	printf("write to pipe by /proc/self/fd: %ld\n", (long)(w >= 0 ? write(w, "again", 5) : -1));
	ssize_t n = read(p[0], buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("pipe then held: %s\n", buf);
	/* The standard streams. */
	fflush(stdout);
	int out = open("/dev/stdout", O_WRONLY | O_APPEND);
	if (out >= 0) {
		dprintf(out, "written through /dev/stdout\n");
		close(out);
	}
	report("open /dev/stderr", open("/dev/stderr", O_WRONLY));
	read_descriptor_path("read /dev/stdin", "/dev/stdin", O_RDONLY);
	fstat(0, &st0);
	report("stat /dev/stdin", stat("/dev/stdin", &st));
	printf("same type as fd 0: %d\n", (st.st_mode & S_IFMT) == (st0.st_mode & S_IFMT));
	report("lstat /dev/stdin", lstat("/dev/stdin", &st));
	printf("/dev/stdin is a link: %d\n", S_ISLNK(st.st_mode));
	ssize_t length = readlink("/dev/stdin", buf, sizeof buf - 1);
	buf[length > 0 ? length : 0] = 0;
	printf("readlink /dev/stdin: %s\n", buf);
	length = readlink("/dev/fd", buf, sizeof buf - 1);
	buf[length > 0 ? length : 0] = 0;
	printf("readlink /dev/fd: %s\n", buf);
	report("access /dev/stdin R_OK", access("/dev/stdin", R_OK));
	/* Descriptors that are not open. */
	report("open /proc/self/fd/900", open("/proc/self/fd/900", O_RDONLY));
	report("open /dev/fd/901", open("/dev/fd/901", O_RDONLY));
	report("stat /dev/fd/902", stat("/dev/fd/902", &st));
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: calls PART DIR\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	const char *part = argv[1], *dir = argv[2];
	if (strcmp(part, "files") == 0)
		files(dir);
	else if (strcmp(part, "locks") == 0)
		locks(dir);
	else if (strcmp(part, "limits") == 0)
		limits(dir);
	else if (strcmp(part, "memory") == 0)
		memory(dir);
	else if (strcmp(part, "proc") == 0)
		proc(dir);
	else if (strcmp(part, "mounts") == 0)
		mounts(dir);
	else if (strcmp(part, "fdpaths") == 0)
		fdpaths(dir);
	else
		return 2;
	return 0;
}
