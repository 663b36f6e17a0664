/* SPDX-License-Identifier: ISC */
/*
 * AWS resource ids (rtb-..., i-..., eni-...) as EC2 writes them, checked
 * before anything is sent.
 */
#ifndef VHA_AWS_IDS_H
#define VHA_AWS_IDS_H

/*
 * 1 when id is prefix, "-", then 8 or 17 lower-case hex digits
 * (prefix "rtb": "rtb-0a1b2c3d"; "i": "i-0123456789abcdef0"), else 0.
 */
int aws_id_valid(const char *id, const char *prefix);

/* 1 for a valid i-... or eni-... target id. */
int aws_target_valid(const char *id);

#endif
