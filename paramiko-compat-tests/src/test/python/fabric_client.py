"""Fabric 2: Connection.run, put and get, as a deploy script uses them (no sudo)."""
import os

from fabric import Connection

from compat_target import main, scenario


@scenario
def run_put_get(target):
    local = os.path.join(target.scratch, 'fabric-up.txt')
    with open(local, 'w') as f:
        f.write('put by fabric\n')
    downloaded = os.path.join(target.scratch, 'fabric-down.txt')
    connection = Connection(target.host, port=target.ssh_port, user=target.user,
                            connect_kwargs={'key_filename': target.ed25519_key, 'look_for_keys': False,
                                            'allow_agent': False})
    with connection as c:
        ok = c.run('echo "fabric on $(uname -s)"', hide=True)
        failed = c.run('echo before-failing >&2; exit 7', hide=True, warn=True)
        uploaded = c.put(local, remote='/fabric-up.txt')
        fetched = c.get('/fabric-down.txt', local=downloaded)
    with open(downloaded) as f:
        content = f.read()
    return {'stdout': ok.stdout, 'exited': ok.exited, 'ok': ok.ok,
            'failed_exited': failed.exited, 'failed_stderr': failed.stderr, 'failed_ok': failed.ok,
            'put_remote': uploaded.remote, 'get_local': fetched.local, 'downloaded': content}


if __name__ == '__main__':
    main()
