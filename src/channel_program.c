/* channel_program.c - each channel as a program of its own: the C and the
 * Python that make, hold and drop its kernel object around the operations a
 * child does (struct channel_program, channel.h). The operations' own C is the
 * descriptor's put.code and get.code, beside the ops in each channel's file, so
 * what the code pane shows cannot drift from what ipcviz runs; what is here is
 * only the frame a standalone program needs, kept in one file so that the
 * eight frames read as variations of one skeleton (src/program.c). */
#include "channel.h"
#include "i18n.h"

/* Shared memory for the cell channels and the ring, unlinked at birth. */
static const char shared_memory_c[] =
	"/* New shared memory of `size` bytes, zeroed; its name is gone at once, so\n"
	" * nothing is left in /dev/shm whatever happens to this program. */\n"
	"static void *shared_memory(size_t size)\n"
	"{\n"
	"\tchar shmname[64];\n"
	"\tvoid *p;\n"
	"\n"
	"\tsnprintf(shmname, sizeof shmname, \"/ipcviz-%d-code\", (int)getpid());\n"
	"\tint fd = shm_open(shmname, O_RDWR | O_CREAT | O_EXCL, 0600);\n"
	"\tif (fd < 0)\n"
	"\t\tfail(\"main\", \"shm_open\");\n"
	"\tshm_unlink(shmname);\n"
	"\tif (ftruncate(fd, (off_t)size) != 0)\n"
	"\t\tfail(\"main\", \"ftruncate\");\n"
	"\tp = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);\n"
	"\tif (p == MAP_FAILED)\n"
	"\t\tfail(\"main\", \"mmap\");\n"
	"\tclose(fd);\n"
	"\treturn p;\n"
	"}\n";

/* A pipe's consumer: one read(2) is one item; 0 bytes is end of file. */
#define PIPE_GET_BLOCK                                                                     \
	"ssize_t n = @OP@;\n"                                                              \
	"if (n == 0)\n"                                                                    \
	"\tgoto done;\n"                                                                   \
	"if (n < 0)\n"                                                                     \
	"\tfail(name, \"read\");"

static const struct channel_program channel_pipe_big_program = {
	.c_globals = "static int ends[2]; /* the pipe: [0] its read end, [1] its write end */",
	.c_open = "if (pipe(ends) != 0)\n"
		  "\tfail(\"main\", \"pipe\");\n"
		  "if (fcntl(ends[1], F_SETPIPE_SZ, @CAP@ * 4096) < 0)\n"
		  "\tfail(\"main\", \"F_SETPIPE_SZ\");",
	.open_note = N_("The pipe holds @CAP@ pages of 4096 bytes. An item of @SIZE@ bytes is "
			"more than PIPE_BUF (4096): the kernel takes what fits, the writer "
			"sleeps for the rest, and another writer's bytes can get in between."),
	.c_attach = {"close(ends[0]);\nint fd = ends[1];", "close(ends[1]);\nint fd = ends[0];"},
	.c_parent = "close(ends[0]);\nclose(ends[1]);",
	.c_item = "struct { int32_t writer, value; } item[@SIZE@ / 8]",
	.c_set = "for (size_t w = 0; w < @SIZE@ / 8; w++)\n"
		 "\titem[w].writer = (int32_t)getpid(), item[w].value = v;",
	.c_get_block = "size_t have = 0;\n"
		       "while (have < sizeof item) {\n"
		       "@CALL@\tssize_t n = read(fd, (char *)item + have, sizeof item - have);\n"
		       "\tif (n == 0)\n"
		       "\t\tgoto done;\n"
		       "\tif (n < 0)\n"
		       "\t\tfail(name, \"read\");\n"
		       "\thave += (size_t)n;\n"
		       "\tif (have < sizeof item)\n"
		       "\t\tpause_for(@INTERVAL@);\n"
		       "}\n"
		       "for (size_t w = 1; w < sizeof item / sizeof item[0]; w++)\n"
		       "\tif (item[w].writer != item[0].writer || item[w].value != item[0].value) {\n"
		       "\t\tmixed++;\n"
		       "\t\tbreak;\n"
		       "\t}",
	.c_value = "item[0].value",
	.counts_mixed = true,
	.py = {
		.imports = "import fcntl\nimport os\nimport struct",
		.open = "r, w = os.pipe()\nfcntl.fcntl(w, fcntl.F_SETPIPE_SZ, @CAP@ * 4096)",
		.params = "r, w",
		.args = {"r, w", "r, w"},
		.attach = {"os.close(r)", "os.close(w)"},
		.parent = "os.close(r)\nos.close(w)",
		.put = "os.write(w, struct.pack(\"ii\", os.getpid(), i) * (@SIZE@ // 8))",
		.get = "item = b\"\"\n"
		       "while len(item) < @SIZE@:\n"
		       "    part = os.read(r, @SIZE@ - len(item))\n"
		       "    if not part:\n"
		       "        return\n"
		       "    item += part\n"
		       "    if len(item) < @SIZE@:\n"
		       "        time.sleep(@INTERVAL@ / SPEED)\n"
		       "if item != item[:8] * (@SIZE@ // 8):\n"
		       "    mixed += 1\n"
		       "data = struct.unpack_from(\"ii\", item)[1]",
		.note = N_("os.pipe() is the kernel's pipe, as in the C."),
	},
};

const struct channel_program channel_pipe_program = {
	.c_globals = "static int ends[2]; /* the pipe: [0] its read end, [1] its write end */",
	.c_open = "if (pipe(ends) != 0)\n"
		  "\tfail(\"main\", \"pipe\");\n"
		  "if (fcntl(ends[1], F_SETPIPE_SZ, @CAP@ * 4096) < 0)\n"
		  "\tfail(\"main\", \"F_SETPIPE_SZ\");",
	.open_note = N_("The pipe holds @CAP@ pages of 4096 bytes, and one item is one page: a "
			"write of 4096 bytes (PIPE_BUF) is atomic and a full pipe puts the "
			"writer to sleep."),
	.c_attach = {"close(ends[0]);\nint fd = ends[1];", "close(ends[1]);\nint fd = ends[0];"},
	.c_parent = "close(ends[0]);\nclose(ends[1]);",
	.c_item = "union { int32_t value; char page[4096]; } item",
	.c_set = "item.value = v;",
	.c_value = "item.value",
	.c_get_block = PIPE_GET_BLOCK,
	.py = {
		.imports = "import fcntl\nimport os",
		.open = "r, w = os.pipe()\nfcntl.fcntl(w, fcntl.F_SETPIPE_SZ, @CAP@ * 4096)",
		.params = "r, w",
		.args = {"r, w", "r, w"},
		.attach = {"os.close(r)", "os.close(w)"},
		.parent = "os.close(r)\nos.close(w)",
		.put = "os.write(w, i.to_bytes(4, \"little\", signed=True).ljust(4096, b\"\\0\"))",
		.get = "item = os.read(r, 4096)\n"
		       "if not item:\n"
		       "    return\n"
		       "data = int.from_bytes(item[:4], \"little\", signed=True)",
		.note = N_("os.pipe() is the kernel's pipe, as in the C; multiprocessing.Pipe() "
			   "would be a socket pair, Pipe(duplex=False) a pipe of pickles."),
	},
	.py_tutorial = {
		.open = "parent_conn, child_conn = multiprocessing.Pipe()",
		.params = "conn",
		.args = {"parent_conn", "child_conn"},
		.put = "conn.send(i)",
		.get = "data = conn.recv()",
		.note = N_("multiprocessing.Pipe() is a socket pair (socketpair(2)), not a "
			   "pipe(2); Pipe(duplex=False) would be a pipe."),
	},
	.big = &channel_pipe_big_program,
};

/* The tutorial's queue has no bound; the others hold what the scenario says. */
#define QUEUE_PY(OPEN)                                                                     \
	{                                                                                  \
		.open = OPEN, .params = "queue", .args = {"queue", "queue"},               \
		.put = "queue.put(i)", .get = "data = queue.get()",                        \
		.note = N_("multiprocessing.Queue is a pipe plus a lock and a feeder "     \
			   "thread, not a POSIX message queue: put() returns at once, the " \
			   "thread writes later."),                                         \
	}

const struct channel_program channel_queue_program = {
	.c_globals = "static mqd_t q; /* the POSIX message queue */",
	.c_open = "char qname[64];\n"
		  "struct mq_attr attr = {.mq_maxmsg = @CAP@, .mq_msgsize = 8};\n"
		  "\n"
		  "snprintf(qname, sizeof qname, \"/ipcviz-%d-code\", (int)getpid());\n"
		  "q = mq_open(qname, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);\n"
		  "if (q == (mqd_t)-1)\n"
		  "\tfail(\"main\", \"mq_open\");\n"
		  "mq_unlink(qname);",
	.open_note = N_("A queue of @CAP@ messages of 8 bytes. Its name is unlinked at once: the "
			"children inherit the descriptor, and nothing is left in the mqueue file "
			"system."),
	.c_item = "union { int32_t value; char bytes[8]; } item",
	.c_set = "item.value = v;",
	.c_value = "item.value",
	.py = QUEUE_PY("queue = multiprocessing.Queue(maxsize=@CAP@)"),
	.py_tutorial = QUEUE_PY("queue = multiprocessing.Queue()"),
};

const struct channel_program channel_shm_program = {
	.c_helpers = shared_memory_c,
	.c_globals = "static int32_t *value; /* the shared value */",
	.c_open = "value = shared_memory(sizeof *value);",
	.open_note = N_("One int in shared memory, no lock: a write replaces the value whether "
			"or not anyone read it."),
	.py = {
		.open = "shared_value = multiprocessing.Value(\"i\", 0)",
		.params = "shared_value",
		.args = {"shared_value", "shared_value"},
		.put = "shared_value.value = i",
		.get = "data = shared_value.value",
		.note = N_("multiprocessing.Value is an int in shared memory, with a lock around "
			   "each single access."),
	},
};

const struct channel_program channel_ring_program = {
	.c_helpers = shared_memory_c,
	.c_globals = "static struct {\n"
		     "\tsem_t slots, items, mutex; /* free places, filled places, the lock */\n"
		     "\tuint32_t head, tail, size;\n"
		     "\tint32_t buf[@CAP@];\n"
		     "} *ring;",
	.c_open = "ring = shared_memory(sizeof *ring);\n"
		  "ring->size = @CAP@;\n"
		  "if (sem_init(&ring->slots, 1, @CAP@) != 0 || sem_init(&ring->items, 1, 0) != 0 ||\n"
		  "    sem_init(&ring->mutex, 1, 1) != 0)\n"
		  "\tfail(\"main\", \"sem_init\");",
	.open_note = N_("A ring of @CAP@ places in shared memory and three process-shared "
			"semaphores: a writer sleeps in sem_wait(slots) while it is full, a reader "
			"in sem_wait(items) while it is empty."),
	.c_item = "int32_t item",
	.c_set = "item = v;",
	.c_value = "item",
	.py = {
		.open = "buf = multiprocessing.Array(\"i\", @CAP@, lock=False)\n"
			"head = multiprocessing.Value(\"i\", 0, lock=False)\n"
			"tail = multiprocessing.Value(\"i\", 0, lock=False)\n"
			"slots = multiprocessing.Semaphore(@CAP@)\n"
			"items = multiprocessing.Semaphore(0)\n"
			"mutex = multiprocessing.Lock()",
		.params = "buf, head, tail, slots, items, mutex",
		.args = {"buf, head, tail, slots, items, mutex", "buf, head, tail, slots, items, mutex"},
		.put = "slots.acquire()\nmutex.acquire()\nbuf[head.value] = i\n"
		       "head.value = (head.value + 1) % @CAP@\nmutex.release()\nitems.release()",
		.get = "items.acquire()\nmutex.acquire()\ndata = buf[tail.value]\n"
		       "tail.value = (tail.value + 1) % @CAP@\nmutex.release()\nslots.release()",
		.note = N_("multiprocessing.Semaphore and Lock are POSIX semaphores in shared "
			   "memory, as in the C."),
	},
};

const struct channel_program channel_socketpair_program = {
	.c_globals = "static int sv[2]; /* the socket pair: producers use [0], consumers [1] */",
	.c_open = "int small = 1;\n"
		  "\n"
		  "if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)\n"
		  "\tfail(\"main\", \"socketpair\");\n"
		  "setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);\n"
		  "setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);",
	.open_note = N_("A connected pair of Unix stream sockets with the smallest buffers: "
			"each item goes one way and its answer comes back."),
	.c_attach = {"close(sv[1]);\nint sock = sv[0];", "close(sv[0]);\nint sock = sv[1];"},
	.c_parent = "close(sv[0]);\nclose(sv[1]);",
	.c_item = "union { int32_t value; char bytes[64]; } item",
	.c_set = "item.value = v;",
	.c_value = "item.value",
	.c_put_block = "if (@OP@ != 64)\n"
		       "\tfail(name, \"write\");\n"
		       "@PRINT@\n"
		       "if (read(sock, &item, 64) <= 0) /* the answer */\n"
		       "\tfail(name, \"read\");",
	.c_get_block = "ssize_t n = @OP@;\n"
		       "if (n == 0)\n"
		       "\tgoto done;\n"
		       "if (n < 0)\n"
		       "\tfail(name, \"read\");\n"
		       "@PRINT@\n"
		       "if (write(sock, &item, 64) != 64) /* the answer */\n"
		       "\tfail(name, \"write\");",
	.py = {
		.open = "producer_conn, consumer_conn = multiprocessing.Pipe()",
		.params = "conn",
		.args = {"producer_conn", "consumer_conn"},
		.put = "conn.send(i)\nconn.recv()",
		.get = "data = conn.recv()\nconn.send(data)",
		.note = N_("multiprocessing.Pipe() is a socket pair, as in the C; it sends "
			   "pickles, each with its length."),
	},
};

const struct channel_program channel_fifo_program = {
	.c_helpers = "static char dir[] = \"/tmp/ipcviz-code-XXXXXX\", path[64];\n"
		     "\n"
		     "/* Removes the FIFO and its directory: at the end, and on Ctrl-C. */\n"
		     "static void remove_fifo(void)\n"
		     "{\n"
		     "\tunlink(path);\n"
		     "\trmdir(dir);\n"
		     "}\n"
		     "\n"
		     "static void on_signal(int sig)\n"
		     "{\n"
		     "\tremove_fifo();\n"
		     "\tsignal(sig, SIG_DFL);\n"
		     "\traise(sig);\n"
		     "}\n",
	.c_open = "if (!mkdtemp(dir))\n"
		  "\tfail(\"main\", \"mkdtemp\");\n"
		  "snprintf(path, sizeof path, \"%s/fifo\", dir);\n"
		  "if (mkfifo(path, 0600) != 0)\n"
		  "\tfail(\"main\", \"mkfifo\");\n"
		  "signal(SIGINT, on_signal);\n"
		  "signal(SIGTERM, on_signal);\n"
		  "int keep = open(path, O_RDWR);\n"
		  "if (keep < 0)\n"
		  "\tfail(\"main\", \"open\");\n"
		  "fprintf(stderr, \"echo 42 > %s\\n\", path);",
	.open_note = N_("A named pipe in a private directory. This program keeps it open, so "
			"no one waits in open() and a reader gets no end of file: try echo 42 > "
			"PATH from another terminal."),
	.c_attach = {"signal(SIGINT, SIG_DFL);\nsignal(SIGTERM, SIG_DFL);\n"
		     "int fd = open(path, O_WRONLY);\nif (fd < 0)\n\tfail(name, \"open\");",
		     "signal(SIGINT, SIG_DFL);\nsignal(SIGTERM, SIG_DFL);\n"
		     "int fd = open(path, O_RDONLY);\nif (fd < 0)\n\tfail(name, \"open\");"},
	.c_end = "remove_fifo();",
	.c_item = "char line[65]",
	.c_set = "snprintf(line, sizeof line, \"%-63d\", (int)v);\nline[63] = '\\n';",
	.c_get_block = "char c = 0, text[80];\n"
		       "size_t len = 0;\n"
		       "while (c != '\\n' && len < sizeof text - 1) {\n"
		       "\tssize_t n = @OP@;\n"
		       "\tif (n == 0)\n"
		       "\t\tgoto done;\n"
		       "\tif (n < 0)\n"
		       "\t\tfail(name, \"read\");\n"
		       "\ttext[len++] = c;\n"
		       "}\n"
		       "text[len] = '\\0';\n"
		       "v = (int32_t)strtol(text, NULL, 10);",
	.py = {
		.imports = "import atexit\nimport os\nimport shutil\nimport signal\nimport tempfile",
		.open = "folder = tempfile.mkdtemp(prefix=\"ipcviz-code-\")\n"
			"atexit.register(shutil.rmtree, folder, True)\n"
			"signal.signal(signal.SIGTERM, lambda sig, frame: sys.exit(128 + sig))\n"
			"path = os.path.join(folder, \"fifo\")\n"
			"os.mkfifo(path, 0o600)\n"
			"keep = os.open(path, os.O_RDWR)\n"
			"print(\"echo 42 >\", path, file=sys.stderr)",
		.params = "path",
		.args = {"path", "path"},
		.attach = {"fd = os.open(path, os.O_WRONLY)", "fd = os.open(path, os.O_RDONLY)"},
		.put = "os.write(fd, f\"{i:<63}\\n\".encode())",
		.get = "text = b\"\"\n"
		       "while not text.endswith(b\"\\n\"):\n"
		       "    byte = os.read(fd, 1)\n"
		       "    if not byte:\n"
		       "        return\n"
		       "    text += byte\n"
		       "data = int(text)",
		.note = N_("os.mkfifo() makes the same named pipe as the C."),
	},
};

const struct channel_program channel_race_program = {
	.c_helpers = shared_memory_c,
	.c_globals = "static int32_t *counter; /* the counter, in shared memory */",
	.c_open = "counter = shared_memory(sizeof *counter);",
	.open_note = N_("One counter in shared memory, no lock: an increment is a load, then a "
			"store, and another process can store in between."),
	.c_counter = "*counter",
	.py = {
		.open = "counter = multiprocessing.Value(\"i\", 0, lock=False)",
		.params = "counter",
		.args = {"counter", "counter"},
		.put = "counter.value = data + 1",
		.get = "data = counter.value",
		.counter = "counter.value",
		.note = N_("Value(lock=False) is a bare int in shared memory; counter.value += 1 "
			   "would be this same load and store."),
	},
};

const struct channel_program channel_race_locked_program = {
	.c_helpers = shared_memory_c,
	.c_globals = "static int32_t *counter; /* the counter, in shared memory */\n"
		     "static sem_t *lock;      /* its lock: a process-shared semaphore */",
	.c_open = "counter = shared_memory(sizeof *counter);\n"
		  "lock = shared_memory(sizeof *lock);\n"
		  "if (sem_init(lock, 1, 1) != 0)\n"
		  "\tfail(\"main\", \"sem_init\");",
	.open_note = N_("One counter in shared memory and a semaphore as its lock, held from "
			"the load to the store: no update can be lost."),
	.c_counter = "*counter",
	.py = {
		.open = "counter = multiprocessing.Value(\"i\", 0, lock=False)\n"
			"lock = multiprocessing.Lock()",
		.params = "counter, lock",
		.args = {"counter, lock", "counter, lock"},
		.put = "counter.value = data + 1\nlock.release()",
		.get = "lock.acquire()\ndata = counter.value",
		.counter = "counter.value",
		.note = N_("multiprocessing.Lock is a POSIX semaphore in shared memory, as in the "
			   "C."),
	},
};
