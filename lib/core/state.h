/* SPDX-License-Identifier: ISC */
/*
 * The four states of the monitoring-plugins contract, as every layer of
 * lib/ returns them; only lib/plugin/ turns one into an exit code.
 */
#ifndef VHA_CORE_STATE_H
#define VHA_CORE_STATE_H

enum state {
	STATE_OK = 0,
	STATE_WARNING = 1,
	STATE_CRITICAL = 2,
	STATE_UNKNOWN = 3,
};

/* "OK", "WARNING", "CRITICAL", "UNKNOWN" (UNKNOWN for out of range). */
const char *state_name(int state);

/* The worse of two states, as monitoring-plugins' max_state_alt():
 * CRITICAL > WARNING > UNKNOWN > OK. */
enum state state_worst(enum state a, enum state b);

#endif
