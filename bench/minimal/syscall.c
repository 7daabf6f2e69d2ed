/* syscall.c - what one trip into the kernel costs here: a million getppid(2),
 * the cheapest system call, timed. Every figure of bench/ is a few of these
 * plus wake-ups, so this one number explains most of them (a virtual machine
 * can make it ten times dearer than bare metal). Prints: ns per syscall. */
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec a, b;
	const long n = 1000000;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.0f\n", ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
