/* test_reliability.c - nothing lost, nothing left behind: every way out of a
 * run, faults done to children from outside, a hostile environment, output
 * files that must not be clobbered. Each test names the guarantee it checks in
 * docs/reliability.md. Children of ipcviz that outlive it are adopted (we are
 * their subreaper), so "no child left" is checked for real. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

static pid_t running;

static void check_nothing_left(void)
{
	if (running > 0) {
		kill(running, SIGKILL);
		waitpid(running, NULL, 0);
	}
	cr_expect_eq(support_reap_orphans(5), 0, "a child process was left behind");
	if (support_last_pid > 0)
		cr_expect_eq(support_ipc_left(support_last_pid), 0, "an IPC object was left");
}

TestSuite(reliability, .init = support_adopt_orphans, .fini = check_nothing_left,
	  .timeout = 60);

struct proc {
	pid_t pid;
	int fd;
	char *out;
	size_t len;
};

static void start(struct proc *p, char *const argv[], void (*setup)(void))
{
	memset(p, 0, sizeof *p);
	p->pid = support_spawn(argv, &p->fd, setup);
	cr_assert_gt(p->pid, 0);
	running = p->pid;
}

static void wait_for(struct proc *p, const char *text)
{
	cr_assert(support_wait_for(p->fd, &p->out, &p->len, text, 20),
		  "never saw '%s' in:\n%s", text, p->out ? p->out : "");
}

static int finish(struct proc *p, double deadline)
{
	int status;

	cr_assert_eq(support_wait_exit(p->pid, p->fd, &p->out, &p->len, deadline, &status), 0,
		     "ipcviz did not end by itself:\n%s", p->out);
	running = 0;
	close(p->fd);
	return status;
}

/* The pid of ipcviz's child with this command name, e.g. ipcviz-c1. */
static pid_t child_named(pid_t parent, const char *comm)
{
	struct support_child kids[64];
	int n = support_children(parent, kids, 64);

	for (int i = 0; i < n && i < 64; i++)
		if (strcmp(kids[i].comm, comm) == 0)
			return kids[i].pid;
	cr_assert_fail("no child %s", comm);
	return -1;
}

static void quit_by_signal(int sig)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "queue-full", NULL};
	struct proc p;

	start(&p, argv, NULL);
	wait_for(&p, "put 1");
	kill(p.pid, sig);
	int status = finish(&p, 10);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 128 + sig,
		  "status %#x after signal %d", status, sig);
	free(p.out);
}

Test(reliability, sigint_leaves_nothing)
{
	quit_by_signal(SIGINT);
}

Test(reliability, sigterm_leaves_nothing)
{
	quit_by_signal(SIGTERM);
}

Test(reliability, sighup_leaves_nothing)
{
	quit_by_signal(SIGHUP);
}

Test(reliability, sigquit_leaves_nothing)
{
	quit_by_signal(SIGQUIT);
}

Test(reliability, kill_9_of_ipcviz_leaves_nothing)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "queue-full", NULL};
	struct proc p;

	start(&p, argv, NULL);
	wait_for(&p, "put 1");
	kill(p.pid, SIGKILL);
	finish(&p, 10);
	/* the children die with their parent (PR_SET_PDEATHSIG); .fini checks */
	free(p.out);
}

Test(reliability, a_consumer_killed_from_outside_ends_the_run_clearly)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "4", "queue-full", NULL};
	struct proc p;

	start(&p, argv, NULL);
	wait_for(&p, "got 1");
	kill(child_named(p.pid, "ipcviz-c1"), SIGKILL);
	int status = finish(&p, 30);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
	cr_expect(strstr(p.out, "killed by SIGKILL"), "%s", p.out);
	cr_expect(strstr(p.out, "No process can proceed any more: producer-1"), "%s", p.out);
	free(p.out);
}

Test(reliability, a_reader_killed_from_outside_gives_the_writer_epipe)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "4", "pipe-full", NULL};
	struct proc p;

	start(&p, argv, NULL);
	wait_for(&p, "BLOCKED");
	kill(child_named(p.pid, "ipcviz-c1"), SIGKILL);
	finish(&p, 30);
	cr_expect(strstr(p.out, "EPIPE"), "%s", p.out);
	free(p.out);
}

/* A child stopped from another terminal does not end the run: the run says
 * who it waits for and how to go on, waits, and goes on after SIGCONT. */
Test(reliability, a_child_stopped_from_outside_is_waited_for_until_continued)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "8", "pipe-full", NULL};
	struct proc p;
	char words[128];

	start(&p, argv, NULL);
	wait_for(&p, "got 1");
	pid_t c = child_named(p.pid, "ipcviz-c1");
	kill(c, SIGSTOP);
	snprintf(words, sizeof words, "consumer-1 (pid %d) was stopped from outside", (int)c);
	wait_for(&p, words);
	snprintf(words, sizeof words, "kill -CONT %d to go on", (int)c);
	cr_expect(strstr(p.out, words), "%s", p.out);
	/* Well past what the run needs undisturbed (22 s / 8): it must not end. */
	cr_expect(!support_wait_for(p.fd, &p.out, &p.len, "finished", 3.5), "%s", p.out);
	cr_expect(!strstr(p.out, "No process can proceed"), "%s", p.out);
	kill(c, SIGCONT);
	wait_for(&p, "was continued: the run goes on");
	int status = finish(&p, 30);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
	cr_expect(strstr(p.out, "(12 put, 12 got)"), "%s", p.out);
	free(p.out);
}

/* In a new IPC namespace of its own, with fs.mqueue.msg_max lowered to 2. */
static void low_msg_max(void)
{
	if (unshare(CLONE_NEWIPC) != 0)
		_exit(90);
	int fd = open("/proc/sys/fs/mqueue/msg_max", O_WRONLY);
	if (fd < 0 || write(fd, "2", 1) != 1)
		_exit(91);
	close(fd);
}

Test(reliability, mqueue_limit_lower_than_asked_is_one_clear_line)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "queue-full", NULL};
	struct proc p;

	start(&p, argv, low_msg_max);
	int status = finish(&p, 20);
	cr_expect(WIFEXITED(status) && (WEXITSTATUS(status) == 1 || WEXITSTATUS(status) == 2),
		  "status %#x: %s", status, p.out);
	cr_expect(strstr(p.out, "msg_max is 2"), "%s", p.out);
	cr_expect_eq(strchr(p.out, '\n'), p.out + strlen(p.out) - 1, "not one line: %s", p.out);
	free(p.out);
}

/* A mount namespace of its own where /dev/shm is a read-only tmpfs. */
static void shm_read_only(void)
{
	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		_exit(92);
	if (mount("tmpfs", "/dev/shm", "tmpfs", MS_RDONLY, "size=16k") != 0)
		_exit(93);
}

/* … and where /dev/shm is a tmpfs with no room left. */
static void shm_full(void)
{
	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		_exit(92);
	if (mount("tmpfs", "/dev/shm", "tmpfs", 0, "size=4k") != 0)
		_exit(93);
	int fd = open("/dev/shm/filler", O_WRONLY | O_CREAT, 0600);
	if (fd < 0 || posix_fallocate(fd, 0, 4096) != 0)
		_exit(94);
	close(fd);
}

static void shm_trouble(void (*setup)(void), const char *words)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "shm", NULL};
	struct proc p;

	start(&p, argv, setup);
	int status = finish(&p, 20);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %#x: %s", status, p.out);
	cr_expect(strstr(p.out, words), "%s", p.out);
	cr_expect_eq(strchr(p.out, '\n'), p.out + strlen(p.out) - 1, "not one line: %s", p.out);
	free(p.out);
}

Test(reliability, shm_read_only_is_one_clear_line)
{
	shm_trouble(shm_read_only, "Read-only file system");
}

Test(reliability, shm_full_is_one_clear_line)
{
	shm_trouble(shm_full, "No space left on device");
}

/* As nobody, allowed one process: ipcviz itself, so no fork succeeds. */
static void no_more_processes(void)
{
	struct rlimit one = {1, 1};

	if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
		_exit(95);
	if (setrlimit(RLIMIT_NPROC, &one) != 0)
		_exit(96);
	/* LeakSanitizer needs a thread of its own at exit, which this limit denies */
	setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
}

Test(reliability, process_limit_reached_is_one_clear_line)
{
	char dir[] = "/tmp/ipcviz-test-XXXXXX", bin[64], cmd[512];

	/* a copy nobody can run, wherever the build tree is */
	cr_assert_not_null(mkdtemp(dir));
	chmod(dir, 0755);
	snprintf(bin, sizeof bin, "%s/ipcviz", dir);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", IPCVIZ_BIN, bin);
	cr_assert_eq(system(cmd), 0);
	chmod(bin, 0755);
	char *argv[] = {bin, "--headless", "--speed", "max", "queue", NULL};
	struct proc p;

	start(&p, argv, no_more_processes);
	int status = finish(&p, 20);
	unlink(bin);
	rmdir(dir);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %#x: %s", status, p.out);
	cr_expect(strstr(p.out, "cannot start producer-1"), "%s", p.out);
	cr_expect_eq(strchr(p.out, '\n'), p.out + strlen(p.out) - 1, "not one line: %s", p.out);
	free(p.out);
}

static char *run_status(char *const argv[], int *status)
{
	char *out, *err;

	cr_assert_eq(support_run(argv, 20, &out, &err, status), 0);
	free(out);
	return err;
}

Test(reliability, output_files_are_never_clobbered_or_followed)
{
	char dir[] = "/tmp/ipcviz-test-XXXXXX", file[64], link[64];
	int status;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(file, sizeof file, "%s/kept.jsonl", dir);
	snprintf(link, sizeof link, "%s/planted.jsonl", dir);
	FILE *f = fopen(file, "w");
	fputs("precious\n", f);
	fclose(f);
	cr_assert_eq(symlink(file, link), 0);

	char *a[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--trace", file, "queue", NULL};
	char *err = run_status(a, &status);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 2, "status %#x", status);
	cr_expect(strstr(err, "--force"), "%s", err);
	free(err);
	char *b[] = {IPCVIZ_BIN, "--headless", "--force", "--speed", "max", "--trace", link,
		     "queue", NULL};
	err = run_status(b, &status);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 2, "status %#x", status);
	cr_expect(strstr(err, "symbolic link"), "%s", err);
	free(err);
	char *kept = support_read_file(file);
	cr_expect_str_eq(kept, "precious\n", "the file was changed");
	free(kept);

	char *c[] = {IPCVIZ_BIN, "--headless", "--force", "--speed", "max", "--trace", file,
		     "queue", NULL};
	err = run_status(c, &status);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x: %s", status, err);
	free(err);
	kept = support_read_file(file);
	cr_expect(strstr(kept, "\"ipcviz\":1"), "--force did not write the trace");
	free(kept);
	unlink(link);
	unlink(file);
	rmdir(dir);
}

/* … and where /dev/shm does not exist at all (an empty /dev). */
static void shm_missing(void)
{
	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		_exit(92);
	if (mount("tmpfs", "/dev", "tmpfs", 0, "size=16k") != 0)
		_exit(93);
}

Test(reliability, shm_missing_is_one_clear_line)
{
	shm_trouble(shm_missing, "No such file or directory");
}

/* Rewrites every "pid 1234" in s as "pid N", in place. */
static void mask_pids(char *s)
{
	char *out = s;

	while (*s) {
		if (strncmp(s, "pid ", 4) == 0 && s[4] >= '0' && s[4] <= '9') {
			for (s += 4; *s >= '0' && *s <= '9'; s++)
				;
			/* out is at least 5 behind s now: the digits are read */
			memcpy(out, "pid N", 5);
			out += 5;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

/* ^Z and fg, again and again, in the middle of a run (every syscall of the
 * parent may come back interrupted): the run goes on and its timeline is the
 * one an undisturbed run gives. */
Test(reliability, stopped_and_continued_again_and_again_the_run_is_the_same)
{
	char *calm[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "pipe-full", NULL};
	char *paced[] = {IPCVIZ_BIN, "--headless", "--speed", "10", "pipe-full", NULL};
	struct proc p, q;

	start(&p, calm, NULL);
	finish(&p, 20);
	start(&q, paced, NULL);
	wait_for(&q, "put 1");
	for (int i = 0; i < 15; i++) {
		kill(q.pid, SIGSTOP);
		usleep(20000);
		kill(q.pid, SIGCONT);
		usleep(50000);
	}
	int status = finish(&q, 30);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x: %s", status, q.out);
	/* the same lines but for pids */
	mask_pids(p.out);
	mask_pids(q.out);
	cr_expect_str_eq(q.out, p.out, "a stopped and continued run differs");
	free(p.out);
	free(q.out);
}

/* At --speed max the children hand steps on among themselves (run ahead): a
 * child killed in the middle of such a chain must end the run as clearly as
 * at any other speed; one stopped there is waited for, and the run goes on
 * when it is continued. */
static void outside_signal_at_max(const char *comm, int sig, const char *want)
{
	char scenario[512];
	snprintf(scenario, sizeof scenario, "%s/bench/sched-100k.ini", IPCVIZ_SOURCE_DIR);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", scenario, NULL};
	struct proc p;

	start(&p, argv, NULL);
	wait_for(&p, "got 2000 ");
	pid_t c = child_named(p.pid, comm);
	kill(c, sig);
	if (sig == SIGSTOP) {
		wait_for(&p, "was stopped from outside; the run waits for it");
		kill(c, SIGCONT);
	}
	int status = finish(&p, 60);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
	cr_expect(strstr(p.out, want), "no '%s' in the last lines:\n%s", want,
		  p.len > 2000 ? p.out + p.len - 2000 : p.out);
	free(p.out);
}

Test(reliability, a_child_killed_in_the_middle_of_a_run_ahead_chain)
{
	outside_signal_at_max("ipcviz-c1", SIGKILL, "killed by SIGKILL");
}

Test(reliability, a_child_stopped_in_the_middle_of_a_run_ahead_chain)
{
	outside_signal_at_max("ipcviz-p1", SIGSTOP, "(100000 put, 100000 got)");
}

/* Stopped and continued from outside again and again at --speed max, with
 * three producers and three consumers running ahead in chains: every value is
 * put once, no step is done twice (a stopped child must not hand on a chain
 * that the parent has called off). */
Test(reliability, stops_from_outside_never_make_a_chain_step_twice)
{
	char file[64];
	support_temp_scenario("[scenario]\nchannel = queue\ncapacity = 10\n"
			      "[producer]\ncount = 3\nvalues = 0..20000\ninterval = 3ms\n"
			      "[consumer]\ncount = 3\ninterval = 3ms\nstart = 1ms\n",
			      file, sizeof file);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", file, NULL};
	struct proc p;
	const char *const comms[] = {"ipcviz-c1", "ipcviz-p2", "ipcviz-c3", "ipcviz-p1"};

	start(&p, argv, NULL);
	wait_for(&p, "got 100 ");
	unlink(file); /* read by now; gone even if a check below fails */
	for (size_t i = 0; i < sizeof comms / sizeof comms[0]; i++) {
		pid_t c = child_named(p.pid, comms[i]);
		kill(c, SIGSTOP);
		usleep(150 * 1000); /* longer than the 50 ms after which settle looks */
		kill(c, SIGCONT);
		usleep(20 * 1000);
	}
	int status = finish(&p, 60);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
	cr_expect(strstr(p.out, "(60003 put, 60003 got)"), "%s",
		  p.len > 1500 ? p.out + p.len - 1500 : p.out);
	/* A step done twice shows as one consumer taking another step at the time
	 * it got an item: a got, then a BLOCKED or another got. A consumer's steps
	 * are 3 ms apart. (BLOCKED then got at one time is fine: a producer stopped
	 * in the middle of its put finishes it when continued, and wakes it.) */
	char last_t[8][32] = {{0}}; /* per consumer: the time of its latest got */
	int twice = 0;
	for (const char *line = p.out; *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		char one[128], t[32], who[32], what[32];
		/* sscanf on one line, not on the megabytes after it (it measures them) */
		snprintf(one, sizeof one, "%.*s", (int)(n < sizeof one ? n : sizeof one - 1), line);
		line += n + (nl != NULL);
		if (sscanf(one, "%31s %31s %31s", t, who, what) != 3 || strncmp(who, "consumer-", 9) ||
		    (strcmp(what, "got") && strcmp(what, "BLOCKED")))
			continue;
		int c = atoi(who + 9) & 7;
		if (strcmp(t, last_t[c]) == 0) {
			twice++;
			cr_expect(twice > 1, "%s took another step at %s, after its got", who, t);
		}
		snprintf(last_t[c], sizeof last_t[c], "%s", strcmp(what, "got") == 0 ? t : "");
	}
	cr_expect_eq(twice, 0, "steps done twice: %d", twice);
	free(p.out);
}

/* Reads a trace and checks that no item is got before it was put; returns the
 * number of puts and gets, or -1 where the order is broken. */
static long trace_check_order(const char *path, long *gets)
{
	char *text = support_read_file(path);
	static long put_of[100000], got_of[100000];
	long puts = 0;

	cr_assert_not_null(text, "no trace %s", path);
	memset(put_of, 0, sizeof put_of);
	memset(got_of, 0, sizeof got_of);
	*gets = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		bool put = strstr(line, "\"ev\":\"put\"") != NULL;
		bool got = strstr(line, "\"ev\":\"got\"") != NULL;
		char *v = strstr(line, "\"value\":");
		if (!(put || got) || !v)
			continue;
		long value = atol(v + 8);
		cr_assert(value >= 0 && value < 100000, "value %ld", value);
		if (put) {
			put_of[value]++;
			puts++;
		} else if (++got_of[value] > put_of[value]) {
			cr_expect_fail("%ld got before it was put: %.120s", value, line);
			free(text);
			return -1;
		} else {
			(*gets)++;
		}
	}
	free(text);
	return puts;
}

/* Stops and continues ipcviz's children from outside at random moments, many
 * times, while a run of two producers and two consumers goes on (paced, or at
 * --speed max with chains): the run completes, every item through, and the
 * trace never shows an item got before it was put. */
static void random_stops(const char *channel, const char *speed, int values, unsigned seed)
{
	char text[512], file[64], trace[128], want[64];
	/* A queue has no end of file: one consumer that stops at the last value. */
	bool eof = strcmp(channel, "queue") != 0;
	int pairs = eof ? 2 : 1;
	snprintf(text, sizeof text,
		 "[scenario]\nchannel = %s\ncapacity = 4\n"
		 "[producer]\ncount = %d\nvalues = 0..%d\ninterval = 4ms\n"
		 "[consumer]\ncount = %d\ninterval = 4ms\nstart = 1ms\n%s%d\n",
		 channel, pairs, values - 1, pairs, eof ? "; " : "stop = ", values - 1);
	support_temp_scenario(text, file, sizeof file);
	snprintf(trace, sizeof trace, "/tmp/ipcviz-test-trace-%d-%u.jsonl", (int)getpid(), seed);
	unlink(trace);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", (char *)speed, "--trace", trace, file,
			NULL};
	const char *const comms[] = {"ipcviz-p1", "ipcviz-p2", "ipcviz-c1", "ipcviz-c2"};
	struct proc p;

	start(&p, argv, NULL);
	wait_for(&p, "got ");
	unlink(file);
	/* One stop that surely holds a step, not by luck of timing: the first
	 * producer has most of its values still to put, so the run comes to its
	 * turn and waits for it; it stays stopped until ipcviz says so. */
	pid_t first = child_named(p.pid, "ipcviz-p1");
	kill(first, SIGSTOP);
	bool held = support_wait_for(p.fd, &p.out, &p.len,
				     "was stopped from outside; the run waits for it", 20);
	kill(first, SIGCONT);
	cr_expect(held, "the run never waited for a producer stopped from outside");
	srand(seed);
	for (int i = 0; i < 40; i++) {
		struct support_child kids[16];
		int n = support_children(p.pid, kids, 16);
		const char *pick = comms[rand() % 4];
		pid_t c = -1;
		for (int k = 0; k < n && k < 16; k++)
			if (strcmp(kids[k].comm, pick) == 0 ||
			    (c < 0 && strncmp(kids[k].comm, "ipcviz-", 7) == 0))
				c = kids[k].pid; /* the one picked, or any still there */
		if (c < 0)
			break; /* the run is over */
		/* Up to 150 ms: longer than the 50 ms after which settle looks for a
		 * stopped child, often enough to hold a step (not asserted: luck). */
		kill(c, SIGSTOP);
		usleep((useconds_t)(rand() % 150000));
		kill(c, SIGCONT);
		usleep((useconds_t)(rand() % 30000));
	}
	int status = finish(&p, 60);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
	cr_expect(!strstr(p.out, "No process can proceed"), "the run ended early:\n%s",
		  p.len > 1500 ? p.out + p.len - 1500 : p.out);
	snprintf(want, sizeof want, "(%d put, %d got)", pairs * values, pairs * values);
	cr_expect(strstr(p.out, want), "not every item through: %s",
		  p.len > 1500 ? p.out + p.len - 1500 : p.out);
	long gets, puts = trace_check_order(trace, &gets);
	cr_expect_eq(puts, pairs * values, "puts in the trace");
	cr_expect_eq(gets, pairs * values, "gets in the trace");
	unlink(trace);
	free(p.out);
}

Test(reliability, random_stops_on_a_paced_pipe_lose_nothing_and_reorder_nothing)
{
	random_stops("pipe", "1", 300, 1);
}

Test(reliability, random_stops_on_a_paced_queue_lose_nothing_and_reorder_nothing)
{
	random_stops("queue", "1", 300, 2);
}

Test(reliability, random_stops_at_max_speed_lose_nothing_and_reorder_nothing)
{
	random_stops("pipe", "max", 20000, 3);
}
