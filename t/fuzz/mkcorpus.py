#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Build one seed corpus per harness from t/fixtures/ (t/fuzz/README.md).

usage: mkcorpus.py TOP_SRCDIR OUTDIR

OUTDIR/<harness>/ is emptied and filled with copies of the fixtures that
harness reads (whole files, or the values pulled out of them for the small
command-line parsers), named by content hash.  Nothing here is committed:
the fixtures are the source."""
import glob
import hashlib
import json
import os
import re
import shutil
import sys

top, out = sys.argv[1], sys.argv[2]
fix = os.path.join(top, "t", "fixtures")


def files(*patterns):
    seen = []
    for p in patterns:
        for f in sorted(glob.glob(os.path.join(fix, p), recursive=True)):
            if os.path.isfile(f) and f not in seen:
                seen.append(f)
    return [open(f, "rb").read() for f in seen]


def texts(pattern, regex):
    """Every match of regex (group 1) in the fixtures matching pattern."""
    got = []
    for data in files(pattern):
        got += [m.group(1) for m in re.finditer(regex, data)]
    return got


def profile_files():
    """Config and credentials texts of the cross-SDK profile parser suite."""
    got = []
    with open(os.path.join(fix, "awsconfig", "profile-parser-tests.json")) as fh:
        for t in json.load(fh)["tests"]:
            for k in ("configFile", "credentialsFile"):
                if isinstance(t["input"].get(k), str):
                    got.append(t["input"][k].encode())
    return got


BGP_JSON = ("frr/*.json", "frr-lab/*.json")
BGP_TEXT = ("frr/*.txt", "frr-lab/*.txt", "frr-layouts/*.txt", "quagga/*.txt", "bgp-generated/*.txt")
CIDR = rb"<destination(?:Ipv6)?CidrBlock>([^<]{1,64})</"
IDS = rb"\b((?:rtb|eni|i)-[0-9a-zA-Z]{1,20})\b"

corpora = {
    "fuzz_frr_summary_json": files(*BGP_JSON),
    "fuzz_frr_routes_json": files(*BGP_JSON),
    "fuzz_text_summary": files(*BGP_TEXT),
    "fuzz_text_routes": files(*BGP_TEXT),
    "fuzz_bgp_detect": files(*BGP_JSON, *BGP_TEXT),
    "fuzz_ec2_xml": files("ec2/**/*.xml"),
    "fuzz_imds": files("imds/**/*.json", "imds/**/*.txt", "imds/**/*.golden"),
    "fuzz_aws_profile": files("awsconfig/**/.aws/*", "imds/**/.aws/*") + profile_files(),
    # Ranges and thresholds as the plugins' documentation and tests give them.
    "fuzz_range": [b"10", b"10:", b"~:10", b"10:20", b"@10:20", b"1:12%%", b"-1.5:2.25",
                   b"200.0,40%", b"0,0%", b"800us,10%", b"0.5s,60%", b"3s"],
    "fuzz_netaddr": texts("ec2/**/*.xml", CIDR) + texts("ec2/**/*.xml", IDS) +
                    [b"10.0.0.0/8", b"2001:db8::/32", b"0.0.0.0/0", b"::/0"],
}

for name, seeds in corpora.items():
    d = os.path.join(out, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    if not seeds:
        sys.exit(f"mkcorpus: no seeds for {name}")
    for s in seeds:
        with open(os.path.join(d, hashlib.sha1(s).hexdigest()), "wb") as fh:
            fh.write(s)
    print(f"mkcorpus: {name}: {len(set(seeds))} seeds")
