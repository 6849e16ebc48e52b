"""The login every paramiko scenario after the authentication ones uses: the Ed25519 key, and the
server's host key checked against the fixture's known_hosts (RejectPolicy: no trust on first use)."""
import paramiko


def connect(target, **options):
    client = paramiko.SSHClient()
    client.load_host_keys(target.known_hosts)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(target.host, port=target.ssh_port, username=target.user, key_filename=target.ed25519_key,
                   look_for_keys=False, allow_agent=False, timeout=20, **options)
    return client
