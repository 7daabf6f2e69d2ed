/* predict.c - the outcomes an operation can have, which one a step showed,
 * and the score (DESIGN 13). One table of kinds holds each kind's outcomes,
 * in the order they are numbered, with their plain words. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "predict.h"

struct predict_outcome {
	const char *word;  /* the trace's word */
	const char *plain; /* N_(): what it means, for the screen */
};

struct predict_kind_desc {
	const char *question;    /* N_(), to follow the actor's name (a run of
				    several channels: predict_question_on) */
	enum event_op op;        /* what a several-channel predict event says */
	struct predict_outcome out[PREDICT_OUTCOMES_MAX];
};

static const struct predict_kind_desc predict_kinds[] = {
	[PREDICT_PUT] = {
		/* TRANSLATORS: the predict question; %s is a process, e.g. producer-1 */
		N_("puts its next item into the channel."), OP_PUT,
		{{"put", N_("it goes in at once")},
		 {"blocked", N_("it sleeps in the kernel: the channel is full")},
		 {"epipe", N_("the write fails with EPIPE: no reader is left")}}},
	[PREDICT_GET] = {
		/* TRANSLATORS: the predict question; %s is a process, e.g. consumer-1 */
		N_("takes the next item from the channel."), OP_GET,
		{{"got", N_("it gets an item at once")},
		 {"blocked", N_("it sleeps in the kernel: the channel is empty")},
		 {"eof", N_("it sees end of file: no writer is left")}}},
	[PREDICT_WRITE] = {
		/* TRANSLATORS: the predict question; %s is a process, e.g. producer-1 */
		N_("writes its next value into the shared value."), OP_NONE,
		{{"write", N_("it replaces a value that was read")},
		 {"overwritten", N_("it overwrites a value nobody read: that value is lost")}}},
	[PREDICT_READ] = {
		/* TRANSLATORS: the predict question; %s is a process, e.g. consumer-1 */
		N_("reads the shared value."), OP_NONE,
		{{"read", N_("it reads a value it has not seen yet")},
		 {"stale", N_("it reads the same value again: a stale read")}}},
	[PREDICT_STORE] = {
		/* TRANSLATORS: the predict question; %s is a process, e.g. producer-1 */
		N_("stores the counter it loaded, plus one."), OP_NONE,
		{{"store", N_("the increment counts")},
		 {"lost-update", N_("it overwrites another's increment: an update is lost")}}},
	/* A close and an unlock always succeed: what is worth predicting is
	 * whom they wake, which the step's events of others on that channel
	 * show (predict_first). */
	[PREDICT_CLOSE] = {
		NULL, OP_CLOSE,
		{{"close", N_("they close, and no process asleep on the channel wakes")},
		 {"eof", N_("a reader asleep on it wakes to end of file: the last write end is gone")},
		 {"epipe", N_("a writer asleep on it wakes to EPIPE: the last read end is gone")}}},
	[PREDICT_LOCK] = {
		NULL, OP_LOCK,
		{{"lock", N_("it takes the lock at once")},
		 {"blocked", N_("it sleeps in futex(2): another process holds the lock")}}},
	[PREDICT_UNLOCK] = {
		NULL, OP_UNLOCK,
		{{"unlock", N_("the lock is free: nobody was waiting for it")},
		 {"wake", N_("a process asleep on the lock wakes and takes it")}}},
};

#define PREDICT_NKINDS (sizeof predict_kinds / sizeof predict_kinds[0])

enum predict_kind predict_kind_of(enum event_type op, bool counter)
{
	switch (op) {
	case EV_PUT: return PREDICT_PUT;
	case EV_GOT: return PREDICT_GET;
	case EV_WRITE: return counter ? PREDICT_STORE : PREDICT_WRITE;
	case EV_READ: return counter ? PREDICT_NONE : PREDICT_READ; /* a load always loads */
	case EV_CLOSE: return PREDICT_CLOSE;
	case EV_LOCK: return PREDICT_LOCK;
	case EV_UNLOCK: return PREDICT_UNLOCK;
	default: return PREDICT_NONE;
	}
}

int predict_outcomes(enum predict_kind k, const char *words[PREDICT_OUTCOMES_MAX])
{
	int n = 0;

	if (k <= PREDICT_NONE || (size_t)k >= PREDICT_NKINDS)
		return 0;
	for (; n < PREDICT_OUTCOMES_MAX && predict_kinds[k].out[n].word; n++)
		words[n] = predict_kinds[k].out[n].word;
	return n;
}

const char *predict_outcome_words(enum predict_kind k, const char *outcome)
{
	if (k <= PREDICT_NONE || (size_t)k >= PREDICT_NKINDS || !outcome)
		return outcome;
	for (int i = 0; i < PREDICT_OUTCOMES_MAX && predict_kinds[k].out[i].word; i++)
		if (strcmp(predict_kinds[k].out[i].word, outcome) == 0)
			return predict_kinds[k].out[i].plain;
	return outcome;
}

/* Is word one of kind k's outcomes? */
static bool predict_has(enum predict_kind k, const char *word)
{
	for (int i = 0; i < PREDICT_OUTCOMES_MAX && predict_kinds[k].out[i].word; i++)
		if (strcmp(predict_kinds[k].out[i].word, word) == 0)
			return true;
	return false;
}

enum predict_kind predict_kind_of_words(const char *guess, const char *outcome, bool producer)
{
	enum predict_kind first = producer ? PREDICT_PUT : PREDICT_GET;

	if (predict_has(first, guess) && predict_has(first, outcome))
		return first;
	for (size_t k = PREDICT_PUT; k <= PREDICT_STORE; k++) /* events with no op: one channel */
		if (predict_has((enum predict_kind)k, guess) && predict_has((enum predict_kind)k, outcome))
			return (enum predict_kind)k;
	return PREDICT_NONE;
}

const char *predict_question_words(enum predict_kind k)
{
	if (k <= PREDICT_NONE || (size_t)k >= PREDICT_NKINDS || !predict_kinds[k].question)
		return ""; /* never through _(): "" is the catalogue's header */
	return predict_kinds[k].question;
}

void predict_question_on(enum predict_kind k, const char *ch, char *buf, size_t len)
{
	/* each its own literal, so that the compiler checks the translation's %s */
	switch (k) {
	case PREDICT_PUT:
		/* TRANSLATORS: the predict question after a process's name, several
		 * channels; %s is a channel (a pipe), e.g. to_child */
		snprintf(buf, len, _("puts its next item into %s."), ch);
		break;
	case PREDICT_GET:
		/* TRANSLATORS: the predict question after a process's name, several
		 * channels; %s is a channel (a pipe), e.g. from_child */
		snprintf(buf, len, _("takes the next item from %s."), ch);
		break;
	case PREDICT_CLOSE:
		/* TRANSLATORS: the predict question after a process's name; %s is a
		 * channel (a pipe), e.g. jobs */
		snprintf(buf, len, _("closes its ends of %s."), ch);
		break;
	case PREDICT_LOCK:
		/* TRANSLATORS: the predict question after a process's name; %s is a
		 * lock, e.g. alice */
		snprintf(buf, len, _("takes the lock %s."), ch);
		break;
	case PREDICT_UNLOCK:
		/* TRANSLATORS: the predict question after a process's name; %s is a
		 * lock, e.g. alice */
		snprintf(buf, len, _("gives back the lock %s."), ch);
		break;
	default:
		snprintf(buf, len, "%s", *predict_question_words(k) ? _(predict_question_words(k)) : "");
		break;
	}
}

enum event_op predict_kind_op(enum predict_kind k)
{
	if (k <= PREDICT_NONE || (size_t)k >= PREDICT_NKINDS)
		return OP_NONE;
	return predict_kinds[k].op;
}

enum predict_kind predict_kind_of_op(enum event_op op)
{
	for (size_t k = PREDICT_PUT; op != OP_NONE && k < PREDICT_NKINDS; k++)
		if (predict_kinds[k].op == op)
			return (enum predict_kind)k;
	return PREDICT_NONE;
}

enum predict_kind predict_kind_of_event(const struct event *ev, bool producer)
{
	enum predict_kind k = predict_kind_of_op(ev->op);

	return k != PREDICT_NONE ? k : predict_kind_of_words(ev->guess, ev->outcome, producer);
}

/* Did actor a's write in these events replace a value nobody had read (a
 * shared value) or another's increment (a race)? Both are an `overwritten`
 * event by the writer. */
static bool predict_overwrote(int actor, const struct event *evs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (evs[i].type == EV_OVERWRITTEN && evs[i].actor == actor)
			return true;
	return false;
}

/* After actor a's close or unlock at evs[i]: did the step wake another on
 * that channel, and to what? An event of type t (and op, if not OP_NONE) by
 * another actor on the same channel, later in the step. */
static bool predict_woke(int actor, const struct event *evs, size_t i, size_t n,
			 enum event_type t, enum event_op op)
{
	for (size_t j = i + 1; j < n; j++)
		if (evs[j].actor != actor && evs[j].actor >= 0 && evs[j].type == t &&
		    (op == OP_NONE || evs[j].op == op) && strcmp(evs[j].ch, evs[i].ch) == 0)
			return true;
	return false;
}

/* The first of actor a's events that answers an operation of kind k. */
static const char *predict_first(enum predict_kind k, int actor, const struct event *evs,
				 size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct event *e = &evs[i];
		if (e->actor != actor)
			continue;
		switch (k) {
		case PREDICT_PUT:
			if (e->type == EV_PUT)
				return "put";
			if (e->type == EV_BLOCKED && e->op == OP_PUT)
				return "blocked";
			if (e->type == EV_ERROR && e->op == OP_PUT)
				return "epipe";
			break;
		case PREDICT_GET:
			if (e->type == EV_GOT || e->type == EV_PART) /* a part: bytes came */
				return "got";
			if (e->type == EV_BLOCKED && e->op == OP_GET)
				return "blocked";
			if (e->type == EV_EOF)
				return "eof";
			break;
		case PREDICT_READ:
			if (e->type == EV_READ) {
				for (size_t j = i + 1; j < n; j++)
					if (evs[j].type == EV_STALE && evs[j].actor == actor)
						return "stale";
				return "read";
			}
			break;
		case PREDICT_WRITE:
		case PREDICT_STORE:
			if (e->type == EV_WRITE) {
				bool lost = predict_overwrote(actor, evs + i, n - i);
				if (k == PREDICT_WRITE)
					return lost ? "overwritten" : "write";
				return lost ? "lost-update" : "store";
			}
			break;
		case PREDICT_CLOSE:
			if (e->type == EV_CLOSE) {
				if (predict_woke(actor, evs, i, n, EV_EOF, OP_NONE))
					return "eof";
				return predict_woke(actor, evs, i, n, EV_ERROR, OP_PUT) ? "epipe"
											: "close";
			}
			break;
		case PREDICT_LOCK:
			if (e->type == EV_LOCK)
				return "lock";
			if (e->type == EV_BLOCKED && e->op == OP_LOCK)
				return "blocked";
			break;
		case PREDICT_UNLOCK:
			if (e->type == EV_UNLOCK)
				return predict_woke(actor, evs, i, n, EV_LOCK, OP_NONE) ? "wake" : "unlock";
			break;
		default:
			return NULL;
		}
	}
	return NULL;
}

const char *predict_classify(enum predict_kind k, int actor, const struct event *evs,
			     size_t n)
{
	if (k <= PREDICT_NONE || (size_t)k >= PREDICT_NKINDS)
		return NULL;
	return predict_first(k, actor, evs, n);
}

struct event predict_event(int actor, int64_t t_ms, const char *guess, const char *outcome)
{
	struct event ev = event_make(EV_PREDICT, actor, t_ms);

	snprintf(ev.guess, sizeof ev.guess, "%s", guess ? guess : "");
	snprintf(ev.outcome, sizeof ev.outcome, "%s", outcome ? outcome : "");
	ev.right = guess && outcome && strcmp(guess, outcome) == 0;
	return ev;
}

void predict_event_on(struct event *ev, enum predict_kind k, const char *ch)
{
	ev->op = predict_kind_op(k);
	snprintf(ev->ch, sizeof ev->ch, "%s", ch ? ch : "");
}

void predict_score_add(struct predict_score *s, const struct event *ev)
{
	if (ev->type != EV_PREDICT)
		return;
	s->asked++;
	if (ev->right) {
		s->right++;
		return;
	}
	if (s->nmissed >= PREDICT_MISSED_MAX)
		return;
	struct predict_missed *m = &s->missed[s->nmissed++];
	m->actor = ev->actor;
	m->t_ms = ev->t_ms;
	snprintf(m->guess, sizeof m->guess, "%s", ev->guess);
	snprintf(m->outcome, sizeof m->outcome, "%s", ev->outcome);
}
