/* bench_python.c - the tutorial's Python tools, measured by python3 in the same
 * run as ipcviz's own cases, so that a ratio between the two comes from one
 * machine at one moment.
 *
 * The tutorial ipcviz grew from moves values between processes with Python's
 * multiprocessing: Pipe, Queue and a Value with its lock. ipcviz starts one
 * python3 with the program below and sends it one measurement a line
 * ("tool\tsize\trtt\tcpu0\tcpu1\tbudget_ns\twarm_ns"); for each, python3 forks
 * two processes (the "fork" start method), pins each to its CPU, measures as
 * src/bench.c measures (one way: messages a second after the warm-up, counted
 * by the consumer; round trip: the median of timed ping-pongs after the
 * warm-up), and answers "ok FIGURE" or "error WHAT". Pipe and Queue carry
 * bytes objects of the size (pickled, as the tutorial sends them). A Value
 * holds one C int: its one-way figure is writes a second while another process
 * reads it, under the Value's lock ("Value") or without ("Value(lock=False)"),
 * which together give the lock's cost; "Value+Semaphore" is a Value that loses
 * nothing, a slot with two semaphores, the fair partner of ipcviz's shm ring.
 *
 * The program is a string here, not a file beside the binary, so an installed
 * ipcviz needs nothing but python3.
 */
#include "bench_python.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_limits.h"
#include "i18n.h"

#define BENCH_PY_START_MS 20000 /* python3 and its imports, on a busy machine */
#define BENCH_PY_GRACE_MS 20000 /* beyond its time, a measurement is broken */

static const char bench_py_program[] =
	"import ctypes, multiprocessing as mp, os, sys, time\n"
	"mp.set_start_method(\"fork\")\n"
	"libc = ctypes.CDLL(None)\n"
	"END = None\n"
	"now = time.monotonic_ns\n"
	"\n"
	"\n"
	"def pinned(cpu, fn, args):\n"
	"    libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL: dies with the server\n"
	"    os.sched_setaffinity(0, {cpu})\n"
	"    fn(*args)\n"
	"\n"
	"\n"
	"def start(cpu, fn, *args):\n"
	"    p = mp.Process(target=pinned, args=(cpu, fn, args))\n"
	"    p.start()\n"
	"    return p\n"
	"\n"
	"\n"
	"def produce(send, item, budget, out):\n"
	"    deadline, n = now() + budget, 0\n"
	"    while n % 8 or n < 256 or now() < deadline:\n"
	"        send(item)\n"
	"        n += 1\n"
	"    send(END)\n"
	"\n"
	"\n"
	"def consume(recv, warm, out):\n"
	"    n, first, since, t0 = 0, 0, -1, 0\n"
	"    while recv() is not END:\n"
	"        n += 1\n"
	"        if n == 1:\n"
	"            first = now()\n"
	"        elif since < 0 and n % 8 == 0 and now() >= first + warm:\n"
	"            since, t0 = n, now()\n"
	"    end = now()\n"
	"    if since < 0 or n - since < 64:\n"
	"        since, t0 = 1, first\n"
	"    os.write(out, b\"%r\\n\" % ((n - since) / ((end - t0) / 1e9)))\n"
	"\n"
	"\n"
	"def write_value(v, lock, budget, warm, out):\n"
	"    start_ns = now()\n"
	"    deadline, n, since, t0 = start_ns + budget, 0, -1, 0\n"
	"    while True:\n"
	"        if n % 64 == 0:\n"
	"            t = now()\n"
	"            if since < 0 and t >= start_ns + warm:\n"
	"                since, t0 = n, t\n"
	"            if t >= deadline and since >= 0 and n - since >= 256:\n"
	"                break\n"
	"        if lock:\n"
	"            with lock:\n"
	"                v.value = n\n"
	"        else:\n"
	"            v.value = n\n"
	"        n += 1\n"
	"    end = now()\n"
	"    if lock:\n"
	"        with lock:\n"
	"            v.value = -1\n"
	"    else:\n"
	"        v.value = -1\n"
	"    os.write(out, b\"%r\\n\" % ((n - since) / ((end - t0) / 1e9)))\n"
	"\n"
	"\n"
	"def read_value(v, lock, out):\n"
	"    while True:\n"
	"        if lock:\n"
	"            with lock:\n"
	"                if v.value == -1:\n"
	"                    return\n"
	"        elif v.value == -1:\n"
	"            return\n"
	"\n"
	"\n"
	"def ping(once, end, budget, warm, out):\n"
	"    samples, start_ns, i = [], now(), 0\n"
	"    deadline = start_ns + budget\n"
	"    while True:\n"
	"        t = now()\n"
	"        if t >= deadline and len(samples) >= 50:\n"
	"            break\n"
	"        once(i)\n"
	"        i += 1\n"
	"        if i > 16 and (t >= start_ns + warm or i > 800):\n"
	"            samples.append(now() - t)\n"
	"    end()\n"
	"    samples.sort()\n"
	"    os.write(out, b\"%r\\n\" % (samples[int((len(samples) - 1) * 0.5 + 0.5)] / 1e3))\n"
	"\n"
	"\n"
	"def pong(recv, send):\n"
	"    while (m := recv()) is not END:\n"
	"        send(m)\n"
	"\n"
	"\n"
	"def slot():\n"
	"    \"\"\"A Value that loses nothing: one slot, two semaphores (empty, full).\"\"\"\n"
	"    v, empty, full = mp.Value(\"i\", 0, lock=False), mp.Semaphore(1), mp.Semaphore(0)\n"
	"\n"
	"    def send(x):\n"
	"        empty.acquire()\n"
	"        v.value = -1 if x is END else x\n"
	"        full.release()\n"
	"\n"
	"    def recv():\n"
	"        full.acquire()\n"
	"        x = v.value\n"
	"        empty.release()\n"
	"        return END if x == -1 else x\n"
	"    return send, recv\n"
	"\n"
	"\n"
	"def one_way(tool, size, cpu, budget, warm, out):\n"
	"    if tool == \"Pipe\":\n"
	"        rx, tx = mp.Pipe(duplex=False)\n"
	"        send, recv, item = tx.send, rx.recv, bytes(size)\n"
	"    elif tool == \"Queue\":\n"
	"        q = mp.Queue()\n"
	"        send, recv, item = q.put, q.get, bytes(size)\n"
	"    elif tool == \"Value+Semaphore\":\n"
	"        (send, recv), item = slot(), 1\n"
	"    else:\n"
	"        v = mp.Value(\"i\", 0, lock=tool == \"Value\")\n"
	"        lock = v.get_lock() if tool == \"Value\" else None\n"
	"        return [start(cpu[0], write_value, v, lock, budget, warm, out),\n"
	"                start(cpu[1], read_value, v, lock, out)]\n"
	"    return [start(cpu[0], produce, send, item, budget, out),\n"
	"            start(cpu[1], consume, recv, warm, out)]\n"
	"\n"
	"\n"
	"def round_trip(tool, size, cpu, budget, warm, out):\n"
	"    item = bytes(size)\n"
	"    if tool == \"Pipe\":\n"
	"        mine, theirs = mp.Pipe()  # duplex, as the tutorial's Pipe()\n"
	"        there, back, serve = mine.send, mine.recv, (theirs.recv, theirs.send)\n"
	"    elif tool == \"Queue\":\n"
	"        q1, q2 = mp.Queue(), mp.Queue()\n"
	"        there, back, serve = q1.put, q2.get, (q1.get, q2.put)\n"
	"    else:\n"
	"        (there, serve_recv), (serve_send, back) = slot(), slot()\n"
	"        serve, item = (serve_recv, serve_send), 1\n"
	"\n"
	"    def once(i):\n"
	"        there(item)\n"
	"        back()\n"
	"    return [start(cpu[0], ping, once, lambda: there(END), budget, warm, out),\n"
	"            start(cpu[1], pong, *serve)]\n"
	"\n"
	"\n"
	"def main():\n"
	"    print(\"ready\", flush=True)\n"
	"    for line in sys.stdin:\n"
	"        tool, size, rtt, c0, c1, budget, warm = line.split(\"\\t\")\n"
	"        r, w = os.pipe()\n"
	"        try:\n"
	"            how = round_trip if rtt == \"1\" else one_way\n"
	"            procs = how(tool, int(size), (int(c0), int(c1)), int(budget), int(warm), w)\n"
	"            os.close(w)\n"
	"            w = -1\n"
	"            got = os.read(r, 100).decode().strip()\n"
	"            for p in procs:\n"
	"                p.join()\n"
	"            if not got or any(p.exitcode for p in procs):\n"
	"                raise RuntimeError(\"a Python process failed\")\n"
	"            print(\"ok \" + got, flush=True)\n"
	"        except Exception as e:\n"
	"            print(\"error \" + str(e).replace(\"\\n\", \" \"), flush=True)\n"
	"        finally:\n"
	"            os.close(r)\n"
	"            if w >= 0:\n"
	"                os.close(w)\n"
	"\n"
	"\n"
	"main()\n";

static int64_t bench_py_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* python3 on PATH into path; false if there is none. */
static bool bench_py_find(char *path, size_t len)
{
	const char *dirs = getenv("PATH");

	while (dirs && *dirs) {
		size_t n = strcspn(dirs, ":");
		if (n > 0 && (size_t)snprintf(path, len, "%.*s/python3", (int)n, dirs) < len &&
		    access(path, X_OK) == 0)
			return true;
		dirs += n + (dirs[n] == ':');
	}
	return false;
}

/* The next line python3 writes, without its newline, into line; waits until
 * deadline_ms. 0, or -1 with a message (it died, it took too long, a signal). */
static int bench_py_line(struct bench_py *py, char *line, size_t len, int64_t deadline_ms,
			 const volatile sig_atomic_t *stop, char *err, size_t errlen)
{
	struct pollfd p = {.fd = py->from_fd, .events = POLLIN};

	for (;;) {
		char *nl = memchr(py->buf, '\n', py->have);
		if (nl) {
			size_t n = (size_t)(nl - py->buf);
			snprintf(line, len, "%.*s", (int)n, py->buf);
			py->have -= n + 1;
			memmove(py->buf, nl + 1, py->have);
			return 0;
		}
		if (stop && *stop) {
			snprintf(err, errlen, "%s", _("interrupted: every child was stopped and reaped"));
			return -1;
		}
		if (bench_py_now_ms() > deadline_ms) {
			snprintf(err, errlen, "%s", _("python3 stopped answering"));
			return -1;
		}
		if (py->have == sizeof py->buf)
			py->have = 0; /* a line too long to be an answer: drop it */
		if (poll(&p, 1, 200) <= 0)
			continue;
		ssize_t n = read(py->from_fd, py->buf + py->have, sizeof py->buf - py->have);
		if (n == 0) {
			snprintf(err, errlen, "%s", _("python3 ended unexpectedly"));
			return -1;
		}
		if (n > 0)
			py->have += (size_t)n;
	}
}

int bench_py_start(struct bench_py *py, const volatile sig_atomic_t *stop, char *note,
		   size_t notelen)
{
	char path[4096], line[256], why[256];
	int to[2], from[2];
	pid_t parent = getpid();

	memset(py, 0, sizeof *py);
	if (!bench_py_find(path, sizeof path)) {
		snprintf(note, notelen, "%s", _("python3 is not on PATH: no Python figures"));
		return 0;
	}
	if (pipe2(to, O_CLOEXEC) != 0) {
		snprintf(note, notelen, _("cannot create a pipe: %s"), strerror(errno));
		return -1;
	}
	if (pipe2(from, O_CLOEXEC) != 0) {
		snprintf(note, notelen, _("cannot create a pipe: %s"), strerror(errno));
		close(to[0]);
		close(to[1]);
		return -1;
	}
	py->pid = fork();
	if (py->pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		bench_ahead(); /* one group: python3 and all it forks are killed at once */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		dup2(to[0], 0);
		dup2(from[1], 1);
		if (null >= 0)
			dup2(null, 2); /* its complaints are not ipcviz's output */
		execl(path, "python3", "-c", bench_py_program, (char *)NULL);
		_exit(127);
	}
	int fork_errno = errno;
	close(to[0]);
	close(from[1]);
	py->to_fd = to[1];
	py->from_fd = from[0];
	if (py->pid < 0) {
		snprintf(note, notelen, _("cannot start python3: %s"), strerror(fork_errno));
		close(py->to_fd);
		close(py->from_fd);
		return -1;
	}
	setpgid(py->pid, py->pid); /* also here: whichever runs first */
	if (bench_py_line(py, line, sizeof line, bench_py_now_ms() + BENCH_PY_START_MS, stop, why,
			  sizeof why) != 0 ||
	    strcmp(line, "ready") != 0) {
		bench_py_stop(py, true);
		if (stop && *stop) {
			snprintf(note, notelen, "%s", why);
			return -1;
		}
		snprintf(note, notelen, "%s", _("python3 could not run the Python tools: no Python figures"));
		return 0;
	}
	return 1;
}

int bench_py_measure(struct bench_py *py, const char *tool, size_t size, bool round_trip,
		     const int cpu[2], int64_t budget_ns, int64_t warm_ns,
		     const volatile sig_atomic_t *stop, double *value, double *p50_us, char *err,
		     size_t errlen)
{
	char ask[256], line[256], *end;
	int n = snprintf(ask, sizeof ask, "%s\t%zu\t%d\t%d\t%d\t%lld\t%lld\n", tool, size,
			 round_trip, cpu[0], cpu[1], (long long)budget_ns, (long long)warm_ns);

	if (write(py->to_fd, ask, (size_t)n) != n) {
		snprintf(err, errlen, "%s", _("python3 ended unexpectedly"));
		return -1;
	}
	if (bench_py_line(py, line, sizeof line,
			  bench_py_now_ms() + budget_ns / 1000000 + BENCH_PY_GRACE_MS, stop, err,
			  errlen) != 0)
		return -1;
	if (strncmp(line, "ok ", 3) != 0) {
		snprintf(err, errlen, _("Python said: %s"), line);
		return -1;
	}
	double v = strtod(line + 3, &end);
	if (end == line + 3 || v <= 0) {
		snprintf(err, errlen, _("Python said: %s"), line);
		return -1;
	}
	if (round_trip)
		*p50_us = v;
	else
		*value = v;
	return 0;
}

void bench_py_stop(struct bench_py *py, bool at_once)
{
	int64_t deadline = bench_py_now_ms() + (at_once ? 0 : 2000);

	if (py->pid <= 0)
		return;
	close(py->to_fd); /* its loop ends at the end of its input */
	close(py->from_fd);
	while (waitpid(py->pid, NULL, WNOHANG) == 0) {
		if (bench_py_now_ms() > deadline) {
			kill(-py->pid, SIGKILL);
			kill(py->pid, SIGKILL);
			while (waitpid(py->pid, NULL, 0) < 0 && errno == EINTR)
				;
			break;
		}
		usleep(10000);
	}
	kill(-py->pid, SIGKILL); /* whatever it forked and left */
	py->pid = 0;
}
