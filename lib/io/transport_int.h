/* SPDX-License-Identifier: ISC */
/*
 * Shared by the files of the transport only: each kind opens into an ops
 * table and its state (io/transport.h has the public side).
 */
#ifndef VHA_IO_TRANSPORT_INT_H
#define VHA_IO_TRANSPORT_INT_H

#include "io/transport.h"

/* Nothing a router says to these commands comes near this; a runaway
 * stream must not eat the monitoring server's memory. */
#define TRANSPORT_ANSWER_MAX ((size_t)512 * 1024 * 1024)

int transport_file_open(const struct transport_config *cfg, const struct transport_ops **ops,
			void **impl, char *err, size_t errlen);
int transport_local_open(const struct transport_config *cfg, double timeout_s,
			 const struct transport_ops **ops, void **impl, char *err,
			 size_t errlen);
int transport_ssh_open(const struct transport_config *cfg, double timeout_s,
		       const struct transport_ops **ops, void **impl, char *err, size_t errlen);

#endif
