/* predict.h - predict, then see (DESIGN 13): the outcomes an operation can
 * have, which one a settled step's events show, and the score of a quiz.
 *
 * No curses here: the screen (ui/quiz.c) asks and answers, the tests run every
 * built-in through the same functions. The outcomes are the trace's words
 * ("put", "blocked", "epipe", …); predict_outcome_words gives them in plain
 * words for the screen. A run of several channels (DESIGN 14) asks about its
 * close, lock and unlock too, whose outcome is whom they woke on their
 * channel; its predict events name the operation and the channel.
 */
#ifndef IPCVIZ_PREDICT_H
#define IPCVIZ_PREDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"

#define PREDICT_OUTCOMES_MAX 4
#define PREDICT_MISSED_MAX 64

/* What kind of operation a question is about. */
enum predict_kind {
	PREDICT_NONE = 0, /* nothing to ask (a race's load, the script's action) */
	PREDICT_PUT,      /* put, blocked, epipe */
	PREDICT_GET,      /* got, blocked, eof */
	PREDICT_WRITE,    /* a shared value: write, overwritten */
	PREDICT_READ,     /* a shared value: read, stale */
	PREDICT_STORE,    /* a race's store: store, lost-update */
	/* several channels (DESIGN 14) */
	PREDICT_CLOSE,    /* close: close, eof, epipe (what it wakes on the channel) */
	PREDICT_LOCK,     /* lock: lock, blocked */
	PREDICT_UNLOCK    /* unlock: unlock, wake (a sleeper takes it) */
};

/* The kind of question for an operation run_peek announced (EV_PUT, EV_GOT,
 * EV_WRITE, EV_READ; several channels' EV_CLOSE, EV_LOCK, EV_UNLOCK) on a
 * channel that is (counter) or is not a race. */
enum predict_kind predict_kind_of(enum event_type op, bool counter);

/* The possible outcomes of kind k, in their numbered order (1 is words[0]);
 * how many (0 for PREDICT_NONE). The words are static. */
int predict_outcomes(enum predict_kind k, const char *words[PREDICT_OUTCOMES_MAX]);

/* The outcome of kind k the events of one settled step show for actor a: one
 * of predict_outcomes' words, or NULL when they show none (the actor did not
 * get to its operation: killed first, or a step of someone else). */
const char *predict_classify(enum predict_kind k, int actor, const struct event *evs,
			     size_t n);

/* Outcome word `outcome` of kind k in plain words, untranslated (N_):
 * the caller passes it through _(). Unknown words come back as they are. */
const char *predict_outcome_words(enum predict_kind k, const char *outcome);

/* The kind a predict event's guess and outcome belong to (both among its
 * outcomes); where two kinds have both ("blocked"), a producer's put or a
 * consumer's get. PREDICT_NONE if none has them. */
enum predict_kind predict_kind_of_words(const char *guess, const char *outcome, bool producer);

/* The question in words, untranslated, to follow the actor's name:
 * "puts its next item into the channel." */
const char *predict_question_words(enum predict_kind k);
/* The same in a run of several channels, translated, on channel ch, into
 * buf: "puts its next item into to_child." (a kind of one channel only: its
 * own words). */
void predict_question_on(enum predict_kind k, const char *ch, char *buf, size_t len);

/* The operation a question of kind k is about, as a predict event of a run
 * of several channels carries it in "op" (OP_PUT, OP_GET, OP_CLOSE, OP_LOCK,
 * OP_UNLOCK; OP_NONE for the kinds of one channel), and back. A predict
 * event's outcome words alone cannot tell a close's eof from a get's. */
enum event_op predict_kind_op(enum predict_kind k);
enum predict_kind predict_kind_of_op(enum event_op op);

/* The trace's predict event for an answered step. */
struct event predict_event(int actor, int64_t t_ms, const char *guess, const char *outcome);
/* A run of several channels: the predict event says the operation asked
 * about (kind k's op) and its channel. */
void predict_event_on(struct event *ev, enum predict_kind k, const char *ch);
/* The kind of a predict event (ev->op where it is set, else from its words
 * as predict_kind_of_words has it; producer: its actor's role). */
enum predict_kind predict_kind_of_event(const struct event *ev, bool producer);

/* A quiz's score: questions answered, right, and the missed ones. */
struct predict_missed {
	int actor;
	int64_t t_ms;
	char guess[16], outcome[16];
};
struct predict_score {
	int asked, right;
	int nmissed; /* at most PREDICT_MISSED_MAX are kept; asked - right missed */
	struct predict_missed missed[PREDICT_MISSED_MAX];
};

/* Counts a predict event (others are ignored). */
void predict_score_add(struct predict_score *s, const struct event *ev);

#endif
