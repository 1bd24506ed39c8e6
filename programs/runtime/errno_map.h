/* errno_map.h - see errno_map.c. */
#ifndef EMU_RUNTIME_ERRNO_MAP_H
#define EMU_RUNTIME_ERRNO_MAP_H

/* The picolibc errno value for a positive Linux errno (EIO if unknown). */
int errno_from_linux(long linux_errno);

#endif
