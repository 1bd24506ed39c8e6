/* bare.h - what bare-start.c offers the dwarf/ programs (no libc). */
#ifndef BARE_H
#define BARE_H

int main(void);
long write(int fd, const void *buffer, unsigned long count);
void exit(int status) __attribute__((noreturn));
void put_text(const char *text);
void put_number(int value);

#endif
