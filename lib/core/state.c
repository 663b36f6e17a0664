/* SPDX-License-Identifier: ISC */
#include "config.h"

#include "core/state.h"

const char *
state_name(int state)
{
	switch (state) {
	case STATE_OK:
		return "OK";
	case STATE_WARNING:
		return "WARNING";
	case STATE_CRITICAL:
		return "CRITICAL";
	default:
		return "UNKNOWN";
	}
}

static int
state_rank(enum state s)
{
	switch (s) {
	case STATE_OK:
		return 0;
	case STATE_UNKNOWN:
		return 1;
	case STATE_WARNING:
		return 2;
	case STATE_CRITICAL:
		return 3;
	}
	return 1;
}

enum state
state_worst(enum state a, enum state b)
{
	return state_rank(a) >= state_rank(b) ? a : b;
}
