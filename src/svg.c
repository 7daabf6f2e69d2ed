/* svg.c - the swim lanes of a run drawn once, whole, for a slide.
 *
 * The screen's lanes (ui/lanes.c) squeeze a run into terminal cells, one
 * glyph a cell; a slide has room for every event: each put and got is a box
 * with its value, each lost value a struck box above its lane, each fault a
 * flag with its word, each blocked or stopped episode a span from the event
 * that began it to the one that ended it. Which lane an event marks, and with
 * what, comes from swim.c's table, as the screen's does; how each mark looks
 * is svg_styles below, one row a mark.
 *
 * The page is 1600x900 (16:9) in user units, so it scales to any projector;
 * most words are 22 to 40 units high, a value's box and its number shrink
 * only where the run is dense. Coordinates are whole units written with %d: the user's locale may
 * write a decimal comma, which no SVG reader takes. Each mark carries its
 * event's sentence as a <title>, the words a viewer's pointer shows: which
 * channel a put went on, in a run of several.
 *
 * Writing is two passes: first where each mark goes (svg_place_marks: a box
 * moves right where it would cover the one before), then the drawing, so a
 * blocked span can put its word in the room the boxes leave it.
 */
#include "svg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "describe.h"
#include "i18n.h"
#include "model.h"
#include "scenario_multi.h"
#include "swim.h"
#include "text.h"

#define SVG_W 1600
#define SVG_H 900
#define SVG_X0 320            /* time 0 */
#define SVG_X1 1540           /* the axis' end */
#define SVG_LANES_TOP 130
#define SVG_LANES_BOTTOM 720  /* the axis and its words below, then the legend */
#define SVG_LANE_MAX 170      /* a lane's height at most (few processes) */
#define SVG_LABEL_MAX 40

/* One thing an actor did, at a moment. */
struct svg_mark {
	int64_t t_ms;
	int actor;
	unsigned mark;            /* one enum swim_mark bit */
	enum event_type type;
	char label[SVG_LABEL_MAX];
	char *words;              /* the event's sentence (owned), NULL if none */
};

/* An episode of an actor's: asleep in the kernel, or stopped. */
struct svg_span {
	int64_t t0, t1;           /* t1 -1 while it lasts */
	int actor;
	enum actor_state state;   /* ACTOR_BLOCKED or ACTOR_STOPPED */
};

/* A lock an actor held, from its lock event to its unlock (or its end). */
struct svg_hold {
	int64_t t0, t1;           /* t1 -1 while it holds it */
	int actor;
	int level;                /* how many it held already: drawn that many up */
	char lock[sizeof ((struct event *)NULL)->ch]; /* its name, as events carry it */
};

struct svg {
	const struct scenario *sc;
	struct model m;
	enum actor_state was[SCENARIO_MAX_ACTORS];
	long open[SCENARIO_MAX_ACTORS];   /* index of its span that lasts, -1 */
	int64_t born[SCENARIO_MAX_ACTORS], died[SCENARIO_MAX_ACTORS]; /* -1 unknown */
	struct svg_mark *marks;
	size_t nmarks, capmarks;
	struct svg_span *spans;
	size_t nspans, capspans;
	struct svg_hold *holds;
	size_t nholds, capholds;
	int64_t end_ms;
	bool failed;              /* out of memory once: nothing to write */
};

/* How a mark is drawn. */
enum svg_shape {
	SVG_BOX,                  /* a box with the value, on the lane */
	SVG_STRUCK,               /* a struck box with the value, above the lane */
	SVG_FLAG                  /* a pole across the lane, its word beside it */
};

/* One row a mark of swim.h: its class, its look, its word in the legend. */
static const struct svg_style {
	unsigned mark;
	const char *cls;
	enum svg_shape shape;
	const char *fill;
	const char *ink;          /* its text */
	const char *legend;       /* N_, or NULL: svg_legend_word says */
	bool always;              /* in the legend even where the run has none */
} svg_styles[] = {
	{SWIM_PUT, "put", SVG_BOX, "#1f5fbf", "#ffffff", NULL, true},
	{SWIM_GOT, "got", SVG_BOX, "#1a7f37", "#ffffff", NULL, true},
	{SWIM_LOST, "lost", SVG_STRUCK, "#cf222e", "#ffffff", N_("lost"), true},
	/* TRANSLATORS: the --svg picture's legend: an error, a kill, a stop */
	{SWIM_FAULT, "fault", SVG_FLAG, "#8b0000", "#8b0000", N_("fault"), true},
	{SWIM_EOF, "eof", SVG_FLAG, "#6f42c1", "#6f42c1", N_("end of file"), false},
	{SWIM_DEADLOCK, "deadlock", SVG_FLAG, "#cf222e", "#cf222e", N_("DEADLOCK"), false},
	/* TRANSLATORS: the --svg picture: a process closed its ends of a channel */
	{SWIM_CLOSE, "close", SVG_FLAG, "#57606a", "#57606a", N_("closed"), false},
	{SWIM_LOCK, "lock", SVG_BOX, "#0a6c74", "#ffffff", N_("lock taken"), false},
	{SWIM_UNLOCK, "unlock", SVG_BOX, "#7fb8bd", "#0b2e31", N_("lock given back"), false},
};
#define SVG_NSTYLES (sizeof svg_styles / sizeof svg_styles[0])

/* The spans' looks: asleep in the kernel, stopped from outside. */
#define SVG_BLOCKED_FILL "#f0a202"
#define SVG_BLOCKED_INK "#3d2b00"
#define SVG_STOPPED_FILL "#8b95a5"
#define SVG_STOPPED_INK "#ffffff"
#define SVG_HELD_FILL "#3f9aa1"   /* a lock held: between the teals of taking and giving back */

static const struct svg_style *svg_style_of(unsigned mark)
{
	for (size_t i = 0; i < SVG_NSTYLES; i++)
		if (svg_styles[i].mark == mark)
			return &svg_styles[i];
	return NULL;
}

/* Contract in svg.h. */
struct svg *svg_create(const struct scenario *sc, int capacity)
{
	char names[SCENARIO_MAX_ACTORS][SCENARIO_NAME_MAX];
	enum role roles[SCENARIO_MAX_ACTORS];
	struct svg *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->sc = sc;
	for (int a = 0; a < sc->nactors; a++) {
		snprintf(names[a], sizeof names[a], "%s", sc->actors[a].name);
		roles[a] = sc->actors[a].role;
	}
	model_init(&s->m, sc->channel, capacity, sc->nactors,
		   (const char (*)[SCENARIO_NAME_MAX])names, roles);
	model_set_item_bytes(&s->m, sc->item_size); /* as the scheduler's model */
	if (sc->multi) { /* as run_multi.c's model: the deadlock's words need it */
		model_init_multi(&s->m, sc->multi);
		int proc[SCENARIO_MAX_ACTORS];
		for (int a = 0; a < sc->nactors; a++)
			proc[a] = sc->actors[a].group;
		model_init_programs(&s->m, sc->multi, proc);
	}
	for (int a = 0; a < SCENARIO_MAX_ACTORS; a++) {
		s->was[a] = a < s->m.nactors ? s->m.actors[a].state : ACTOR_NEW;
		s->open[a] = -1;
		s->born[a] = s->died[a] = -1;
	}
	return s;
}

/* Contract in svg.h. */
void svg_free(struct svg *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nmarks; i++)
		free(s->marks[i].words);
	free(s->marks);
	free(s->spans);
	free(s->holds);
	free(s);
}

/* Room for one more of n items of size sz in *p (capacity *cap). */
static bool svg_grow(void **p, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 64;
	void *q = realloc(*p, ncap * sz);
	if (!q)
		return false;
	*p = q;
	*cap = ncap;
	return true;
}

/* The words beside a mark: the value moved or lost, the error's name, the
 * fault's, the signal's. */
static void svg_label(const struct event *ev, unsigned mark, char *buf, size_t len)
{
	char num[32];

	buf[0] = '\0';
	if (mark == SWIM_LOST && ev->type == EV_GOT) /* a mixed item: the other write's bytes */
		snprintf(buf, len, "%d", (int)ev->mixed_value);
	else if (mark == SWIM_PUT || mark == SWIM_GOT || mark == SWIM_LOST) {
		if (ev->has_value)
			snprintf(buf, len, "%d", (int)ev->value);
	} else if (ev->type == EV_ERROR)
		snprintf(buf, len, "%s", describe_errno(ev->err, num, sizeof num));
	else if (ev->type == EV_EXIT)
		snprintf(buf, len, "%s", describe_signal(ev->signal, num, sizeof num));
	else if (ev->type == EV_FAULT && strcmp(ev->action, "kill") == 0)
		snprintf(buf, len, "%s", _("kill"));
	else if (ev->type == EV_FAULT && strcmp(ev->action, "stop") == 0)
		snprintf(buf, len, "%s", _("stop"));
	else if (ev->type == EV_FAULT && strcmp(ev->action, "cont") == 0)
		snprintf(buf, len, "%s", _("continue"));
	else if (ev->type == EV_FAULT)
		snprintf(buf, len, "%s", ev->action);
	else if (mark & (SWIM_LOCK | SWIM_UNLOCK))
		snprintf(buf, len, "%s", ev->ch);
	else if (mark == SWIM_CLOSE)
		/* TRANSLATORS: the --svg picture: closed CHANNEL */
		snprintf(buf, len, _("closed %s"), ev->ch);
	else {
		const struct svg_style *st = svg_style_of(mark);
		if (st && st->legend)
			snprintf(buf, len, "%s", _(st->legend));
	}
}

static void svg_add_mark(struct svg *s, const struct event *ev, int actor, unsigned mark,
			 const char *words)
{
	struct svg_mark *mk;

	if (!svg_grow((void **)&s->marks, &s->capmarks, s->nmarks, sizeof *s->marks)) {
		s->failed = true;
		return;
	}
	mk = &s->marks[s->nmarks++];
	mk->t_ms = ev->t_ms;
	mk->actor = actor;
	mk->mark = mark;
	mk->type = ev->type;
	svg_label(ev, mark, mk->label, sizeof mk->label);
	mk->words = NULL;
	if (words[0] && !(mk->words = strdup(words)))
		s->failed = true;
}

/* Opens or closes actor a's span as its state moved from s->was[a]. */
static void svg_track_state(struct svg *s, int a, int64_t t)
{
	enum actor_state now = s->m.actors[a].state;

	if (now == s->was[a])
		return;
	if (s->open[a] >= 0) {
		s->spans[s->open[a]].t1 = t;
		s->open[a] = -1;
	}
	if (now == ACTOR_BLOCKED || now == ACTOR_STOPPED) {
		if (!svg_grow((void **)&s->spans, &s->capspans, s->nspans, sizeof *s->spans)) {
			s->failed = true;
		} else {
			s->spans[s->nspans] = (struct svg_span){.t0 = t, .t1 = -1, .actor = a,
								.state = now};
			s->open[a] = (long)s->nspans++;
		}
	}
	s->was[a] = now;
}

/* A lock taken opens a hold of its actor's; given back, or the actor gone
 * (a robust lock frees), closes it. */
static void svg_track_lock(struct svg *s, const struct event *ev)
{
	int open = 0;

	for (size_t i = 0; i < s->nholds; i++) {
		struct svg_hold *h = &s->holds[i];
		if (h->actor != ev->actor || h->t1 >= 0)
			continue;
		if (ev->type == EV_EXIT || (ev->type == EV_UNLOCK && strcmp(h->lock, ev->ch) == 0))
			h->t1 = ev->t_ms;
		else
			open++;
	}
	if (ev->type != EV_LOCK)
		return;
	if (!svg_grow((void **)&s->holds, &s->capholds, s->nholds, sizeof *s->holds)) {
		s->failed = true;
		return;
	}
	s->holds[s->nholds] = (struct svg_hold){.t0 = ev->t_ms, .t1 = -1, .actor = ev->actor,
						.level = open};
	snprintf(s->holds[s->nholds].lock, sizeof s->holds[s->nholds].lock, "%s", ev->ch);
	s->nholds++;
}

/* Contract in svg.h. */
int svg_apply(struct svg *s, const struct event *ev)
{
	struct event copy = *ev;
	struct swim_hit hits[SWIM_HITS_MAX];
	char words[2048] = "";
	int n;

	if (ev->t_ms < 0)
		return s->failed ? -1 : 0;
	model_apply(&s->m, &copy);
	if (copy.t_ms > s->end_ms)
		s->end_ms = copy.t_ms;
	if (copy.actor >= 0 && copy.actor < s->m.nactors) {
		if (copy.type == EV_SPAWN && s->born[copy.actor] < 0)
			s->born[copy.actor] = copy.t_ms;
		if (copy.type == EV_EXIT)
			s->died[copy.actor] = copy.t_ms;
	}
	for (int a = 0; a < s->m.nactors; a++)
		svg_track_state(s, a, copy.t_ms);
	if (copy.actor >= 0 && copy.actor < s->m.nactors &&
	    (copy.type == EV_LOCK || copy.type == EV_UNLOCK || copy.type == EV_EXIT))
		svg_track_lock(s, &copy);
	n = swim_hits(&copy, s->m.nactors, hits, SWIM_HITS_MAX);
	if (n > 0)
		describe_event(&s->m, &copy, words, sizeof words);
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < SVG_NSTYLES; k++)
			if (hits[i].marks & svg_styles[k].mark)
				svg_add_mark(s, &copy, hits[i].actor, svg_styles[k].mark, words);
	return s->failed ? -1 : 0;
}

/* ---- writing ---------------------------------------------------------- */

/* Where a mark is drawn (svg_place_marks). */
struct svg_placed {
	int x, w;                 /* a box's centre and width; a flag's pole, its word's width */
	int size, level;          /* a flag's word: its font size, its line up from the foot */
	bool left;                /* a flag's word left of its pole */
};

/* Where the drawing goes and how the page is laid out. */
struct svg_page {
	FILE *f;
	int64_t axis_ms;          /* the axis' end */
	int64_t tick_ms;
	int lane_h;
	int top;                  /* the first lane's top */
	int mark_w, mark_h, value_size;
	struct svg_placed *at;    /* a row a mark (owned) */
};

/* The cells a text takes: two for a wide (CJK) character, one otherwise. */
static int svg_cells(const char *s)
{
	int n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)
			n += *p >= 0xe1 ? 2 : 1; /* U+1100 and up: wide enough to count so */
	return n;
}

/* About how wide a text is drawn at a font size, in user units (bold
 * capitals are wider: the spans' words). */
static int svg_text_width(const char *s, int size)
{
	return svg_cells(s) * size * 56 / 100;
}

static int svg_bold_width(const char *s, int size)
{
	return svg_cells(s) * size * 70 / 100;
}

/* The length of a valid UTF-8 sequence at p, or 0. */
static int svg_utf8_len(const unsigned char *p)
{
	int n;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

/* Writes s as XML character data: the five special characters escaped, the
 * controls XML cannot hold left out, broken UTF-8 as U+FFFD. */
static void svg_escaped(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = svg_utf8_len(p);
		if (n == 0) {
			fputs("\xef\xbf\xbd", f);
			p++;
			continue;
		}
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			if (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
				fwrite(p, 1, (size_t)n, f);
		}
		p += n;
	}
}

/* A <text> element: at x, y, of a size, anchored (start, middle, end), with
 * its colour and weight, holding s. */
static void svg_text(const struct svg_page *pg, int x, int y, int size, const char *anchor,
		     const char *fill, bool bold, const char *cls, const char *s)
{
	fprintf(pg->f, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\" fill=\"%s\"%s",
		x, y, size, anchor, fill, bold ? " font-weight=\"bold\"" : "");
	if (cls)
		fprintf(pg->f, " class=\"%s\"", cls);
	fputc('>', pg->f);
	svg_escaped(pg->f, s);
	fputs("</text>\n", pg->f);
}

static int svg_x(const struct svg_page *pg, int64_t t_ms)
{
	return SVG_X0 + (int)((t_ms * (SVG_X1 - SVG_X0) + pg->axis_ms / 2) / pg->axis_ms);
}

static int svg_lane_y(const struct svg_page *pg, int a)
{
	return pg->top + a * pg->lane_h;
}

/* The axis: a tick every so many seconds, a round number, at most 12; it
 * runs on a little past the run's end, so that what lasts beyond it (the
 * spans of a deadlock) shows as lasting. */
static void svg_scale(const struct svg *s, struct svg_page *pg)
{
	static const int64_t nice_ms[] = {100, 200, 250, 500, 1000, 2000, 5000, 10000, 15000,
					  30000, 60000, 120000, 300000, 600000, 1800000, 3600000};
	int64_t t = s->end_ms > 0 ? s->end_ms + s->end_ms / 20 : 1000;

	pg->tick_ms = nice_ms[sizeof nice_ms / sizeof nice_ms[0] - 1];
	for (size_t i = 0; i < sizeof nice_ms / sizeof nice_ms[0]; i++)
		if (t / nice_ms[i] <= 12) {
			pg->tick_ms = nice_ms[i];
			break;
		}
	pg->axis_ms = (t + pg->tick_ms - 1) / pg->tick_ms * pg->tick_ms;
}

/* The size of a value's box: as wide as the closest two boxes of one lane
 * leave room for, 18 to 56 units; and of its text. */
static void svg_size_marks(const struct svg *s, struct svg_page *pg)
{
	int last[SCENARIO_MAX_ACTORS], gap = 60;

	for (int a = 0; a < SCENARIO_MAX_ACTORS; a++)
		last[a] = -1;
	for (size_t i = 0; i < s->nmarks; i++) {
		const struct svg_mark *mk = &s->marks[i];
		if (svg_style_of(mk->mark)->shape != SVG_BOX)
			continue;
		int x = svg_x(pg, mk->t_ms);
		if (last[mk->actor] >= 0 && x > last[mk->actor] && x - last[mk->actor] < gap)
			gap = x - last[mk->actor];
		last[mk->actor] = x;
	}
	pg->mark_w = gap - 4 < 18 ? 18 : gap - 4 > 56 ? 56 : gap - 4;
	pg->mark_h = pg->lane_h * 42 / 100 < 48 ? pg->lane_h * 42 / 100 : 48;
	pg->value_size = pg->mark_h * 6 / 10 > 26 ? 26 : pg->mark_h * 6 / 10;
	if (pg->value_size < 12)
		pg->value_size = 12;
}

/* The channels under the title: the kind of the one, or the name and kind
 * of each of several. */
static void svg_subtitle(const struct svg *s, char *buf, size_t len)
{
	const struct scenario_multi *mu = s->sc->multi;
	const struct channel_desc *d;
	struct text t;

	text_init(&t, buf, len);
	if (!mu) {
		d = channel_desc_of(s->sc->channel);
		if (d && d->name)
			text_puts(&t, _(d->name));
		return;
	}
	for (int c = 0; c < mu->nchannels; c++) {
		d = mu->channels[c].lock ? NULL : channel_desc_of(mu->channels[c].kind);
		if (c > 0)
			/* TRANSLATORS: between the channels under the --svg picture's title */
			text_puts(&t, _(", "));
		/* TRANSLATORS: the --svg picture: a channel's name and its kind,
		   "to_child (pipe)" */
		text_printf(&t, _("%s (%s)"), mu->channels[c].name,
			    d && d->name ? _(d->name) : _("lock"));
	}
}

static void svg_head(const struct svg *s, const struct svg_page *pg)
{
	char sub[1024];
	const char *title = s->sc->title ? _(s->sc->title) : s->sc->name;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", pg->f);
	fprintf(pg->f, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
		"viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-family=\"",
		SVG_W, SVG_H, SVG_W, SVG_H);
	/* TRANSLATORS: the fonts of the --svg picture, a CSS font-family list:
	   put first fonts that have your script's characters */
	svg_escaped(pg->f, _("DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"));
	fputs("\">\n<title>", pg->f);
	svg_escaped(pg->f, title);
	fputs("</title>\n", pg->f);
	fprintf(pg->f, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
		SVG_W, SVG_H);
	svg_text(pg, 40, 62, 40, "start", "#1b1f24", true, "title", title);
	svg_subtitle(s, sub, sizeof sub);
	if (sub[0])
		svg_text(pg, 40, 104, 26, "start", "#57606a", false, "subtitle", sub);
}

/* The lanes' bands and names, and each actor's life as a line. */
static void svg_lanes(const struct svg *s, const struct svg_page *pg)
{
	for (int a = 0; a < s->m.nactors; a++) {
		int y = svg_lane_y(pg, a), cy = y + pg->lane_h / 2;
		int size = pg->lane_h * 4 / 10 > 30 ? 30 : pg->lane_h * 4 / 10;
		const char *name = s->m.actors[a].name;
		int w = svg_text_width(name, size);

		if (w > SVG_X0 - 80 && w > 0)
			size = size * (SVG_X0 - 80) / w;
		fprintf(pg->f, "<rect class=\"lane\" x=\"20\" y=\"%d\" width=\"%d\" height=\"%d\" "
			"fill=\"%s\"/>\n", y, SVG_W - 40, pg->lane_h, a % 2 ? "#ffffff" : "#f3f5f8");
		svg_text(pg, SVG_X0 - 44, cy + size * 35 / 100, size < 10 ? 10 : size, "end",
			 "#1b1f24", true, "name", name);
		if (s->born[a] < 0)
			continue;
		int64_t end = s->died[a] >= 0 ? s->died[a] : pg->axis_ms; /* alive at the end */
		fprintf(pg->f, "<line class=\"life\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
			"stroke=\"#8c959f\" stroke-width=\"4\"/>\n",
			svg_x(pg, s->born[a]), cy, svg_x(pg, end), cy);
	}
}

/* The time axis under the lanes, with grid lines up through them. */
static void svg_axis(const struct svg *s, const struct svg_page *pg)
{
	int top = pg->top, y = svg_lane_y(pg, s->m.nactors) + 10;
	char buf[64];

	for (int64_t t = 0; t <= pg->axis_ms; t += pg->tick_ms) {
		int x = svg_x(pg, t);
		fprintf(pg->f, "<line class=\"grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
			"stroke=\"#d0d7de\" stroke-width=\"2\"/>\n", x, top, x, y);
		fprintf(pg->f, "<line class=\"tick\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
			"stroke=\"#1b1f24\" stroke-width=\"3\"/>\n", x, y, x, y + 12);
		snprintf(buf, sizeof buf, _("%gs"), (double)t / 1000.0);
		svg_text(pg, x, y + 44, 26, "middle", "#1b1f24", false, "tick", buf);
	}
	fprintf(pg->f, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		"stroke=\"#1b1f24\" stroke-width=\"3\"/>\n", SVG_X0, y, SVG_X1, y);
	svg_text(pg, SVG_X1, y + 86, 26, "end", "#57606a", false, "axis",
		 _("scenario time, in seconds"));
}
/* Where a mark goes in its lane's row: at its time, or just right of the
 * mark before it in the same row where they would overlap. */
static int svg_place(int *right, int x, int w)
{
	if (x - w / 2 < *right + 2)
		x = *right + 2 + w / 2;
	*right = x + w - w / 2;
	return x;
}

/* Where every mark goes (pg->at, a row a mark): a box's or a struck box's
 * centre and width, a flag's pole, the width of its word, its side and line
 * (words that would overlap the one before go a line up). 0, or -1 when out
 * of memory. */
static int svg_place_marks(const struct svg *s, struct svg_page *pg)
{
	int right[SCENARIO_MAX_ACTORS][3], level[SCENARIO_MAX_ACTORS] = {0};

	pg->at = calloc(s->nmarks ? s->nmarks : 1, sizeof *pg->at);
	if (!pg->at)
		return -1;
	for (int a = 0; a < SCENARIO_MAX_ACTORS; a++)
		right[a][0] = right[a][1] = right[a][2] = -1000;
	for (size_t i = 0; i < s->nmarks; i++) {
		const struct svg_mark *mk = &s->marks[i];
		const struct svg_style *st = svg_style_of(mk->mark);
		struct svg_placed *at = &pg->at[i];
		int x = svg_x(pg, mk->t_ms), w = pg->mark_w;
		int tw = svg_text_width(mk->label, pg->value_size), *edge = right[mk->actor];

		if (st->shape != SVG_FLAG) {
			if (tw > w - 4)
				w = tw + 8;
			at->x = svg_place(&edge[st->shape == SVG_BOX ? 0 : 1], x, w);
			at->w = w;
			continue;
		}
		at->size = pg->value_size > 22 ? 22 : pg->value_size;
		at->x = x;
		at->w = svg_text_width(mk->label, at->size);
		at->left = x + 8 + at->w > SVG_W - 10; /* at the page's edge: left of it */
		int from = at->left ? x - 8 - at->w : x, to = at->left ? x : x + 8 + at->w;
		level[mk->actor] = from < edge[2] + 4 ? level[mk->actor] + 1 : 0;
		if (to > edge[2])
			edge[2] = to;
		at->level = level[mk->actor];
	}
	return 0;
}

/* The widest room inside [x0, x1] that lane a's boxes leave free: its width,
 * its start in *from. */
static int svg_room(const struct svg *s, const struct svg_page *pg, int a, int x0, int x1,
		    int *from)
{
	int cursor = x0, best = 0;

	*from = x0;
	for (size_t i = 0; i < s->nmarks; i++) {
		const struct svg_mark *mk = &s->marks[i];
		if (mk->actor != a || svg_style_of(mk->mark)->shape != SVG_BOX)
			continue;
		int l = pg->at[i].x - pg->at[i].w / 2, r = l + pg->at[i].w;
		if (r <= cursor || l >= x1)
			continue;
		if (l - cursor > best) {
			best = l - cursor;
			*from = cursor;
		}
		cursor = r;
	}
	if (x1 - cursor > best) {
		best = x1 - cursor;
		*from = cursor;
	}
	return best;
}

/* Each blocked or stopped episode as a span on its lane, its word inside in
 * the widest room its lane's boxes leave, where it fits. One that lasts past
 * the run's end is drawn to the axis' end. */
static void svg_spans(const struct svg *s, const struct svg_page *pg)
{
	for (size_t i = 0; i < s->nspans; i++) {
		const struct svg_span *sp = &s->spans[i];
		bool blocked = sp->state == ACTOR_BLOCKED;
		int x0 = svg_x(pg, sp->t0), x1 = svg_x(pg, sp->t1 >= 0 ? sp->t1 : pg->axis_ms);
		int h = pg->lane_h * 44 / 100, y = svg_lane_y(pg, sp->actor) + (pg->lane_h - h) / 2;
		const char *word = blocked ? _("BLOCKED") : _("stopped");
		int size = h * 5 / 10 > 22 ? 22 : h * 5 / 10, from, room;

		if (x1 - x0 < 6)
			x1 = x0 + 6;
		fprintf(pg->f, "<g class=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			"rx=\"6\" fill=\"%s\"/>", blocked ? "blocked" : "stopped", x0, y, x1 - x0, h,
			blocked ? SVG_BLOCKED_FILL : SVG_STOPPED_FILL);
		room = svg_room(s, pg, sp->actor, x0, x1, &from) - 16;
		if (svg_bold_width(word, size) > room && svg_cells(word) > 0)
			size = room * 100 / 70 / svg_cells(word);
		if (size >= 14) {
			fputc('\n', pg->f);
			svg_text(pg, from + 8, y + h / 2 + size * 35 / 100, size, "start",
				 blocked ? SVG_BLOCKED_INK : SVG_STOPPED_INK, true, NULL, word);
		}
		fputs("</g>\n", pg->f);
	}
}

/* Each lock held as a band low in its lane, from taking it to giving it
 * back (to the axis' end if never); a second lock held at once a band
 * higher. Its <title> says which lock. */
static void svg_holds(const struct svg *s, const struct svg_page *pg)
{
	char words[128];

	for (size_t i = 0; i < s->nholds; i++) {
		const struct svg_hold *h = &s->holds[i];
		int x0 = svg_x(pg, h->t0), x1 = svg_x(pg, h->t1 >= 0 ? h->t1 : pg->axis_ms);
		int bh = pg->lane_h * 7 / 100 < 5 ? 5 : pg->lane_h * 7 / 100;
		int y = svg_lane_y(pg, h->actor) + pg->lane_h * 74 / 100 - h->level * (bh + 2);

		if (x1 - x0 < 6)
			x1 = x0 + 6;
		/* TRANSLATORS: the --svg picture: the band of a lock held, under the
		   pointer: holds the lock NAME */
		snprintf(words, sizeof words, _("holds the lock %s"), h->lock);
		fputs("<g class=\"held\"><title>", pg->f);
		svg_escaped(pg->f, words);
		fprintf(pg->f, "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			"rx=\"3\" fill=\"%s\"/></g>\n", x0, y, x1 - x0, bh, SVG_HELD_FILL);
	}
}

/* A mark's group, opened with its class and its event's sentence as the
 * <title> a pointer shows. */
static void svg_group(const struct svg_page *pg, const struct svg_style *st,
		      const struct svg_mark *mk)
{
	fprintf(pg->f, "<g class=\"%s\">", st->cls);
	if (mk->words) {
		fputs("<title>", pg->f);
		svg_escaped(pg->f, mk->words);
		fputs("</title>", pg->f);
	}
	fputc('\n', pg->f);
}

/* Every mark, in the order of the run, where svg_place_marks put it: the
 * flags first (flags true), then the boxes (false) over them, so a pole
 * never strikes through a value moved onto its time. */
static void svg_marks(const struct svg *s, const struct svg_page *pg, bool flags)
{
	for (size_t i = 0; i < s->nmarks; i++) {
		const struct svg_mark *mk = &s->marks[i];
		const struct svg_style *st = svg_style_of(mk->mark);
		const struct svg_placed *at = &pg->at[i];

		if ((st->shape == SVG_FLAG) != flags)
			continue;
		int y = svg_lane_y(pg, mk->actor), cy = y + pg->lane_h / 2;
		int x = at->x, w = at->w, h = pg->mark_h, size = pg->value_size;
		bool part = mk->type == EV_PART;

		svg_group(pg, st, mk);
		switch (st->shape) {
		case SVG_BOX:
			if (part)
				h = h * 6 / 10;
			fprintf(pg->f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" "
				"fill=\"%s\"%s/>\n", x - w / 2, cy - h / 2, w, h, st->fill,
				part ? " fill-opacity=\"0.6\"" : "");
			if (!part || size <= h)
				svg_text(pg, x, cy + size * 35 / 100, part ? size * 8 / 10 : size,
					 "middle", st->ink, true, NULL, mk->label);
			break;
		case SVG_STRUCK:
			cy = y + pg->lane_h * 16 / 100;
			h = h * 8 / 10;
			fprintf(pg->f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" "
				"fill=\"%s\"/>\n", x - w / 2, cy - h / 2, w, h, st->fill);
			svg_text(pg, x, cy + size * 30 / 100, size * 9 / 10, "middle", st->ink, true,
				 NULL, mk->label);
			fprintf(pg->f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
				"stroke-width=\"2\" stroke-opacity=\"0.8\"/>\n", x - w / 2 + 3,
				cy + h / 2 - 3, x + w / 2 - 3, cy - h / 2 + 3, st->ink);
			break;
		case SVG_FLAG:
			fprintf(pg->f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
				"stroke-width=\"%d\"/>\n", x, y + 6, x, y + pg->lane_h - 6, st->fill,
				mk->mark == SWIM_DEADLOCK ? 8 : 5);
			svg_text(pg, at->left ? x - 8 : x + 8,
				 y + pg->lane_h - 10 - at->level * (at->size + 4), at->size,
				 at->left ? "end" : "start", st->ink, true, NULL, mk->label);
			break;
		}
		fputs("</g>\n", pg->f);
	}
}

/* The word of a mark in the legend: a shared value and a race's counter are
 * written and read, a channel's items put and got. */
static const char *svg_legend_word(const struct svg *s, const struct svg_style *st)
{
	const struct channel_desc *d = s->sc->multi ? NULL : channel_desc_of(s->sc->channel);
	bool cell = d && (d->cell || d->counter);

	if (st->legend)
		return _(st->legend);
	if (st->mark == SWIM_PUT)
		return cell ? _("wrote") : _("put");
	return cell ? _("read") : _("got");
}

static bool svg_has_mark(const struct svg *s, unsigned mark)
{
	for (size_t i = 0; i < s->nmarks; i++)
		if (s->marks[i].mark == mark)
			return true;
	return false;
}

static bool svg_has_span(const struct svg *s, enum actor_state state)
{
	for (size_t i = 0; i < s->nspans; i++)
		if (s->spans[i].state == state)
			return true;
	return false;
}

/* One entry of the legend: a swatch and its word. */
struct svg_legend_entry {
	const char *fill, *word;
};

/* How wide an entry is drawn at a font size: its swatch, its word, the gap. */
static int svg_legend_width(const struct svg_legend_entry *e, int size)
{
	return size * 16 / 10 + svg_text_width(e->word, size) + size * 3 / 2;
}

/* The legend at the foot of the page: what each colour means; the rarer
 * marks only where the run has them. One line, its words smaller where a
 * run has so many kinds of marks (or a language so long words) that it would
 * run off the page. */
static void svg_legend(const struct svg *s, const struct svg_page *pg)
{
	struct svg_legend_entry e[SVG_NSTYLES + 3];
	int n = 0, x = 40, y = SVG_H - 30, size = 24, width = 0;

	for (size_t i = 0; i < SVG_NSTYLES; i++) {
		const struct svg_style *st = &svg_styles[i];
		if (st->mark == SWIM_LOST)
			e[n++] = (struct svg_legend_entry){SVG_BLOCKED_FILL, _("BLOCKED")};
		if (st->always || svg_has_mark(s, st->mark))
			e[n++] = (struct svg_legend_entry){st->fill, svg_legend_word(s, st)};
	}
	if (svg_has_span(s, ACTOR_STOPPED))
		e[n++] = (struct svg_legend_entry){SVG_STOPPED_FILL, _("stopped")};
	if (s->nholds > 0)
		/* TRANSLATORS: the --svg picture's legend: the band of a lock held */
		e[n++] = (struct svg_legend_entry){SVG_HELD_FILL, _("lock held")};
	for (int i = 0; i < n; i++)
		width += svg_legend_width(&e[i], size);
	if (width > SVG_W - 80)
		size = size * (SVG_W - 80) / width;
	for (int i = 0; i < n; i++) {
		int box = size * 12 / 10;
		fprintf(pg->f, "<rect class=\"legend\" x=\"%d\" y=\"%d\" width=\"%d\" "
			"height=\"%d\" rx=\"5\" fill=\"%s\"/>\n", x, y - box * 82 / 100, box, box,
			e[i].fill);
		svg_text(pg, x + size * 16 / 10, y, size, "start", "#1b1f24", false, "legend",
			 e[i].word);
		x += svg_legend_width(&e[i], size);
	}
}

/* Contract in svg.h. */
int svg_write(const struct svg *s, FILE *f)
{
	struct svg_page pg = {.f = f};
	int n = s->m.nactors > 0 ? s->m.nactors : 1;

	if (s->failed) {
		errno = ENOMEM;
		return -1;
	}
	pg.lane_h = (SVG_LANES_BOTTOM - SVG_LANES_TOP) / n;
	if (pg.lane_h > SVG_LANE_MAX)
		pg.lane_h = SVG_LANE_MAX;
	/* few lanes: they and the axis in the middle of the room, not at its top */
	pg.top = SVG_LANES_TOP + (SVG_LANES_BOTTOM - SVG_LANES_TOP - n * pg.lane_h) / 2;
	svg_scale(s, &pg);
	svg_size_marks(s, &pg);
	if (svg_place_marks(s, &pg) != 0) {
		errno = ENOMEM;
		return -1;
	}
	svg_head(s, &pg);
	svg_lanes(s, &pg);
	svg_axis(s, &pg);
	svg_spans(s, &pg);
	svg_holds(s, &pg);
	svg_marks(s, &pg, true);
	svg_marks(s, &pg, false);
	svg_legend(s, &pg);
	fputs("</svg>\n", f);
	free(pg.at);
	return ferror(f) ? -1 : 0;
}
