#!/usr/bin/env python3
"""usage: rsp_client.py rsp://USER@HOST:PORT TOKEN_FILE COMMAND

A complete RSP/1 client in standard-library Python, written from docs/PROTOCOL.md alone:
runs COMMAND remotely, streams its stdout and stderr to ours, exits with its exit code."""
import base64
import hashlib
import hmac
import json
import socket
import struct
import sys
from urllib.parse import urlsplit

HELLO, AUTH, AUTH_OK, EXEC, STARTED, STDOUT, STDERR, EXIT = 0x01, 0x02, 0x03, 0x10, 0x20, 0x21, 0x22, 0x23
ERROR, PING, PONG = 0x7D, 0x7E, 0x7F
MAX_PAYLOAD = 1 << 20
HEADER = struct.Struct('!BII')  # type, request id, payload length; big-endian


def recv_exactly(sock, n):
    """One recv may return fewer bytes than asked: loop until we have them all."""
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError('server closed the connection')
        buf += chunk
    return bytes(buf)


def read_frame(sock):
    ftype, fid, length = HEADER.unpack(recv_exactly(sock, HEADER.size))
    if length > MAX_PAYLOAD:  # never allocate by a length the peer announced before checking it
        raise ConnectionError('frame of %d bytes is over the 1 MiB limit' % length)
    return ftype, fid, recv_exactly(sock, length)


def send_frame(sock, ftype, fid, payload=b''):
    if isinstance(payload, dict):
        payload = json.dumps(payload).encode('utf-8')
    sock.sendall(HEADER.pack(ftype, fid, len(payload)) + payload)  # one write per frame


def fail(ftype, payload):
    if ftype == ERROR:
        err = json.loads(payload)
        sys.exit('rsp_client: %s: %s' % (err['code'], err['message']))
    sys.exit('rsp_client: unexpected frame type 0x%02x' % ftype)


def connect(url, token):
    target = urlsplit(url)
    if target.scheme != 'rsp' or not target.username:
        sys.exit('rsp_client: target must look like rsp://USER@HOST:PORT')
    sock = socket.create_connection((target.hostname, target.port or 9900), timeout=30)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.settimeout(None)
    ftype, _, payload = read_frame(sock)
    if ftype != HELLO:
        fail(ftype, payload)
    nonce = base64.b64decode(json.loads(payload)['nonce'])
    mac = hmac.new(token.strip().encode('utf-8'), nonce, hashlib.sha256).digest()
    send_frame(sock, AUTH, 0, {'user': target.username, 'mac': base64.b64encode(mac).decode('ascii')})
    ftype, _, payload = read_frame(sock)
    if ftype != AUTH_OK:
        fail(ftype, payload)
    return sock


def run(sock, command, request_id=1):
    send_frame(sock, EXEC, request_id, {'command': command})
    out, err = sys.stdout.buffer, sys.stderr.buffer
    while True:
        ftype, fid, payload = read_frame(sock)
        if ftype == PING:
            send_frame(sock, PONG, fid, payload)
        elif fid != request_id:
            continue
        elif ftype == STDOUT:
            out.write(payload)
            out.flush()
        elif ftype == STDERR:
            err.write(payload)
            err.flush()
        elif ftype == EXIT:
            return json.loads(payload)['code']
        elif ftype != STARTED:
            fail(ftype, payload)


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__.strip())
    with open(argv[2], encoding='utf-8') as f:
        token = f.read()
    with connect(argv[1], token) as sock:
        return run(sock, argv[3])


if __name__ == '__main__':
    sys.exit(main(sys.argv))
