#!/usr/bin/python3
"""A non-Java zom client, written from docs/PROTOCOL.md alone, on libzmq (Debian's python3-zmq).

Usage: peer_test.py ROUTER_ENDPOINT PULL_ENDPOINT LOCATION
Sends acknowledged and fire-and-forget writes and write batches (one keeping what it replaces in history), reads
them back, checks refusals and a retry, says bye, prints "ok".
"""
import struct
import sys
import zmq

HEADER = "<BBBBhHQQHHI"
REPLY = "<BBBBHHQqII"
WRITE, READ, LS, STAT, WRITE_BATCH, BYE = 1, 2, 3, 4, 5, 6
BOOL, INT, FLOAT, STRING, TEXT, TUPLE, NULL, DATE = range(1, 9)
CLIENT = 0x5059_7468_6f6e


def request(op, seq, location, metapath, vtype=0, value=b"", flags=0):
    loc, mp = location.encode("ascii"), metapath.encode("ascii")
    return struct.pack(HEADER, 1, op, vtype, flags, 0, 0, CLIENT, seq, len(loc), len(mp), len(value)) + loc + mp + value


def batch(*writes):
    return struct.pack("<BBHI", 1, WRITE_BATCH, len(writes), 0) + b"".join(writes)


def entries(payload):
    """The write replies inside a batch reply, each a complete reply."""
    out = []
    while payload:
        version, status, op, flags, code, _, seq, index, plen, _ = struct.unpack_from(REPLY, payload)
        out.append(dict(status=status, op=op, flags=flags, code=code, seq=seq, index=index))
        payload = payload[32 + plen:]
    return out


def reply(sock):
    frame = sock.recv()
    version, status, op, flags, code, _, seq, index, plen, _ = struct.unpack_from(REPLY, frame)
    assert version == 1 and len(frame) == 32 + plen, frame
    return dict(status=status, op=op, flags=flags, code=code, seq=seq, index=index, payload=frame[32:])


def main(router, pull, location):
    ctx = zmq.Context()
    dealer = ctx.socket(zmq.DEALER)
    dealer.setsockopt(zmq.RCVTIMEO, 10000)
    dealer.connect(router)
    push = ctx.socket(zmq.PUSH)
    push.connect(pull)

    values = [
        ("count", INT, struct.pack("<q", -42), -42),
        ("ratio", FLOAT, struct.pack("<d", 0.1), 0.1),
        ("done", BOOL, b"\x01", True),
        ("artist", STRING, u"caf\u00e9".encode("utf-8"), u"caf\u00e9"),
        ("range", TUPLE, b"[1,2.5,\"x\"]", None),
        ("nothing", NULL, b"", None),
    ]
    indices = []
    for seq, (name, vtype, raw, _) in enumerate(values, start=1):
        dealer.send(request(WRITE, seq, location, name, vtype, raw))
    for seq in range(1, len(values) + 1):
        r = reply(dealer)
        assert r["status"] == 0 and r["seq"] == seq and r["index"] > 0, r
        indices.append(r["index"])
    assert indices == sorted(indices), indices

    # a retry of sequence 1 is acknowledged with its original index and the duplicate flag
    dealer.send(request(WRITE, 1, location, "count", INT, struct.pack("<q", -42)))
    r = reply(dealer)
    assert r["status"] == 0 and r["flags"] & 1 and r["index"] == indices[0], r

    # another write under sequence 1 is not a retry: refused with SEQUENCE_REUSED (26), nothing journaled
    dealer.send(request(WRITE, 1, location, "count", INT, struct.pack("<q", 7)))
    r = reply(dealer)
    assert r["status"] == 1 and r["code"] == 26 and r["payload"], r

    # a write that keeps the value it replaces in history (flag KEEP_HISTORY), and one with a flag no version defines
    dealer.send(request(WRITE, 20, location, "artist", STRING, u"caf\u00e9".encode("utf-8"), flags=1))
    r = reply(dealer)
    assert r["status"] == 0 and r["seq"] == 20 and r["index"] > indices[-1], r
    dealer.send(request(WRITE, 21, location, "artist", STRING, b"x", flags=2))
    r = reply(dealer)
    assert r["status"] == 1 and r["code"] == 20 and r["payload"], r

    # a write batch: one frame, one reply holding each write's own reply, in order
    dealer.send(batch(request(WRITE, 10, location, "batch/b1", INT, struct.pack("<q", 1)),
                      request(WRITE, 11, "/etc", "x", INT, struct.pack("<q", 1)),
                      request(WRITE, 12, location, "batch/b2", INT, struct.pack("<q", 2))))
    r = reply(dealer)
    assert r["status"] == 0 and r["op"] == WRITE_BATCH and r["seq"] == 10, r
    e = entries(r["payload"])
    assert [x["seq"] for x in e] == [10, 11, 12], e
    assert [x["status"] for x in e] == [0, 1, 0] and e[1]["code"] == 7 and e[2]["index"] > e[0]["index"], e

    # fire-and-forget writes over PUSH, one batch among them
    push.send(batch(request(WRITE, 90, location, "pushed/q1", INT, struct.pack("<q", 1)),
                    request(WRITE, 91, location, "pushed/q2", INT, struct.pack("<q", 2))))
    for i in range(100):
        push.send(request(WRITE, 100 + i, location, "pushed/p%d" % i, INT, struct.pack("<q", i)))

    # a refused write: outside the roots
    dealer.send(request(WRITE, 200, "/etc", "x", INT, struct.pack("<q", 1)))
    r = reply(dealer)
    assert r["status"] == 1 and r["code"] == 7 and r["payload"], r

    # read back what was written (newest journaled values)
    for seq, (name, vtype, raw, _) in enumerate(values, start=300):
        dealer.send(request(READ, seq, location, name))
        r = reply(dealer)
        assert r["status"] == 0 and r["seq"] == seq, r
        assert r["payload"][0] == vtype, (name, r)
        if vtype != TUPLE:
            assert r["payload"][1:] == raw, (name, r["payload"])

    # wait until the pushed writes are visible
    for attempt in range(500):
        dealer.send(request(READ, 400 + attempt, location, "pushed/p99"))
        r = reply(dealer)
        if r["status"] == 0:
            assert struct.unpack("<q", r["payload"][1:])[0] == 99
            break
    else:
        raise AssertionError("pushed writes never became readable")

    dealer.send(request(LS, 1000, location, ""))
    r = reply(dealer)
    names = [line.split("\t")[0] for line in r["payload"].decode("utf-8").splitlines()]
    assert names == ["artist", "batch", "count", "done", "nothing", "pushed", "range", "ratio"], names

    dealer.send(request(STAT, 1001, "", ""))
    r = reply(dealer)
    assert b"zom_journaled_total" in r["payload"], r

    # a REQ socket (with its empty delimiter frame) works too
    req = ctx.socket(zmq.REQ)
    req.setsockopt(zmq.RCVTIMEO, 10000)
    req.connect(router)
    req.send(request(READ, 2000, location, "count"))
    r = reply(req)
    assert r["status"] == 0 and struct.unpack("<q", r["payload"][1:])[0] == -42, r

    # done: the broker may forget this client's retry window
    dealer.send(request(BYE, 3000, "", ""))
    r = reply(dealer)
    assert r["status"] == 0 and r["op"] == BYE and r["seq"] == 3000, r

    for s in (dealer, push, req):
        s.close(linger=1000)
    ctx.term()
    print("ok")


if __name__ == "__main__":
    main(*sys.argv[1:4])
