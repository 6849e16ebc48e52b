"""open_sftp() as deploy scripts use it, and files bigger than the channel window both ways."""
import os
import posixpath
import time

from compat_target import main, scenario
from paramiko_login import connect
from payloads import sha256_of_file, write_random_file


@scenario
def sftp_operations(target):
    """Every everyday SFTP call, in the order a deploy script makes them. Paths are SFTP paths."""
    local = os.path.join(target.scratch, 'hello.txt')
    with open(local, 'w') as f:
        f.write('hello over sftp\n')
    facts = {}
    with connect(target) as client, client.open_sftp() as sftp:
        sftp.mkdir('/deploy')
        sftp.put(local, '/deploy/hello.txt')
        facts['size_after_put'] = sftp.stat('/deploy/hello.txt').st_size
        facts['listdir_after_put'] = sorted(sftp.listdir('/deploy'))
        sftp.rename('/deploy/hello.txt', '/deploy/renamed.txt')
        facts['listdir_after_rename'] = sorted(sftp.listdir('/deploy'))
        back = os.path.join(target.scratch, 'back.txt')
        sftp.get('/deploy/renamed.txt', back)
        with open(back) as f:
            facts['got_back'] = f.read()
        sftp.put(local, '/kept.txt')  # left behind on purpose: the test reads it on the server's disk
        sftp.remove('/deploy/renamed.txt')
        facts['listdir_after_remove'] = sftp.listdir('/deploy')
        sftp.rmdir('/deploy')
        facts['root_after_rmdir'] = sorted(sftp.listdir('/'))
        try:
            sftp.stat('/deploy')
            facts['stat_after_rmdir'] = 'exists'
        except FileNotFoundError:
            facts['stat_after_rmdir'] = 'FileNotFoundError'
    return facts


@scenario
def sftp_big_both_ways(target, download_path, upload_path, size):
    """A big file down and another up; the SFTP paths are posix paths under the server's SFTP root."""
    downloaded = os.path.join(target.scratch, posixpath.basename(download_path))
    upload = os.path.join(target.scratch, 'sftp-upload.bin')
    upload_sha = write_random_file(upload, int(size))
    with connect(target) as client, client.open_sftp() as sftp:
        started = time.monotonic()
        sftp.get(download_path, downloaded)
        down_seconds = time.monotonic() - started
        started = time.monotonic()
        attrs = sftp.put(upload, upload_path)
        up_seconds = time.monotonic() - started
    return {'downloaded_sha256': sha256_of_file(downloaded), 'downloaded_bytes': os.path.getsize(downloaded),
            'uploaded_sha256': upload_sha, 'uploaded_size_on_server': attrs.st_size,
            'down_mb_per_s': int(size) / 1e6 / down_seconds, 'up_mb_per_s': int(size) / 1e6 / up_seconds}


if __name__ == '__main__':
    main()
