#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""bench/rto_plot.py: draw what bench/rto measured.

    bench/rto_plot.py RESULTS.json OUTDIR

RESULTS.json is what `lab.py bench --json` writes.  Draws two PNGs into
OUTDIR and prints their paths:
  rto-runs.png      per run: detection (HARD state), RTO (all route tables
                    on vyos2) and the VGW's best path on vyos2, seconds after
                    the cut, with the 3 s RTO target
  rto-timeline.png  the median run's milestones: the failover (seconds after
                    the cut) and the failback (seconds after the restore)
Needs Debian's python3-matplotlib (hence /usr/bin/python3).
"""
import json
import os
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

TARGET = 3.0


def plot_runs(runs, scenario, out):
    keys = (("detect", "detection (HARD)", "#4c72b0"),
            ("rto", "RTO: all routes on vyos2", "#dd8452"),
            ("vgw", "VGW best path on vyos2", "#55a868"))
    n = len(runs)
    fig, ax = plt.subplots(figsize=(max(5.0, 1.1 * n + 2), 3.4), dpi=80)
    w = 0.26
    for i, (k, label, color) in enumerate(keys):
        xs = [r + (i - 1) * w for r in range(n)]
        ax.bar(xs, [run[k] for run in runs], w, label=label, color=color)
    ax.axhline(TARGET, color="#c44e52", linestyle="--", linewidth=1)
    ax.text(n - 0.5, TARGET, f" RTO target {TARGET:g} s", color="#c44e52",
            va="bottom", ha="right", fontsize=8)
    med = statistics.median(r["rto"] for r in runs)
    ax.set_title(f"{n} failovers ({scenario}): RTO median {med:.2f} s, "
                 f"worst {max(r['rto'] for r in runs):.2f} s", fontsize=10)
    ax.set_xticks(range(n), [f"run {i + 1}" for i in range(n)])
    ax.set_ylabel("seconds after the cut")
    ax.set_ylim(0, max(TARGET, max(r["vgw"] for r in runs)) * 1.25)
    ax.legend(fontsize=8, loc="upper left", ncol=3, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def plot_timeline(run, index, scenario, out):
    down = "DOWN" if scenario == "host" else "CRITICAL"
    fo = [(0.0, "cut: vyos1 " + ("killed" if scenario == "host"
                                 else "tunnels dark"))]
    if run.get("soft") is not None:
        fo.append((run["soft"], f"first failed check ({down} SOFT)"))
    fo += [(run["detect"], f"{down} HARD (detection)"),
           (run["handler"], "handler fired"),
           (run["rto"], "all route tables on vyos2 (RTO)"),
           (run["vgw"], "VGW best path via vyos2")]
    fb = [(0.0, "restore: vyos1 back"),
          (run["failback"], "route tables back on vyos1"),
          (run["vgw_back"], "VGW best path via vyos1")]
    fig, axes = plt.subplots(
        2, 1, figsize=(8, 4.6), dpi=80,
        gridspec_kw={"height_ratios": [len(fo) - 1, len(fb) - 1]})
    end = max(t for t, _ in fo + fb)
    for ax, events, title, color in (
            (axes[0], fo, "failover: seconds after the cut", "#dd8452"),
            (axes[1], fb, "failback: seconds after the restore", "#55a868")):
        rows = sorted(events)[1:]          # the cut/restore is the origin
        ys = range(len(rows))[::-1]
        ax.barh(list(ys), [t for t, _ in rows], color=color, height=0.55)
        for y, (t, _label) in zip(ys, rows):
            ax.text(t, y, f" {t:.2f} s", va="center", fontsize=8)
        ax.set_yticks(list(ys), [label for _, label in rows], fontsize=8)
        ax.set_title(f"{title} ({events[0][1]})", fontsize=9, loc="left")
        ax.set_xlim(0, end * 1.15)
        ax.grid(axis="x", alpha=0.3)
        for side in ("right", "top"):
            ax.spines[side].set_visible(False)
    fig.suptitle(f"Run {index + 1}, the median RTO ({scenario} scenario)",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        data = json.load(f)
    runs, scenario = data["runs"], data.get("scenario", "host")
    if not runs:
        print("rto_plot: no runs in " + argv[1], file=sys.stderr)
        return 1
    os.makedirs(argv[2], exist_ok=True)
    by_rto = sorted(range(len(runs)), key=lambda i: runs[i]["rto"])
    median = by_rto[(len(runs) - 1) // 2]
    outs = (os.path.join(argv[2], "rto-runs.png"),
            os.path.join(argv[2], "rto-timeline.png"))
    plot_runs(runs, scenario, outs[0])
    plot_timeline(runs[median], median, scenario, outs[1])
    for p in outs:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
