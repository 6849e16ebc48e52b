#!/usr/bin/env python3
"""Prints the worked example of rsps channel binding that docs/PROTOCOL.md shows, computed, not typed.

usage: rsps_binding_example.py        (prints the Markdown between the markers in docs/PROTOCOL.md)

The inputs are fixed so the output never changes: the token and nonce of the plain worked exchange and an example
P-256 self-signed certificate like the one rshelld makes. The computation is the one rsp_client.py performs."""
import base64
import hashlib
import hmac
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
from rsp_client import subject_public_key_info  # noqa: E402  (the client's own code, so the example is what it does)

TOKEN = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
NONCE = bytes(range(32))
CERTIFICATE = '''
MIIBejCCASGgAwIBAgIUCdivggtllZd6+MagQMvagJnOhTcwCgYIKoZIzj0EAwIw
EjEQMA4GA1UEAwwHcnNoZWxsZDAgFw0yNjEyMDEyMzA3MzBaGA8yMTI2MTEwNzIz
MDczMFowEjEQMA4GA1UEAwwHcnNoZWxsZDBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABLDkqDLRj0x7C7FGBHvPgxIfafROGEmwTDK8QrfELbRTAywKPw2sS7lZN9sB
9lyhg+QndK0dx8injRV3RQwe0tOjUzBRMB0GA1UdDgQWBBRuWaxQ5qo7VHN71LYP
V6Vu3bHd8zAfBgNVHSMEGDAWgBRuWaxQ5qo7VHN71LYPV6Vu3bHd8zAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIAG0EJ4nlS77qAxae+8kFLrbdOE+
4GlNAA44QxZqEOGrAiB10WnEgbPC4G9lnr7MdBdOErD/t1ynfsfw6wkvWKG3jQ==
'''


def hexlines(data, indent=''):
    return '\n'.join(indent + ' '.join('%02x' % b for b in data[i:i + 16]) for i in range(0, len(data), 16))


def main():
    der = base64.b64decode(''.join(CERTIFICATE.split()))
    spki = subject_public_key_info(der)
    fingerprint = 'SHA256:' + base64.b64encode(hashlib.sha256(spki).digest()).decode().rstrip('=')
    binding = hashlib.sha256(der).digest()
    mac = base64.b64encode(hmac.new(TOKEN.encode(), NONCE + binding, hashlib.sha256).digest()).decode()
    plain = base64.b64encode(hmac.new(TOKEN.encode(), NONCE, hashlib.sha256).digest()).decode()
    hello = json.dumps({'protocol': 'rsp/1', 'server': 'rshelld 0.1.0', 'auth': ['token'],
                        'nonce': base64.b64encode(NONCE).decode(), 'binding': 'tls-server-end-point'},
                       separators=(',', ':'))
    auth = json.dumps({'user': 'alice', 'mac': mac}, separators=(',', ':'))
    print('The same user, token and nonce as the plain exchange above, over TLS with the server certificate below')
    print('(`getpeercert(binary_form=True)` in Python; %d bytes of DER, shown as PEM):' % len(der))
    print('```')
    print('-----BEGIN CERTIFICATE-----' + CERTIFICATE.rstrip() + '\n-----END CERTIFICATE-----')
    print('```')
    print('1. Its SubjectPublicKeyInfo (the 7th element of tbsCertificate), %d bytes:' % len(spki))
    print('   ```')
    print(hexlines(spki, '   '))
    print('   ```')
    print('   and the fingerprint a client pins, `SHA256:` + unpadded base64 of its SHA-256:')
    print('   `%s`.' % fingerprint)
    print('2. The channel binding, SHA-256 of the whole certificate DER (32 bytes):')
    print('   ```')
    print(hexlines(binding, '   '))
    print('   ```')
    print('3. HELLO announces it:')
    print('   ```')
    print('   ' + hello)
    print('   ```')
    print('4. The MAC covers the nonce followed by the binding, 64 bytes:')
    print('   `hmac.new(token.encode(), nonce + binding, hashlib.sha256)`, so AUTH is')
    print('   ```')
    print('   ' + auth)
    print('   ```')
    print('   (over plain TCP the same token and nonce give `%s`; a server on TLS refuses that).' % plain)


if __name__ == '__main__':
    main()
