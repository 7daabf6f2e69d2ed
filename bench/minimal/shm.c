/* shm.c - the minimal shared-memory ring: slots in POSIX shared memory
 * (max(64 KiB, 8 messages) of them), a counting semaphore of free slots and one
 * of used slots, process-shared, as ipcviz bench's shm transport. */
#include <fcntl.h>
#include <semaphore.h>
#include <string.h>
#include <sys/mman.h>

#include "minimal.h"

struct ring {
	sem_t free_slots, used_slots;
	_Alignas(64) unsigned char data[];
};

static struct ring *ring[2];
static size_t slots;
static size_t pos[2]; /* each process has its own copy: its side's next slot */

static void link_open(size_t size)
{
	size_t bytes = size * 8 > 65536 ? size * 8 : 65536;
	char name[64];

	slots = bytes / size;
	for (int l = 0; l < 2; l++) {
		snprintf(name, sizeof name, "/minimal-shm-%d-%d", (int)getpid(), l);
		int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd < 0)
			die("shm_open");
		shm_unlink(name);
		if (ftruncate(fd, (off_t)(sizeof(struct ring) + bytes)) != 0)
			die("ftruncate");
		ring[l] = mmap(NULL, sizeof(struct ring) + bytes, PROT_READ | PROT_WRITE,
			       MAP_SHARED, fd, 0);
		if (ring[l] == MAP_FAILED)
			die("mmap");
		close(fd);
		sem_init(&ring[l]->free_slots, 1, (unsigned)slots);
		sem_init(&ring[l]->used_slots, 1, 0);
	}
}

static void link_send(int link, const void *buf, size_t size)
{
	struct ring *r = ring[link];

	while (sem_wait(&r->free_slots) != 0)
		;
	memcpy(r->data + (pos[link]++ % slots) * size, buf, size);
	sem_post(&r->used_slots);
}

static void link_recv(int link, void *buf, size_t size)
{
	struct ring *r = ring[link];

	while (sem_wait(&r->used_slots) != 0)
		;
	memcpy(buf, r->data + (pos[link]++ % slots) * size, size);
	sem_post(&r->free_slots);
}

int main(int argc, char **argv)
{
	return minimal_main("shm", argc, argv);
}
