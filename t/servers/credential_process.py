#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""A credential_process helper for integration tests.

  credential_process.py MODE CREDENTIALS_FILE

MODE:
  good      prints the JSON document of Version 1 (AccessKeyId,
            SecretAccessKey, SessionToken, Expiration in an hour) for the
            keys in CREDENTIALS_FILE (access_key_id, secret_access_key,
            session_token optional); writes a note to stderr, as helpers do
  badjson   prints half a document
  fail      writes an error to stderr and exits 2
  hang      sleeps 60 s (a helper stuck on a prompt), printing nothing
Every mode appends its MODE to CREDENTIALS_FILE.calls, so tests can count
runs.
"""
import datetime
import json
import sys
import time


def main():
    mode, path = sys.argv[1], sys.argv[2]
    with open(path + ".calls", "a") as f:
        f.write(mode + "\n")
    with open(path) as f:
        keys = json.load(f)
    if mode == "hang":
        time.sleep(60)
        return 0
    if mode == "fail":
        print("helper: the vault is sealed", file=sys.stderr)
        return 2
    doc = {"Version": 1, "AccessKeyId": keys["access_key_id"],
           "SecretAccessKey": keys["secret_access_key"]}
    if keys.get("session_token"):
        doc["SessionToken"] = keys["session_token"]
    exp = datetime.datetime.now(datetime.timezone.utc) + \
        datetime.timedelta(hours=1)
    doc["Expiration"] = exp.strftime("%Y-%m-%dT%H:%M:%SZ")
    text = json.dumps(doc)
    if mode == "badjson":
        text = text[:len(text) // 2]
    print("helper: fetched credentials from the vault", file=sys.stderr)
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
