/* SPDX-License-Identifier: ISC */
/*
 * The one clock of lib/: monotonic milliseconds.  Deadlines everywhere are
 * measured on it, so code that takes a deadline_ms means this clock.
 */
#ifndef VHA_CORE_CLOCK_H
#define VHA_CORE_CLOCK_H

/* Monotonic clock in milliseconds (CLOCK_MONOTONIC). */
double clock_now_ms(void);

#endif
