/* quiz.c - predict mode on screen (DESIGN 13): the question in the log, the
 * digit that answers it, the predict event once the step settled, the score.
 * The outcomes and their classification are the engine's (src/predict.c); the
 * answer's line and the explanation come with the event (ui/view.c), so that
 * a step back or a replay shows them the same way. */
#include <stdio.h>
#include <string.h>

#include "channel.h"
#include "i18n.h"
#include "quiz.h"

void quiz_reset(struct quiz *q)
{
	bool on = q->on;

	memset(q, 0, sizeof *q);
	q->on = on;
}

/* The question's line after "What happens next?": the process and its
 * operation, on its channel where a run has several. */
static void quiz_question_line(const struct quiz *q, const struct model *m, char *line,
			       size_t len)
{
	int n = snprintf(line, len, "%s ", m->actors[q->actor].name);

	if (n < 0 || (size_t)n >= len)
		return;
	if (q->ch[0])
		predict_question_on(q->kind, q->ch, line + n, len - (size_t)n);
	else
		snprintf(line + n, len - (size_t)n, "%s", _(predict_question_words(q->kind)));
}

bool quiz_ask(struct quiz *q, const struct run *r, int actor, struct view *v)
{
	struct run_next nx;
	const struct model *m = run_model(r);
	const struct scenario *sc = run_scenario(r);
	const struct channel_desc *d = sc->multi ? NULL : channel_desc_of(sc->channel);

	if (!q->on || q->answered)
		return false;
	if (q->asking)
		return true; /* still open: a digit, not n, answers it */
	if ((actor == RUN_ANY ? run_peek(r, &nx) : run_peek_actor(r, actor, &nx)) != 0 ||
	    nx.actor < 0 || nx.actor >= m->nactors)
		return false; /* the script's action, or nothing known: no question */
	q->kind = predict_kind_of(nx.op, d && d->counter);
	q->n = predict_outcomes(q->kind, q->words);
	if (q->n == 0)
		return false;
	q->actor = nx.actor;
	q->ch[0] = '\0';
	if (m->nchannels > 0 && nx.ch >= 0 && nx.ch < m->nchannels)
		snprintf(q->ch, sizeof q->ch, "%s", m->chans[nx.ch].name);
	q->asking = true;
	char line[VIEW_LOG_TEXT / 2];
	/* TRANSLATORS: the predict question (DESIGN 13 fixes the English words) */
	view_message(v, "%s", _("What happens next?"));
	view_mark_last(v);
	quiz_question_line(q, m, line, sizeof line);
	view_message_wrapped(v, line);
	snprintf(v->question[0], sizeof v->question[0], "%s %s", _("What happens next?"), line);
	for (int i = 0; i < q->n; i++) {
		snprintf(line, sizeof line, "%d %s", i + 1,
			 _(predict_outcome_words(q->kind, q->words[i])));
		view_message_wrapped(v, line);
		snprintf(v->question[1 + i], sizeof v->question[0], "%s", line);
	}
	v->nquestion = 1 + q->n;
	v->question_actor = q->actor;
	/* TRANSLATORS: below the predict question's numbered answers */
	view_message(v, _("Answer with a digit, 1 to %d."), q->n);
	v->show_explain = false; /* the question is in the log: show it */
	v->show_lanes = false;
	v->dirty |= VIEW_DIRTY_LOG | VIEW_DIRTY_KEYS;
	return true;
}

bool quiz_answer(struct quiz *q, int d, struct view *v)
{
	if (!q->asking) {
		view_message(v, "%s", _("No question is open: n asks about the next step."));
		return false;
	}
	if (d < 1 || d > q->n) {
		view_message(v, _("Answer with a digit, 1 to %d."), q->n);
		return false;
	}
	q->guess = d - 1;
	q->answered = true;
	return true;
}

bool quiz_settle(struct quiz *q, const struct run *r, const struct event *evs, size_t n,
		 struct event *out, struct view *v)
{
	if (!q->answered)
		return false;
	const char *got = predict_classify(q->kind, q->actor, evs, n);
	q->asking = q->answered = false;
	v->nquestion = 0;
	v->dirty |= VIEW_DIRTY_LOG | VIEW_DIRTY_KEYS; /* p again in the key bar */
	if (!got)
		return false; /* the step never reached the operation asked about */
	*out = predict_event(q->actor, run_now(r), q->words[q->guess], got);
	if (q->ch[0]) /* several channels: which operation, on which */
		predict_event_on(out, q->kind, q->ch);
	predict_score_add(&q->score, out);
	return true;
}

void quiz_drop(struct quiz *q, struct view *v)
{
	if (!q->asking || q->answered)
		return;
	q->asking = false;
	v->nquestion = 0;
	v->dirty |= VIEW_DIRTY_LOG | VIEW_DIRTY_KEYS; /* p again in the key bar */
}

void quiz_finish(struct quiz *q, const struct model *m, struct view *v)
{
	quiz_drop(q, v); /* the run ended under an open question: no step is left for it */
	if (!q->on || q->told || q->score.asked == 0)
		return;
	q->told = true;
	for (int i = 0; i < q->score.nmissed; i++) {
		const struct predict_missed *x = &q->score.missed[i];
		const char *who = x->actor >= 0 && x->actor < m->nactors ? m->actors[x->actor].name : "?";
		/* TRANSLATORS: one missed prediction: time, process, the guess, what happened */
		view_message(v, _("missed at %.1f s: %s, you said %s, the kernel did %s"),
			     (double)x->t_ms / 1000.0, who, x->guess, x->outcome);
	}
	/* TRANSLATORS: the end of a quiz (DESIGN 13 fixes the English words) */
	view_message(v, _("You predicted %d of %d"), q->score.right, q->score.asked);
	view_mark_last(v);
	snprintf(v->end_score, sizeof v->end_score, "%s", view_log_at(v, 0)->text);
}
