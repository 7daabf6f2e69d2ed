/* channel.c - what all channels share: the table of their descriptors (made
 * from channel.h's CHANNEL_TABLE rows), finding one by kind, word or key, and
 * the rules every capacity follows, with the numbers each channel gives.
 * Nothing here names a channel: each one's particulars are in its own file. */
#include "channel.h"

#include <stdio.h>
#include <string.h>

#include "channel_util.h"

#define CHANNEL_DESC_ROW(KIND, DESC) [KIND] = &DESC,
static const struct channel_desc *const channel_table[CHANNEL_KIND_COUNT] = {
	CHANNEL_TABLE(CHANNEL_DESC_ROW)
};
#undef CHANNEL_DESC_ROW

const struct channel_desc *channel_desc_of(enum channel_kind kind)
{
	return (unsigned)kind < CHANNEL_KIND_COUNT ? channel_table[kind] : NULL;
}

const struct channel_desc *channel_desc_by_word(const char *word)
{
	for (int k = 0; word && k < CHANNEL_KIND_COUNT; k++)
		if (strcmp(channel_table[k]->word, word) == 0)
			return channel_table[k];
	return NULL;
}

const struct channel_desc *channel_desc_by_key(int key)
{
	for (int k = 0; key && k < CHANNEL_KIND_COUNT; k++)
		if (channel_table[k]->key == key)
			return channel_table[k];
	return NULL;
}

const char *channel_words(char *buf, size_t len)
{
	size_t used = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (int k = 0; k < CHANNEL_KIND_COUNT; k++) {
		const char *sep = k == 0 ? "" : k == CHANNEL_KIND_COUNT - 1 ? " or " : ", ";
		int n = snprintf(buf + used, len - used, "%s%s", sep, channel_table[k]->word);

		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
	return buf;
}

int channel_capacity_max(const struct channel_desc *d)
{
	const struct channel_capacity *c = &d->capacity;

	return c->max_now ? c->max_now() : c->max;
}

int channel_capacity_check(const struct channel_desc *d, bool given, long long asked,
			   int *capacity, char *err, size_t errlen)
{
	const struct channel_capacity *c = &d->capacity;
	int max = channel_capacity_max(d);

	if (!given) {
		*capacity = max == 0 ? 0 : c->fallback < max ? c->fallback : max;
		return 0;
	}
	if (max == 0 || asked < c->min || asked > max ||
	    (c->power_of_two && (asked & (asked - 1)) != 0)) {
		c->error(err, errlen, max);
		return -1;
	}
	*capacity = (int)asked;
	return 0;
}

int channel_capacity_fit(const struct channel_desc *d, int capacity)
{
	const struct channel_capacity *c = &d->capacity;
	int max = channel_capacity_max(d), pow = 1;

	if (max == 0)
		return capacity;
	if (capacity <= 0)
		return c->fallback < max ? c->fallback : max;
	if (!c->power_of_two)
		return capacity > max ? max : capacity;
	while (pow < capacity && pow < max)
		pow *= 2;
	return pow;
}

int channel_open(struct channel *ch, enum channel_kind kind, int capacity, int item_size,
		 char *err, size_t errlen)
{
	memset(ch, 0, sizeof *ch);
	ch->fds[0] = ch->fds[1] = ch->kfd[0] = ch->kfd[1] = -1;
	ch->try_fd = ch->parent_fd = -1;
	ch->holder[0] = ch->holder[1] = -1;
	ch->kind = kind;
	ch->desc = channel_desc_of(kind);
	ch->ops = ch->desc->ops;
	ch->capacity = capacity;
	ch->item_size = item_size > 0 ? item_size : 4096;
	return ch->ops->open(ch, capacity, err, errlen);
}
