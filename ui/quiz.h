/* quiz.h - predict mode on screen (DESIGN 13, key p, --predict): before a step
 * the log asks "What happens next?" with the step's outcomes numbered, a digit
 * answers, the step runs for real and its `predict` event (src/predict.c)
 * shows the kernel's answer beside the guess. screen.c calls these around its
 * steps; nothing here draws or steps by itself. */
#ifndef IPCVIZ_QUIZ_H
#define IPCVIZ_QUIZ_H

#include <stdbool.h>

#include "predict.h"
#include "run.h"
#include "view.h"

struct quiz {
	bool on;
	bool asking;    /* a question is on screen, waiting for a digit */
	bool answered;  /* a digit came: the next step is the one asked about */
	int actor;
	enum predict_kind kind;
	char ch[24];    /* several channels: the channel asked about, else "" */
	const char *words[PREDICT_OUTCOMES_MAX];
	int n, guess;
	struct predict_score score;
	bool told;      /* the score at the end was shown */
};

/* A new run: no question open, the score from zero (on stays as it is). */
void quiz_reset(struct quiz *q);
/* Asks about the step run_step(r, actor) would take (RUN_ANY: the
 * scheduler's), if it has a question: true when one is now on screen and the
 * step must wait for its answer. */
bool quiz_ask(struct quiz *q, const struct run *r, int actor, struct view *v);
/* Digit d answers the open question: true, or false with the reason shown. */
bool quiz_answer(struct quiz *q, int d, struct view *v);
/* After the answered step settled: its predict event in *out and true, or
 * false when there was none to make. Closes the question. */
bool quiz_settle(struct quiz *q, const struct run *r, const struct event *evs, size_t n,
		 struct event *out, struct view *v);
/* Closes a question not answered yet: the step it asked about may not come
 * as it was asked (a kill came first); n asks again. */
void quiz_drop(struct quiz *q, struct view *v);
/* At the end of the run: "You predicted R of Q" and the missed ones, once;
 * a question still open is closed. */
void quiz_finish(struct quiz *q, const struct model *m, struct view *v);

#endif
