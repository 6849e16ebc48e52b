"""asyncssh, the asyncio SSH client: connect, run, exit status, stdin, SFTP."""
import asyncio
import hashlib
import os
import warnings

# Debian's asyncssh 2.10 imports ciphers that its newer python3-cryptography deprecates; the
# warnings say nothing about this server and would clutter the test report.
warnings.simplefilter('ignore')
import asyncssh  # noqa: E402

from compat_target import main, scenario  # noqa: E402


def login(target):
    return asyncssh.connect(target.host, port=target.ssh_port, username=target.user,
                            client_keys=[target.ed25519_key], known_hosts=target.known_hosts, agent_path=None)


async def session(target):
    async with login(target) as conn:
        ok = await conn.run('echo "hello from $(uname -s)"; echo to-err >&2')
        failed = await conn.run('exit 44')
        upper = await conn.run('tr a-z A-Z', input='asyncio stdin\n')
        local = os.path.join(target.scratch, 'async-up.txt')
        with open(local, 'w') as f:
            f.write('put by asyncssh\n')
        async with conn.start_sftp_client() as sftp:
            await sftp.put(local, '/async-up.txt')
            await sftp.get('/async-down.txt', os.path.join(target.scratch, 'async-down.txt'))
            listing = sorted(await sftp.listdir('/'))
        with open(os.path.join(target.scratch, 'async-down.txt')) as f:
            downloaded = f.read()
        return {'stdout': ok.stdout, 'stderr': ok.stderr, 'status': ok.exit_status,
                'failed_status': failed.exit_status, 'stdin_echo': upper.stdout,
                'listing': listing, 'downloaded': downloaded}


@scenario
def run_and_sftp(target):
    return asyncio.run(session(target))


async def chacha_echo(target):
    """8 MiB of random bytes through `cat` and back, with chacha20-poly1305 only: both directions' digests."""
    data = os.urandom(8 << 20)
    async with asyncssh.connect(target.host, port=target.ssh_port, username=target.user,
                                client_keys=[target.ed25519_key], known_hosts=target.known_hosts, agent_path=None,
                                encryption_algs=['chacha20-poly1305@openssh.com']) as conn:
        echoed = await conn.run('cat', input=data, encoding=None)
        return {'send_cipher': conn.get_extra_info('send_cipher'), 'recv_cipher': conn.get_extra_info('recv_cipher'),
                'status': echoed.exit_status,
                'sent_sha256': hashlib.sha256(data).hexdigest(), 'echoed_sha256': hashlib.sha256(echoed.stdout).hexdigest(),
                'echoed_bytes': len(echoed.stdout)}


@scenario
def chacha20_echo(target):
    return asyncio.run(chacha_echo(target))


if __name__ == '__main__':
    main()
