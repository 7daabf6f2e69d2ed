/* mq.c - the minimal POSIX queue loop: mq_send and mq_receive of whole
 * messages on two queues of 10 messages (fs.mqueue.msg_max), unlinked at once. */
#include <fcntl.h>
#include <mqueue.h>

#include "minimal.h"

static mqd_t q[2];

static void link_open(size_t size)
{
	struct mq_attr attr = {.mq_maxmsg = 10, .mq_msgsize = (long)size};
	char name[64];

	for (int l = 0; l < 2; l++) {
		snprintf(name, sizeof name, "/minimal-mq-%d-%d", (int)getpid(), l);
		q[l] = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
		if (q[l] == (mqd_t)-1)
			die("mq_open");
		mq_unlink(name);
	}
}

static void link_send(int link, const void *buf, size_t size)
{
	if (mq_send(q[link], buf, size, 0) != 0)
		die("mq_send");
}

static void link_recv(int link, void *buf, size_t size)
{
	if (mq_receive(q[link], buf, size, NULL) < 0)
		die("mq_receive");
}

int main(int argc, char **argv)
{
	return minimal_main("queue", argc, argv);
}
