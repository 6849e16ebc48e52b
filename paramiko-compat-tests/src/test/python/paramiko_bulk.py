"""Data bigger than paramiko's 2 MiB channel window, both ways, over exec_command."""
import hashlib
import os
import time

from compat_target import main, scenario
from paramiko_login import connect
from payloads import CHUNK, write_random_file


@scenario
def big_output(target, remote_path):
    """`cat` of a big server file, hashed as it streams in (never held in memory)."""
    with connect(target) as client:
        _, stdout, _ = client.exec_command('cat ' + remote_path)
        digest, size = hashlib.sha256(), 0
        started = time.monotonic()
        for block in iter(lambda: stdout.read(CHUNK), b''):
            digest.update(block)
            size += len(block)
        seconds = time.monotonic() - started
        return {'bytes': size, 'sha256': digest.hexdigest(), 'status': stdout.channel.recv_exit_status(),
                'seconds': seconds, 'mb_per_s': size / 1e6 / seconds}


@scenario
def big_input(target, remote_path, size):
    """Writes `size` random bytes to a command's stdin; the command stores them and hashes what it got."""
    local = os.path.join(target.scratch, 'big-input.bin')
    local_sha = write_random_file(local, int(size))
    with connect(target) as client:
        stdin, stdout, _ = client.exec_command('cat > %s && sha256sum %s' % (remote_path, remote_path))
        with open(local, 'rb') as f:
            for block in iter(lambda: f.read(CHUNK), b''):
                stdin.write(block)
        stdin.channel.shutdown_write()
        remote_sha = stdout.read().decode().split(' ')[0]
        return {'local_sha256': local_sha, 'remote_sha256': remote_sha, 'status': stdout.channel.recv_exit_status()}


if __name__ == '__main__':
    main()
