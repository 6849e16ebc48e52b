#!/usr/bin/env python3
"""usage: rsp_client.py [--fingerprint SHA256:...] exec TARGET TOKEN_FILE COMMAND
       rsp_client.py [--fingerprint SHA256:...] get  TARGET TOKEN_FILE REMOTE_PATH LOCAL_PATH
       rsp_client.py [--fingerprint SHA256:...] put  TARGET TOKEN_FILE LOCAL_PATH REMOTE_PATH

TARGET is rsp://USER@HOST[:PORT] (plain TCP, port 9900; for loopback) or rsps://USER@HOST[:PORT]
(RSP/1 inside TLS 1.3, port 9901), which needs --fingerprint: the server key's fingerprint as
`rshelld fingerprint` prints it. The connection is refused unless the server presents that key.

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
import selectors
import socket
import ssl
import struct
import sys
import tempfile
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


def frame(ftype, payload=b'', request=REQUEST):
    """One frame as it goes on the wire: header and payload (a dict is sent as JSON)."""
    if isinstance(payload, dict):
        payload = json.dumps(payload).encode('utf-8')
    return HEADER.pack(ftype, request, len(payload)) + payload


class Connection:
    """An authenticated RSP/1 (or rsps) connection, used by one thread only."""

    def __init__(self, url, token, fingerprint=None):
        target = urlsplit(url)
        if target.scheme not in ('rsp', 'rsps') or not target.username:
            fail('target must look like rsp://USER@HOST:PORT or rsps://USER@HOST:PORT')
        if target.scheme == 'rsps' and not fingerprint:
            fail('rsps:// needs --fingerprint SHA256:... (the server\'s administrator prints it with: rshelld fingerprint)')
        port = target.port or (9901 if target.scheme == 'rsps' else 9900)
        self.sock = socket.create_connection((target.hostname, port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        binding = b''
        if target.scheme == 'rsps':
            self.sock, binding = secure(self.sock, target.hostname, port, fingerprint)
        self.sock.settimeout(None)
        ftype, _, payload = self.read_frame()
        if ftype != HELLO:
            self.unexpected(ftype, payload)
        hello = json.loads(payload)
        if binding and hello.get('binding') != 'tls-server-end-point':
            fail('the server does not check the TLS channel binding; is it an rshelld rsps port?')
        nonce = base64.b64decode(hello['nonce'])
        # Over TLS the mac also covers the certificate we saw, so a relay with a certificate of its own gets nowhere.
        mac = hmac.new(token.strip().encode('utf-8'), nonce + binding, hashlib.sha256).digest()
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
        self.sock.sendall(frame(ftype, payload, request))  # one write per frame

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


def der_element(der, offset):
    """(start of contents, end of element) of the DER element at offset: tag byte, then a short or long length."""
    length, start = der[offset + 1], offset + 2
    if length & 0x80:
        count = length & 0x7F
        length, start = int.from_bytes(der[start:start + count], 'big'), start + count
    return start, start + length


def subject_public_key_info(cert):
    """The SubjectPublicKeyInfo of a DER certificate: the 7th element of tbsCertificate, or the 6th without a version."""
    tbs, _ = der_element(cert, 0)  # Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
    offset, _ = der_element(cert, tbs)
    if cert[offset] == 0xA0:  # [0] EXPLICIT version
        offset = der_element(cert, offset)[1]
    for _ in range(5):  # serialNumber, signature, issuer, validity, subject
        offset = der_element(cert, offset)[1]
    return cert[offset:der_element(cert, offset)[1]]


def secure(sock, host, port, fingerprint):
    """TLS 1.3 around sock; the server key must have the pinned fingerprint. Returns the TLS socket and the binding."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.check_hostname = False  # no chains or names: the pin is the trust
    context.verify_mode = ssl.CERT_NONE
    try:
        tls = context.wrap_socket(sock, server_hostname=host)
    except (ssl.SSLError, OSError) as e:
        fail('TLS 1.3 handshake with %s:%d failed (%s); is it an rshelld rsps port?' % (host, port, e))
    cert = tls.getpeercert(binary_form=True)
    spki = hashlib.sha256(subject_public_key_info(cert)).digest()
    seen = 'SHA256:' + base64.b64encode(spki).decode('ascii').rstrip('=')
    if seen != fingerprint:
        fail('WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! [%s]:%d presents key %s, not the pinned %s;'
             ' refusing to connect' % (host, port, seen, fingerprint))
    return tls, hashlib.sha256(cert).digest()


def run(conn, command):
    """EXEC in one thread: select() over the socket and our stdin, so a TLS socket is never used by two threads at
    once (an OpenSSL connection must not be), and sending stdin never stops us reading the command's output."""
    forward = not os.isatty(0)
    conn.send(EXEC, {'command': command, 'stdin': forward})
    out, err = sys.stdout.buffer, sys.stderr.buffer
    sock, inbox, outbox, inflight = conn.sock, bytearray(), bytearray(), b''
    sock.setblocking(False)
    selector = selectors.SelectSelector()  # select(), unlike epoll, also takes a regular file as stdin
    while True:
        while len(inbox) >= HEADER.size:  # every whole frame received so far
            ftype, request, length = HEADER.unpack_from(inbox)
            if length > MAX_PAYLOAD:
                fail('frame of %d bytes is over the 1 MiB limit' % length)
            if len(inbox) < HEADER.size + length:
                break
            payload = bytes(inbox[HEADER.size:HEADER.size + length])
            del inbox[:HEADER.size + length]
            if ftype == PING:
                outbox += frame(PONG, payload, request)
            elif ftype == STDOUT and request == REQUEST:
                out.write(payload)
                out.flush()
            elif ftype == STDERR and request == REQUEST:
                err.write(payload)
                err.flush()
            elif ftype == EXIT and request == REQUEST:
                return json.loads(payload)['code']
            elif ftype != STARTED:
                conn.unexpected(ftype, payload)
        selector.register(sock, selectors.EVENT_READ | (selectors.EVENT_WRITE if inflight or outbox else 0))
        want_stdin = forward and len(outbox) < 4 * CHUNK  # read our stdin only as fast as the server takes it
        if want_stdin:
            selector.register(0, selectors.EVENT_READ)
        # Bytes TLS already decrypted are not on the socket any more: select() would not see them.
        pending = getattr(sock, 'pending', lambda: 0)()
        ready = {key.fd: mask for key, mask in selector.select(0 if pending else None)}
        selector.unregister(sock)
        if want_stdin:
            selector.unregister(0)
        if 0 in ready:
            block = os.read(0, CHUNK)
            outbox += frame(STDIN, block) if block else frame(STDIN_EOF)
            forward = bool(block)
        if ready.get(sock.fileno(), 0) & selectors.EVENT_WRITE:
            if not inflight:  # TLS wants a retried write to be the very same bytes
                inflight, outbox[:] = bytes(outbox[:CHUNK + HEADER.size]), outbox[CHUNK + HEADER.size:]
            try:
                inflight = inflight[sock.send(inflight):]
            except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                pass
        if pending or ready.get(sock.fileno(), 0) & selectors.EVENT_READ:
            try:
                data = sock.recv(4 * CHUNK)
            except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                continue
            if not data:
                fail('the server closed the connection')
            inbox += data


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
    fingerprint = None
    if len(argv) > 2 and argv[1] == '--fingerprint':
        fingerprint, argv = argv[2], argv[:1] + argv[3:]
    actions = {'exec': (run, 5), 'get': (get, 6), 'put': (put, 6)}
    if len(argv) < 2 or argv[1] not in actions or len(argv) != actions[argv[1]][1]:
        sys.exit(__doc__.strip())
    action = actions[argv[1]][0]
    with open(argv[3], encoding='utf-8') as f:
        token = f.read()
    conn = Connection(argv[2], token, fingerprint)
    try:
        return action(conn, *argv[4:])
    finally:
        conn.sock.close()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
