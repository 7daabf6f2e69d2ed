/* event_fields.h - the one list of event types and event fields.
 *
 * Every field an event can carry is one row below. The rows declare the members
 * of struct event (event.h), and drive event_make's defaults, the trace writer
 * and reader (event.c), the history's packing (history.c) and the round-trip
 * tests (tests/test_event.c, tests/test_history.c). A field written out by hand
 * in each of those places drifts: the history's copy once lost `bytes` and
 * `mixed`, and a step back showed a past that never was. A row cannot drift.
 *
 * EVENT_TYPES(T) lists the types: T(NAME, "word") makes EV_NAME and its trace
 * word. EVENT_FIELDS(FIELD, ALSO, HIDDEN) lists the fields, in the order the
 * trace writes them (DESIGN section 5 fixes that order per type; one order over
 * all types keeps each type's):
 *
 *   FIELD(member, C type, [n], codec, "key", types, written when, reading sets)
 *       a member of struct event and its trace key. `[n]` is the array size of
 *       a string, empty otherwise. `types` is EVT(A) | EVT(B): the types whose
 *       lines carry the key. `written when` is a condition on `ev` (const struct
 *       event *) beyond the type, `true` for always. `reading sets` is a
 *       statement on `ev` run when the key was read (what the key's presence
 *       says of other members), empty for nothing.
 *   ALSO("key", member, codec, types, written when, reading sets)
 *       another key for a member of a FIELD row (a part's "from" is its `by`),
 *       or a key the writer derives from it ("kunit").
 *   HIDDEN(member, C type, [n], codec)
 *       a member with no key of its own: the line's head (wall), or told by
 *       another key being there (has_value by "value").
 *
 * The reader reads every key of the table in every event, whatever its type
 * (unknown keys it ignores, DESIGN section 5). The history stores every member
 * that differs from event_make's default.
 *
 * Codecs (each is a few lines in event.c and history.c, shared by all rows):
 *   I32    int32_t, any value            INT    int, 32-bit range
 *   COUNT  int, 0 and up                 OPT    int, -1 = unset, read <0 as -1
 *   SIGNAL int, 0..1024                  I64    int64_t, written exactly
 *   BOOL   bool, JSON true / false       CHAR   char, a one-letter string
 *   STR    char[n], cleaned of controls  OP     enum event_op, "put" / "get"
 *   ERRNO  int, written as its name      ACTOR  int, an actor index, -1 = none,
 *   ACTORS struct event_actors, a list          written as its name
 *          of actor names                F64    double (HIDDEN only)
 *   KUNIT  ALSO only: the unit of the header's channel's kernel count
 *
 * To add an event type: one T row (at the end: history snapshots do not care,
 * but keep the words stable), then FIELD rows for what it carries that no row
 * has yet, or add EVT(NEW) to the types of rows it shares. To add a field: one
 * FIELD row, placed where the writer should print it. The tests then set it,
 * write it, read it back and push it through the history without a line of
 * theirs changing. A new kind of value needs a new codec: its functions in
 * event.c (trace_put_X, trace_get_X, event_unset_X) and history.c
 * (history_put_X, history_get_X, HISTORY_MAX_X) and tests/test_event.c
 * (test_sample_X); the compiler names each one missing.
 *
 * The second round's events (DESIGN sections 12 to 14) are here; a run of
 * several channels (run_multi.c) adds `close`, `lock` and `unlock`, and the
 * channel `ch` its events are on.
 */
#ifndef IPCVIZ_EVENT_FIELDS_H
#define IPCVIZ_EVENT_FIELDS_H

#define EVENT_TYPES(T) \
	T(SPAWN, "spawn") T(EXIT, "exit") T(PUT, "put") T(GOT, "got") \
	T(WRITE, "write") T(READ, "read") T(BLOCKED, "blocked") \
	T(UNBLOCKED, "unblocked") T(KERNEL, "kernel") T(OVERWRITTEN, "overwritten") \
	T(STALE, "stale") T(EOF, "eof") T(ERROR, "error") T(FAULT, "fault") \
	T(NOTE, "note") T(RESULT, "result") T(PART, "part") \
	T(CHOOSE, "choose") T(GOAL, "goal") T(PREDICT, "predict") T(DEADLOCK, "deadlock") \
	T(CLOSE, "close") T(LOCK, "lock") T(UNLOCK, "unlock")

/* The bit of a type in a row's `types`. */
#define EVT(name) (1u << EV_##name)

#define EVENT_FIELDS(FIELD, ALSO, HIDDEN) \
	/* seconds since the run started, real: in the line's head */ \
	HIDDEN(wall, double, , F64) \
	/* blocked, unblocked, error: which operation; predict (several channels): \
	 * the one asked about */ \
	FIELD(op, enum event_op, , OP, "op", EVT(BLOCKED) | EVT(UNBLOCKED) | EVT(ERROR) | \
	      EVT(PREDICT), true, ) \
	/* several channels (section 14): the channel's name, "" in a run of one */ \
	FIELD(ch, char, [24], STR, "ch", EVT(PUT) | EVT(GOT) | EVT(BLOCKED) | EVT(UNBLOCKED) | \
	      EVT(KERNEL) | EVT(EOF) | EVT(ERROR) | EVT(CLOSE) | EVT(LOCK) | EVT(UNLOCK) | \
	      EVT(PREDICT), ev->ch[0] != '\0', ) \
	HIDDEN(has_value, bool, , BOOL) \
	FIELD(value, int32_t, , I32, "value", EVT(PUT) | EVT(GOT) | EVT(WRITE) | EVT(READ) | \
	      EVT(BLOCKED) | EVT(OVERWRITTEN) | EVT(STALE) | EVT(PART), \
	      ev->has_value, ev->has_value = true) \
	/* items in the channel after the event (stamped by the model), -1 if none */ \
	FIELD(fill, int, , OPT, "fill", EVT(PUT) | EVT(GOT) | EVT(BLOCKED), ev->fill >= 0, ) \
	/* part: bytes this read brought */ \
	FIELD(bytes, int, , COUNT, "bytes", EVT(PART), true, ) \
	/* part: whose item the bytes are of */ \
	ALSO("from", by, ACTOR, EVT(PART), ev->by >= 0, ) \
	/* got: the item holds bytes of another write, by `by`, of mixed_value */ \
	HIDDEN(mixed, bool, , BOOL) \
	ALSO("mixed_by", by, ACTOR, EVT(PUT) | EVT(GOT), ev->mixed, ev->mixed = true) \
	FIELD(mixed_value, int32_t, , I32, "mixed_value", EVT(PUT) | EVT(GOT), ev->mixed, \
	      ev->mixed = true) \
	/* overwritten: the actor whose write replaced it */ \
	FIELD(by, int, , ACTOR, "by", EVT(OVERWRITTEN), ev->by != EVENT_ACTOR_IPCVIZ, ) \
	/* kernel: /proc's state letter, wait channel and syscall ("mq_timedsend") */ \
	FIELD(state, char, , CHAR, "state", EVT(KERNEL), true, ) \
	FIELD(wchan, char, [40], STR, "wchan", EVT(KERNEL), true, ) \
	FIELD(syscall, char, [24], STR, "syscall", EVT(KERNEL), true, ) \
	/* kernel: the kernel's own count, -1 if not known; and what it counts */ \
	FIELD(kfill, int, , OPT, "kfill", EVT(KERNEL), ev->kfill >= 0, ) \
	ALSO("kunit", kfill, KUNIT, EVT(KERNEL), ev->kfill >= 0, ) \
	/* error: the errno value */ \
	FIELD(err, int, , ERRNO, "errno", EVT(ERROR), true, ) \
	/* fault: "kill", "stop", "cont", and the actor it was done to */ \
	FIELD(action, char, [16], STR, "action", EVT(FAULT), true, ) \
	FIELD(target, int, , ACTOR, "target", EVT(FAULT), ev->target != EVENT_ACTOR_IPCVIZ, ) \
	/* note: its words */ \
	FIELD(text, char, [EVENT_TEXT_MAX], STR, "text", EVT(NOTE), true, ) \
	/* result: the count a race ended with, and the one it should have */ \
	FIELD(counter, int64_t, , I64, "counter", EVT(RESULT), true, ) \
	FIELD(expected, int64_t, , I64, "expected", EVT(RESULT), true, ) \
	/* spawn: the child's pid */ \
	FIELD(pid, int, , INT, "pid", EVT(SPAWN), true, ) \
	/* exit: the status, or -1 when killed by the signal (0 if none) */ \
	FIELD(status, int, , INT, "status", EVT(EXIT), ev->signal == 0, ) \
	FIELD(signal, int, , SIGNAL, "signal", EVT(EXIT), ev->signal != 0, \
	      ev->status = ev->signal ? -1 : ev->status) \
	/* goal (section 12): reached, in how many steps */ \
	FIELD(reached, bool, , BOOL, "reached", EVT(GOAL), true, ) \
	FIELD(steps, int, , COUNT, "steps", EVT(GOAL), true, ) \
	/* predict (section 13): the user's guess, what the kernel did, and if it was right */ \
	FIELD(guess, char, [16], STR, "guess", EVT(PREDICT), true, ) \
	FIELD(outcome, char, [16], STR, "outcome", EVT(PREDICT), true, ) \
	FIELD(right, bool, , BOOL, "right", EVT(PREDICT), true, ) \
	/* deadlock (section 14): the processes of the cycle, in its order; open: \
	 * no cycle, the last of them waits for no process (nobody holds the \
	 * other end of its queue); others: the other processes asleep for ever, \
	 * outside the cycle */ \
	FIELD(cycle, struct event_actors, , ACTORS, "cycle", EVT(DEADLOCK), true, ) \
	FIELD(open, bool, , BOOL, "open", EVT(DEADLOCK), ev->open, ) \
	FIELD(others, struct event_actors, , ACTORS, "others", EVT(DEADLOCK), ev->others.n > 0, )

/* Expands to nothing: for the row kinds a use of EVENT_FIELDS does not want. */
#define EVENT_FIELDS_SKIP(...)

#endif
