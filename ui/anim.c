/* anim.c - plays the scheduler's events into the view over a few frames each.
 * Only the head of the queue moves, so what the screen shows is always some
 * prefix of the run's events, in their order: the animation can lag the run a
 * little but never tells it differently. */
#include "anim.h"

static enum anim_kind anim_kind_of(const struct event *ev)
{
	switch (ev->type) {
	case EV_PUT:
	case EV_WRITE:
		return ANIM_IN;
	case EV_GOT:
	case EV_READ:
	case EV_PART: /* a part of a big pipe item leaves the pipe like an item */
		return ANIM_OUT;
	default:
		return ANIM_INSTANT;
	}
}

/* Contract in anim.h. */
void anim_reset(struct anim *a)
{
	a->head = a->count = a->travels = 0;
}

/* A travel's frames: fewer at higher speed (the next step comes sooner) and
 * fewer when travels are waiting behind it. */
static int anim_travel_frames(const struct anim *a, const struct view *v)
{
	double f = ANIM_TRAVEL_FRAMES;
	int waiting = a->travels > 1 ? a->travels : 1;

	if (v->speed > 1)
		f = (int)(ANIM_TRAVEL_FRAMES / v->speed + 0.5);
	f /= waiting;
	return f < 1 ? 1 : (int)f;
}

static bool anim_is_travel(enum anim_kind kind)
{
	return kind == ANIM_IN || kind == ANIM_OUT;
}

static void anim_pop(struct anim *a, struct view *v)
{
	struct anim_item *it = &a->items[a->head];

	if (anim_is_travel(it->kind))
		a->travels--;
	a->head = (a->head + 1) % ANIM_QUEUE_MAX;
	a->count--;
	if (v->travel.kind != VIEW_TRAVEL_NONE) {
		v->travel.kind = VIEW_TRAVEL_NONE;
		v->dirty |= VIEW_DIRTY_STAGE;
	}
}

/* Plays the head now: whatever it still owes the view is applied. */
static void anim_finish_head(struct anim *a, struct view *v, bool effects)
{
	struct anim_item *it = &a->items[a->head];

	if (it->kind == ANIM_KERNEL)
		view_set_kernel(v, &it->kernel);
	else if (!(it->kind == ANIM_OUT && it->started))
		view_apply(v, &it->ev, effects);
	anim_pop(a, v);
}

/* Brings the queue to a head that needs frames: instants are applied, and the
 * travel at the head is started (an item taken out leaves the channel now). */
static void anim_settle(struct anim *a, struct view *v)
{
	while (a->count > 0) {
		struct anim_item *it = &a->items[a->head];
		if (!anim_is_travel(it->kind)) {
			anim_finish_head(a, v, true);
			continue;
		}
		if (!it->started) {
			it->started = true;
			it->frame = 0;
			it->frames = anim_travel_frames(a, v);
			/* asked before an item taken out is applied: the same answer */
			bool back = view_backward(v, &it->ev);
			if (it->kind == ANIM_OUT)
				view_apply(v, &it->ev, true);
			v->travel = (struct view_travel){
				.kind = it->kind == ANIM_IN ? VIEW_TRAVEL_IN : VIEW_TRAVEL_OUT,
				.actor = it->ev.actor,
				.value = it->ev.value,
				.progress = 0,
				.back = back,
				.part = it->ev.type == EV_PART,
				.mixed = it->ev.type == EV_GOT && it->ev.mixed,
				.ch = it->ev.ch[0] ? model_channel_index(&v->shown, it->ev.ch) : -1,
			};
			v->dirty |= VIEW_DIRTY_STAGE;
		}
		return;
	}
}

/* Contract in anim.h. */
void anim_flush(struct anim *a, struct view *v)
{
	while (a->count > 0)
		anim_finish_head(a, v, v->speed > 0);
}

/* A new item at the tail; the head is played at once if the queue is full. */
static struct anim_item *anim_tail(struct anim *a, struct view *v, enum anim_kind kind)
{
	struct anim_item *it;

	if (a->count == ANIM_QUEUE_MAX)
		anim_finish_head(a, v, true);
	it = &a->items[(a->head + a->count) % ANIM_QUEUE_MAX];
	it->kind = kind;
	it->frame = it->frames = 0;
	it->started = false;
	a->count++;
	if (anim_is_travel(kind))
		a->travels++;
	return it;
}

/* Contract in anim.h. */
void anim_push_kernel(struct anim *a, struct view *v, const struct view_kernel *k)
{
	if (a->count == 0) {
		view_set_kernel(v, k);
		return;
	}
	anim_tail(a, v, ANIM_KERNEL)->kernel = *k;
}

/* Contract in anim.h. */
void anim_push(struct anim *a, struct view *v, const struct event *ev)
{
	struct anim_item *it;

	if (v->speed <= 0) {
		anim_flush(a, v);
		view_apply(v, ev, false);
		return;
	}
	it = anim_tail(a, v, anim_kind_of(ev));
	it->ev = *ev;
	while (a->travels > ANIM_TRAVELS_MAX)
		anim_finish_head(a, v, true);
	anim_settle(a, v);
}

/* Counts down a frame counter; true if it was running (something to redraw). */
static bool anim_count_down(int *frames)
{
	if (*frames <= 0)
		return false;
	(*frames)--;
	return true;
}

/* Contract in anim.h. */
void anim_frame(struct anim *a, struct view *v)
{
	if (anim_count_down(&v->flash))
		v->dirty |= VIEW_DIRTY_STAGE;
	for (int i = 0; i < SCENARIO_MAX_ACTORS; i++)
		if (anim_count_down(&v->box_pulse[i]))
			v->dirty |= VIEW_DIRTY_STAGE;
	if (a->count == 0)
		return;
	struct anim_item *it = &a->items[a->head];
	it->frame++;
	if (it->frame >= it->frames) {
		anim_finish_head(a, v, true);
		anim_settle(a, v);
		return;
	}
	v->travel.progress = (double)it->frame / it->frames;
	v->dirty |= VIEW_DIRTY_STAGE;
}

/* Contract in anim.h. */
bool anim_busy(const struct anim *a, const struct view *v)
{
	if (a->count > 0 || v->flash > 0)
		return true;
	for (int i = 0; i < SCENARIO_MAX_ACTORS; i++)
		if (v->box_pulse[i] > 0)
			return true;
	return false;
}
