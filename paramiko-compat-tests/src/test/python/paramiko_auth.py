"""How paramiko users log in: key file, key object (Ed25519, RSA), password, and host key policies."""
import paramiko

from compat_target import main, scenario


def logged_in_output(client):
    """Proves the login is usable: the server runs a command for it."""
    _, stdout, _ = client.exec_command('echo logged-in')
    return stdout.read().decode()


def connect_auto_add(target, **credentials):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(target.host, port=target.ssh_port, username=target.user, timeout=20, **credentials)
    return client


@scenario
def key_filename(target):
    with connect_auto_add(target, key_filename=target.ed25519_key, look_for_keys=False, allow_agent=False) as client:
        return {'output': logged_in_output(client)}


@scenario
def pkey_ed25519(target):
    key = paramiko.Ed25519Key.from_private_key_file(target.ed25519_key)
    with connect_auto_add(target, pkey=key, look_for_keys=False, allow_agent=False) as client:
        return {'key_type': key.get_name(), 'output': logged_in_output(client)}


@scenario
def pkey_rsa(target):
    key = paramiko.RSAKey.from_private_key_file(target.rsa_key)
    with connect_auto_add(target, pkey=key, look_for_keys=False, allow_agent=False) as client:
        return {'key_type': key.get_name(), 'output': logged_in_output(client)}


@scenario
def password(target):
    with connect_auto_add(target, password=target.password, look_for_keys=False, allow_agent=False) as client:
        return {'output': logged_in_output(client)}


@scenario
def wrong_password(target):
    try:
        connect_auto_add(target, password='not ' + target.password, look_for_keys=False, allow_agent=False).close()
        return {'raised': None}
    except paramiko.AuthenticationException as e:
        return {'raised': type(e).__name__, 'is_authentication_exception': True, 'message': str(e)}


@scenario
def reject_unknown_host(target):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    try:
        client.connect(target.host, port=target.ssh_port, username=target.user, key_filename=target.ed25519_key,
                       look_for_keys=False, allow_agent=False, timeout=20)
        return {'raised': None}
    except paramiko.SSHException as e:
        return {'raised': type(e).__name__, 'message': str(e)}
    finally:
        client.close()


@scenario
def reject_policy_known_host(target):
    client = paramiko.SSHClient()
    client.load_host_keys(target.known_hosts)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    with client:
        client.connect(target.host, port=target.ssh_port, username=target.user, key_filename=target.ed25519_key,
                       look_for_keys=False, allow_agent=False, timeout=20)
        host_key = client.get_transport().get_remote_server_key()
        return {'host_key_type': host_key.get_name(), 'output': logged_in_output(client)}


if __name__ == '__main__':
    main()
