"""The `rshelld` fixture of conftest.py as paramiko, Fabric and rsp_client users meet it. Run: python3 -m pytest examples/python"""

import os
import sys

import fabric
import paramiko

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rsp_client import Connection, get, put, run  # noqa: E402


def test_paramiko_exec_checks_the_host_key_and_keeps_streams_and_status_apart(rshelld):
    client = paramiko.SSHClient()
    client.load_host_keys(rshelld.known_hosts)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(rshelld.host, port=rshelld.ssh_port, username=rshelld.user, key_filename=rshelld.key_file,
                   look_for_keys=False, allow_agent=False)
    try:
        _, stdout, stderr = client.exec_command('echo out; echo err >&2; exit 3')
        assert stdout.read() == b'out\n'
        assert stderr.read() == b'err\n'
        assert stdout.channel.recv_exit_status() == 3
    finally:
        client.close()


def test_rsp_client_runs_and_copies_files_with_the_token(rshelld, tmp_path, capfd):
    assert run(Connection(rshelld.rsp_url, rshelld.token), 'echo over rsp; exit 4') == 4
    assert 'over rsp\n' in capfd.readouterr().out
    local = tmp_path / 'local.txt'
    local.write_text('round trip\n')
    remote = str(tmp_path / 'on-the-server.txt')
    put(Connection(rshelld.rsp_url, rshelld.token), str(local), remote)
    get(Connection(rshelld.rsp_url, rshelld.token), remote, str(tmp_path / 'back.txt'))
    assert (tmp_path / 'back.txt').read_text() == 'round trip\n'


def test_fabric_connection(rshelld):
    with fabric.Connection(rshelld.host, user=rshelld.user, port=rshelld.ssh_port,
                           connect_kwargs=rshelld.connect_kwargs) as c:
        c.client.load_host_keys(rshelld.known_hosts)
        c.client.set_missing_host_key_policy(paramiko.RejectPolicy())
        result = c.run('echo hello from fabric', hide=True, in_stream=False)
    assert result.stdout == 'hello from fabric\n'
    assert result.exited == 0
