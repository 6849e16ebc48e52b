#!/usr/bin/env python3
"""Measures paramiko against a running SSH server (rshelld or any other, for comparison):
milliseconds per exec_command on one connection, and MB/s of a big command output.

usage: paramiko_bench.py [--host H] [--port P] [--user U] [--key FILE] [--execs N] [--bytes N]

A measurement, not a test: it prints figures and asserts nothing about them. exec_command is
timed twice: on paramiko's own socket, as scripts use it, and on a socket with TCP_NODELAY,
since paramiko leaves Nagle's algorithm on and each exec_command then waits for delayed ACKs."""
import argparse
import getpass
import os
import socket
import time

import paramiko


def connect(args, nodelay):
    sock = socket.create_connection((args.host, args.port), timeout=20)
    if nodelay:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.WarningPolicy())
    client.connect(args.host, port=args.port, username=args.user, key_filename=args.key, sock=sock,
                   look_for_keys=False, allow_agent=False)
    return client


def ms_per_exec(client, count):
    client.exec_command('true')[1].channel.recv_exit_status()  # warm-up: the server's first command is slower
    started = time.monotonic()
    for _ in range(count):
        _, stdout, _ = client.exec_command('true')
        stdout.read()
        if stdout.channel.recv_exit_status() != 0:
            raise SystemExit('`true` failed on the server')
    return (time.monotonic() - started) * 1000 / count


def output_mb_per_s(client, size):
    _, stdout, _ = client.exec_command('head -c %d /dev/zero' % size)
    started, received = time.monotonic(), 0
    for block in iter(lambda: stdout.read(1 << 20), b''):
        received += len(block)
    seconds = time.monotonic() - started
    if received != size or stdout.channel.recv_exit_status() != 0:
        raise SystemExit('expected %d bytes of output, got %d' % (size, received))
    return size / 1e6 / seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=2222)
    parser.add_argument('--user', default=getpass.getuser())
    parser.add_argument('--key', default=os.path.expanduser('~/.ssh/id_ed25519'))
    parser.add_argument('--execs', type=int, default=200)
    parser.add_argument('--bytes', type=int, default=50_000_000)
    args = parser.parse_args()
    print('paramiko %s against %s:%d' % (paramiko.__version__, args.host, args.port))
    with connect(args, nodelay=False) as client:
        print('exec_command, one connection:          %6.1f ms each (%d runs of `true`)'
              % (ms_per_exec(client, args.execs), args.execs))
        print('output of %d MB, one channel:          %6.1f MB/s' % (args.bytes // 1_000_000, output_mb_per_s(client, args.bytes)))
    with connect(args, nodelay=True) as client:
        print('exec_command, socket with TCP_NODELAY:  %6.1f ms each' % ms_per_exec(client, args.execs))


if __name__ == '__main__':
    main()
