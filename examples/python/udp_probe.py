#!/usr/bin/env python3
"""Probe an rshelld over UDP (docs/PROTOCOL.md, "UDP probe") and check the reply's signature.

    udp_probe.py HOST PORT [--known-hosts FILE] [--nonce N] [--dump]

Standard library only, except the signature check, which needs the `cryptography`
package (Debian: python3-cryptography, a dependency of paramiko) and a known_hosts
file with the server's ssh-ed25519 key under [HOST]:SSH_PORT. --dump prints both
datagrams as hex and the signed text: docs/PROTOCOL.md's example is its output.
"""
import argparse
import base64
import json
import os
import socket
import struct
import sys

REQUEST_SIZE = 512  # rshell's size: room for a reply naming every front end


def request(nonce, size=REQUEST_SIZE):
    head = '{"probe":"rsp/1","nonce":"%s","pad":"' % nonce
    return (head + "." * (size - len(head) - 2) + '"}').encode("ascii")


def signed_text(reply):
    """The exact bytes the host key signs: header, nonce, server, then ports and keys sorted by name."""
    lines = ["rshell-probe-reply/1", "nonce=" + reply["nonce"], "server=" + reply["server"]]
    lines += ["port.%s=%d" % (k, v) for k, v in sorted(reply["ports"].items())]
    lines += ["host_key.%s=%s" % (k, v) for k, v in sorted(reply["host_keys"].items())]
    return ("\n".join(lines) + "\n").encode("utf-8")


def ssh_strings(blob):
    out = []
    while blob:
        (n,) = struct.unpack("!I", blob[:4])
        out.append(blob[4:4 + n])
        blob = blob[4 + n:]
    return out


def known_key(known_hosts, host, port):
    """The raw 32-byte ssh-ed25519 key recorded for [host]:port (plain, unhashed lines only)."""
    name = host if port == 22 else "[%s]:%d" % (host, port)
    with open(known_hosts) as f:
        for line in f:
            words = line.split()
            if len(words) >= 3 and name in words[0].split(",") and words[1] == "ssh-ed25519":
                kind, key = ssh_strings(base64.b64decode(words[2]))
                return key
    return None


def verify(reply, known_hosts, host):
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    key = known_key(known_hosts, host, reply["ports"].get("ssh", 22))
    if key is None:
        return "not checked: no ssh-ed25519 key for that host in " + known_hosts
    algorithm, signature = ssh_strings(base64.b64decode(reply["sig"]))
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(signature, signed_text(reply))
        return "verified (%s)" % algorithm.decode()
    except InvalidSignature:
        return "FORGED: the signature does not verify with the known key"


def hexdump(data):
    """As hexdump -C: a row that repeats the one before it is shown once, as "*"."""
    rows, previous = [], None
    for i in range(0, len(data), 16):
        chunk = data[i:i + 16]
        if chunk == previous and i + 16 < len(data):
            if rows[-1] != "*":
                rows.append("*")
            continue
        previous = chunk
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        rows.append("%04x  %-47s  %s" % (i, " ".join("%02x" % b for b in chunk), text))
    return "\n".join(rows)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--known-hosts", default=os.path.expanduser("~/.ssh/known_hosts"))
    p.add_argument("--nonce", default=base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("="))
    p.add_argument("--dump", action="store_true")
    a = p.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(2)
    req = request(a.nonce)
    sock.sendto(req, (a.host, a.port))
    try:
        data, sender = sock.recvfrom(2048)
    except socket.timeout:
        print("no reply within 2 s", file=sys.stderr)
        return 1
    reply = json.loads(data)
    if reply.get("nonce") != a.nonce:
        print("a reply to another request; ignored", file=sys.stderr)
        return 1
    if a.dump:
        print("request, %d bytes:\n%s\n" % (len(req), hexdump(req)))
        print("reply, %d bytes:\n%s\n" % (len(data), hexdump(data)))
        print("signed text, %d bytes:\n%s" % (len(signed_text(reply)), signed_text(reply).decode()))
        print("sig, %d bytes decoded: %s" % (len(base64.b64decode(reply["sig"])),
              " + ".join("string(%d)" % len(s) for s in ssh_strings(base64.b64decode(reply["sig"])))))
    else:
        print(json.dumps(reply, indent=2))
    try:
        print("signature: " + verify(reply, a.known_hosts, a.host))
    except ImportError:
        print("signature: not checked (install python3-cryptography)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
