"""Summarises the JMH JSON files of one results folder as a markdown table with the targets' ratios."""
import json
import os
import sys

out = sys.argv[1]


def load(name):
    path = os.path.join(out, name)
    return json.load(open(path)) if os.path.exists(path) else []


def score(rows, bench, params=None, secondary=None):
    for row in rows:
        if row["benchmark"].endswith(bench) and (params is None or row.get("params") == params):
            metric = row["secondaryMetrics"][secondary] if secondary else row["primaryMetric"]
            return metric["score"], metric["scoreUnit"]
    return None, None


print("\n| JMH benchmark | score | unit | bytes/op (-prof gc) |\n|---|---|---|---|")
codec = load("codec.json")
for b in ("decodeAndValidate", "encode"):
    s, u = score(codec, b)
    a, _ = score(codec, b, secondary="gc.alloc.rate.norm")
    if s is not None:
        print("| codec %s | %.2f | %s | %.3f |" % (b, s, u, a))
ring = load("ring-journal.json")
for mode in ("NONE", "BATCH"):
    s, u = score(ring, "publish", {"durability": mode})
    a, _ = score(ring, "publish", {"durability": mode}, "gc.alloc.rate.norm")
    if s is not None:
        print("| ring + journal, durability %s | %.3f | %s | %.3f |" % (mode.lower(), s, u, a))
sync = load("journal-sync.json")
for every in ("0", "1024", "64", "1"):
    s, u = score(sync, "append", {"syncEvery": every})
    if s is not None:
        print("| journal append, sync every %s records (0 = never) | %.0f | %s | |" % (every, s, u))
disk = load("disk-writer.json")
applier, u = score(disk, "applier")
raw, _ = score(disk, "rawTempRename")
if applier and raw:
    print("| disk writer apply, distinct new entries | %.0f | %s | |" % (applier, u))
    print("| raw temp file + rename (ceiling, same run) | %.0f | %s | |" % (raw, u))
    print("| **disk writer / raw** (target ≥ 0.80) | **%.2f** | | |" % (applier / raw))
catch_up = load("writer-catch-up.json")
s, u = score(catch_up, "catchUp")
a, _ = score(catch_up, "catchUp", secondary="gc.alloc.rate.norm")
if s is not None:
    print("| disk writer catching up, records read, coalesced, applied | %.3f | %s | %.1f |" % (s, u, a))
