/* pipe.c - the minimal pipe loop: write(2) and read(2) of whole messages on
 * two pipes, each holding max(64 KiB, 8 messages) as in ipcviz bench. */
#include <fcntl.h>

#include "minimal.h"

static int fds[2][2];

static void link_open(size_t size)
{
	for (int l = 0; l < 2; l++) {
		if (pipe(fds[l]) != 0)
			die("pipe");
		if (size * 8 > 65536)
			fcntl(fds[l][1], F_SETPIPE_SZ, (int)(size * 8));
	}
}

static void link_send(int link, const void *buf, size_t size)
{
	for (size_t done = 0; done < size;) {
		ssize_t n = write(fds[link][1], (const char *)buf + done, size - done);
		if (n < 0)
			die("write");
		done += (size_t)n;
	}
}

static void link_recv(int link, void *buf, size_t size)
{
	for (size_t done = 0; done < size;) {
		ssize_t n = read(fds[link][0], (char *)buf + done, size - done);
		if (n <= 0)
			die("read");
		done += (size_t)n;
	}
}

int main(int argc, char **argv)
{
	return minimal_main("pipe", argc, argv);
}
