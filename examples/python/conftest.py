"""pytest fixture `rshelld`: a real rshelld for your tests, the Python counterpart of the JUnit RshelldExtension.

Put this file next to your tests (or import the fixture from it) and ask for `rshelld`:

    def test_uname(rshelld):
        client = paramiko.SSHClient()
        client.load_host_keys(rshelld.known_hosts)          # the server's host key, checked strictly
        client.connect(rshelld.host, port=rshelld.ssh_port, username=rshelld.user, key_filename=rshelld.key_file)

Once per test session it starts `bin/rshelld` (or the command in the RSHELLD environment variable) in the
foreground with a temporary state directory, RSP/1, rsps and SSH on free loopback ports (read back from its log), and
a user `tester` with a fresh token and an Ed25519 key made by ssh-keygen; at the end it stops the server with
SIGTERM, as an operator would, and pytest removes the directory. Needs Java 17+, and OpenSSH's ssh-keygen.
"""

import os
import pathlib
import re
import shlex
import subprocess
import threading
import time

import pytest

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
START_LIMIT_SECONDS = 300  # the first bin/rshelld builds its jar
LISTENING = re.compile(r'(RSP/1|rsps|SSH)\b.* listening on (\S+):(\d+)')


class Rshelld:
    """Where the server is and how to log in: host, rsp_port, rsps_port, ssh_port, user, token, token_file,
    key_file (private, OpenSSH format), known_hosts (OpenSSH format, for paramiko's load_host_keys or ssh -o
    UserKnownHostsFile=...), state_dir and log (the server's output so far)."""

    def __init__(self, **fields):
        self.__dict__.update(fields)

    @property
    def rsp_url(self):
        return 'rsp://%s@%s:%d' % (self.user, self.host, self.rsp_port)

    @property
    def connect_kwargs(self):
        """For Fabric: Connection(rshelld.host, user=rshelld.user, port=rshelld.ssh_port, connect_kwargs=...)."""
        return {'key_filename': self.key_file, 'look_for_keys': False, 'allow_agent': False}

    def __repr__(self):
        return 'Rshelld(%s, rsp %d, ssh %d, user %s)' % (self.host, self.rsp_port, self.ssh_port, self.user)


def _command():
    return shlex.split(os.environ.get('RSHELLD', str(REPOSITORY / 'bin' / 'rshelld')))


def _run(args, **kwargs):
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    if done.returncode != 0:
        raise RuntimeError('%s failed (exit %d): %s' % (' '.join(args), done.returncode, done.stderr.strip()))
    return done.stdout


@pytest.fixture(scope='session')
def rshelld(tmp_path_factory):
    base = tmp_path_factory.mktemp('rshelld')
    state = base / 'state'
    user = 'tester'
    rshelld_cmd = _command()
    _run(rshelld_cmd + ['user', 'add', user, '--state-dir', str(state)])
    key = base / 'id_ed25519'
    _run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', user + '@pytest', '-f', str(key)])
    authorized = state / 'users' / user / 'authorized_keys'
    authorized.write_text((base / 'id_ed25519.pub').read_text())
    authorized.chmod(0o600)

    server = subprocess.Popen(rshelld_cmd + ['--state-dir', str(state), '--rsp-port', '0', '--rsps-port', '0',
                                             '--ssh-port', '0'],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log, ports, ready = [], {}, threading.Event()

    def read_log():
        # Drained until the server exits, so that it never blocks on a full pipe.
        for line in server.stderr:
            log.append(line)
            m = LISTENING.search(line)
            if m:
                ports[m.group(1)] = (m.group(2), int(m.group(3)))
                if len(ports) == 3:
                    ready.set()
        ready.set()

    threading.Thread(target=read_log, daemon=True).start()
    deadline = time.monotonic() + START_LIMIT_SECONDS
    while not ready.wait(1):
        if time.monotonic() > deadline:
            server.kill()
            raise RuntimeError('rshelld did not start within %d s:\n%s' % (START_LIMIT_SECONDS, ''.join(log)))
    if len(ports) < 3:
        server.wait(10)
        raise RuntimeError('rshelld exited with %s before listening:\n%s' % (server.returncode, ''.join(log)))
    try:
        host = ports['RSP/1'][0]
        host_key = _run(['ssh-keygen', '-y', '-f', str(state / 'ssh_host_ed25519_key')]).split()[:2]
        known_hosts = base / 'known_hosts'
        known_hosts.write_text('[%s]:%d %s\n' % (host, ports['SSH'][1], ' '.join(host_key)))
        token_file = state / 'users' / user / 'token'
        yield Rshelld(host=host, rsp_port=ports['RSP/1'][1], rsps_port=ports['rsps'][1], ssh_port=ports['SSH'][1],
                      user=user, token=token_file.read_text().strip(), token_file=str(token_file), key_file=str(key),
                      known_hosts=str(known_hosts), state_dir=str(state), log=log)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
