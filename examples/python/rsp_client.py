#!/usr/bin/env python3
"""usage: rsp_client.py exec rsp://USER@HOST:PORT TOKEN_FILE COMMAND
       rsp_client.py get  rsp://USER@HOST:PORT TOKEN_FILE REMOTE_PATH LOCAL_PATH
       rsp_client.py put  rsp://USER@HOST:PORT TOKEN_FILE LOCAL_PATH REMOTE_PATH

A complete RSP/1 client in standard-library Python, written from docs/PROTOCOL.md alone.
exec runs COMMAND with the remote /bin/sh -c, streams its stdout and stderr to ours, forwards our
stdin when it is not a terminal, and exits with the command's exit code. get and put copy one
file and check its size and SHA-256; get writes a temporary file and renames it into place, so a
failed download leaves nothing behind. A refusal or error exits 1 with the server's error code."""
import base64
import hashlib
import hmac
import json
import os
import socket
import struct
import sys
import tempfile
import threading
from urllib.parse import urlsplit

HELLO, AUTH, AUTH_OK = 0x01, 0x02, 0x03
EXEC, STDIN, STDIN_EOF = 0x10, 0x11, 0x12
STARTED, STDOUT, STDERR, EXIT = 0x20, 0x21, 0x22, 0x23
PUT, GET, FILE, DATA, END = 0x30, 0x31, 0x32, 0x33, 0x34
ERROR, PING, PONG = 0x7D, 0x7E, 0x7F
HEADER = struct.Struct('!BII')  # type, request id, payload length; big-endian
MAX_PAYLOAD = 1 << 20
CHUNK = 64 * 1024  # the most a STDIN or DATA frame may carry
REQUEST = 1  # this client runs one request per connection, so one id is enough


def fail(message):
    sys.exit('rsp_client: ' + message)


class Connection:
    """An authenticated RSP/1 connection. Sending is locked: exec's stdin thread sends too."""

    def __init__(self, url, token):
        target = urlsplit(url)
        if target.scheme != 'rsp' or not target.username:
            fail('target must look like rsp://USER@HOST:PORT')
        self.sock = socket.create_connection((target.hostname, target.port or 9900), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.settimeout(None)
        self.lock = threading.Lock()
        ftype, _, payload = self.read_frame()
        if ftype != HELLO:
            self.unexpected(ftype, payload)
        nonce = base64.b64decode(json.loads(payload)['nonce'])
        mac = hmac.new(token.strip().encode('utf-8'), nonce, hashlib.sha256).digest()
        self.send(AUTH, {'user': target.username, 'mac': base64.b64encode(mac).decode('ascii')}, request=0)
        ftype, _, payload = self.read_frame()
        if ftype != AUTH_OK:
            self.unexpected(ftype, payload)

    def recv_exactly(self, n):
        """One recv may return fewer bytes than asked: loop until we have them all."""
        buf = bytearray()
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                fail('the server closed the connection')
            buf += chunk
        return bytes(buf)

    def read_frame(self):
        ftype, request, length = HEADER.unpack(self.recv_exactly(HEADER.size))
        if length > MAX_PAYLOAD:  # never allocate by a length the peer announced before checking it
            fail('frame of %d bytes is over the 1 MiB limit' % length)
        return ftype, request, self.recv_exactly(length)

    def send(self, ftype, payload=b'', request=REQUEST):
        if isinstance(payload, dict):
            payload = json.dumps(payload).encode('utf-8')
        with self.lock:
            self.sock.sendall(HEADER.pack(ftype, request, len(payload)) + payload)  # one write per frame

    def receive(self):
        """The next frame of our request, answering the server's PINGs on the way."""
        while True:
            ftype, request, payload = self.read_frame()
            if ftype == PING:
                self.send(PONG, payload, request)
            elif ftype == ERROR or request == REQUEST:
                return ftype, payload

    @staticmethod
    def unexpected(ftype, payload):
        if ftype == ERROR:
            error = json.loads(payload)
            fail('%s: %s' % (error['code'], error['message']))
        fail('unexpected frame type 0x%02x' % ftype)


def forward_stdin(conn):
    try:
        for block in iter(lambda: os.read(0, CHUNK), b''):
            conn.send(STDIN, block)
        conn.send(STDIN_EOF)
    except OSError:
        pass  # the command ended and closed the connection: the rest of our input is not wanted


def run(conn, command):
    forward = not os.isatty(0)
    conn.send(EXEC, {'command': command, 'stdin': forward})
    if forward:
        threading.Thread(target=forward_stdin, args=(conn,), daemon=True).start()
    out, err = sys.stdout.buffer, sys.stderr.buffer
    while True:
        ftype, payload = conn.receive()
        if ftype == STDOUT:
            out.write(payload)
            out.flush()
        elif ftype == STDERR:
            err.write(payload)
            err.flush()
        elif ftype == EXIT:
            return json.loads(payload)['code']
        elif ftype != STARTED:
            conn.unexpected(ftype, payload)


def get(conn, remote, local):
    conn.send(GET, {'path': remote})
    ftype, payload = conn.receive()
    if ftype != FILE:
        conn.unexpected(ftype, payload)
    info = json.loads(payload)
    digest, size = hashlib.sha256(), 0
    tmp = tempfile.NamedTemporaryFile(dir=os.path.dirname(os.path.abspath(local)), prefix='.rsp-get-', delete=False)
    try:
        with tmp:
            while True:
                ftype, payload = conn.receive()
                if ftype == END:
                    break
                if ftype != DATA:
                    conn.unexpected(ftype, payload)
                tmp.write(payload)
                digest.update(payload)
                size += len(payload)
        if size != info['size'] or digest.hexdigest() != json.loads(payload)['sha256']:
            fail('%s arrived damaged (%d of %d bytes, or a wrong SHA-256); nothing was written' % (remote, size, info['size']))
        os.chmod(tmp.name, int(info['mode'], 8))
        os.replace(tmp.name, local)
    finally:
        if os.path.exists(tmp.name):
            os.unlink(tmp.name)
    return 0


def put(conn, local, remote):
    with open(local, 'rb') as f:
        size, mode = os.fstat(f.fileno()).st_size, os.fstat(f.fileno()).st_mode & 0o777
        conn.send(PUT, {'path': remote, 'size': size, 'mode': '%04o' % mode})
        digest = hashlib.sha256()
        for block in iter(lambda: f.read(CHUNK), b''):
            conn.send(DATA, block)
            digest.update(block)
    conn.send(END, {'sha256': digest.hexdigest()})
    ftype, payload = conn.receive()  # the server's END once the file is in place, or an ERROR
    if ftype != END:
        conn.unexpected(ftype, payload)
    if json.loads(payload)['sha256'] != digest.hexdigest():
        fail('the server stored other bytes than we sent to %s' % remote)
    return 0


def main(argv):
    actions = {'exec': (run, 5), 'get': (get, 6), 'put': (put, 6)}
    if len(argv) < 2 or argv[1] not in actions or len(argv) != actions[argv[1]][1]:
        sys.exit(__doc__.strip())
    action = actions[argv[1]][0]
    with open(argv[3], encoding='utf-8') as f:
        token = f.read()
    conn = Connection(argv[2], token)
    try:
        return action(conn, *argv[4:])
    finally:
        conn.sock.close()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
