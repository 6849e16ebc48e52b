"""exec_command as scripts use it: output read whole or by lines, stderr apart, exit statuses,
environment, a pty, a timeout, stdin; then many commands on one connection, in a row and at once,
and an interactive shell."""
import os
import socket
import threading
import time

from compat_target import main, scenario
from paramiko_login import connect


@scenario
def read(target):
    with connect(target) as client:
        _, stdout, _ = client.exec_command('echo hello; echo world')
        return {'stdout': stdout.read().decode(), 'status': stdout.channel.recv_exit_status()}


@scenario
def readlines(target):
    with connect(target) as client:
        _, stdout, _ = client.exec_command("printf 'one\\ntwo\\nthree\\n'")
        return {'lines': stdout.readlines()}


@scenario
def stderr_apart(target):
    with connect(target) as client:
        _, stdout, stderr = client.exec_command('echo to-out; echo to-err >&2; echo more-out')
        return {'stdout': stdout.read().decode(), 'stderr': stderr.read().decode()}


@scenario
def exit_statuses(target):
    with connect(target) as client:
        statuses = {}
        for command in ('true', 'false', 'exit 44'):
            _, stdout, _ = client.exec_command(command)
            statuses[command] = stdout.channel.recv_exit_status()
        return statuses


@scenario
def environment(target):
    with connect(target) as client:
        _, stdout, _ = client.exec_command(
            'echo "LANG=$LANG"; echo "LC_MESSAGES=$LC_MESSAGES"; echo "NOT_ACCEPTED=${RSHELL_NOT_ACCEPTED-unset}"',
            environment={'LANG': 'de_DE.UTF-8', 'LC_MESSAGES': 'fr_FR.UTF-8', 'RSHELL_NOT_ACCEPTED': 'leaked'})
        return {'lines': stdout.read().decode().splitlines()}


@scenario
def pty(target):
    with connect(target) as client:
        _, stdout, _ = client.exec_command('tty', get_pty=True)
        with_pty = stdout.read().decode().strip()
        with_pty_status = stdout.channel.recv_exit_status()
        _, stdout, _ = client.exec_command('tty')
        without = stdout.read().decode().strip()
        return {'tty': with_pty, 'tty_status': with_pty_status, 'without_pty': without,
                'without_pty_status': stdout.channel.recv_exit_status()}


@scenario
def timeout(target):
    with connect(target) as client:
        _, stdout, _ = client.exec_command('echo $$; exec sleep 300', timeout=1.5)
        pid = stdout.readline().strip()
        started = time.monotonic()
        try:
            stdout.read()
            raised = None
        except socket.timeout:
            raised = 'socket.timeout'
        waited = time.monotonic() - started
        stdout.channel.close()  # what a script does after giving up: the server must end the command
        _, after, _ = client.exec_command('echo connection-still-usable')
        return {'pid': int(pid), 'raised': raised, 'waited_s': waited, 'after': after.read().decode()}


@scenario
def stdin_shutdown_write(target):
    with connect(target) as client:
        stdin, stdout, _ = client.exec_command('tr a-z A-Z; echo "(input ended)"')
        stdin.write('hello paramiko\nsecond line\n')
        stdin.flush()
        stdin.channel.shutdown_write()
        return {'stdout': stdout.read().decode(), 'status': stdout.channel.recv_exit_status()}


@scenario
def sequential_100(target):
    with connect(target) as client:
        wrong = []
        started = time.monotonic()
        for i in range(100):
            _, stdout, _ = client.exec_command('echo %d' % i)
            out, status = stdout.read().decode(), stdout.channel.recv_exit_status()
            if out != '%d\n' % i or status != 0:
                wrong.append({'i': i, 'stdout': out, 'status': status})
        elapsed = time.monotonic() - started
        return {'commands': 100, 'wrong': wrong, 'ms_per_exec': elapsed * 1000 / 100}


@scenario
def concurrent_8(target):
    """Each command waits until all eight have started, so they only finish if they really run at once."""
    barrier = os.path.join(target.files, 'barrier-%d' % os.getpid())
    command = ('mkdir -p {d} && touch {d}/%d && while [ "$(ls {d} | wc -l)" -lt 8 ]; do sleep 0.05; done; '
               'echo done-%d').format(d=barrier)
    results = {}
    with connect(target) as client:
        def run(i):
            try:
                _, stdout, _ = client.exec_command(command % (i, i), timeout=30)
                results[i] = {'stdout': stdout.read().decode(), 'status': stdout.channel.recv_exit_status()}
            except Exception as e:  # reported, not lost in a thread
                results[i] = {'error': repr(e)}

        threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return {'barrier': barrier, 'results': {str(i): results.get(i) for i in range(8)}}


def read_until(channel, text, seconds=20):
    """Reads a shell's output until `text` shows up; any recv that waits longer than `seconds` fails."""
    channel.settimeout(seconds)
    seen = ''
    while text not in seen:
        data = channel.recv(4096)
        if not data:
            break
        seen += data.decode(errors='replace')
    return seen


@scenario
def invoke_shell(target):
    with connect(target) as client:
        shell = client.invoke_shell()
        shell.send('echo marker-$((6*7))\n')
        seen = read_until(shell, 'marker-42')
        shell.send('exit 3\n')
        return {'saw_marker': 'marker-42' in seen, 'status': shell.recv_exit_status()}


# Assorted exit statuses, as the ControlMaster test runs them: silent, with output, with more output
# than one channel window, and deaths by signal (128 + N, as rshelld reports them).
ASSORTED = [('exit 3', 3), ('true', 0), ('echo hi', 0), ('false', 1), ('exit 255', 255),
            ('echo out; echo err >&2; exit 7', 7), ('kill -TERM $$', 143), ('kill -KILL $$', 137),
            ('head -c 300000 /dev/zero; exit 5', 5), ('printf x; exit 1', 1)]


@scenario
def assorted_500(target):
    """500 exec_commands on one connection, five channels open at a time (five threads of 100 in a row)."""
    wrong = []
    with connect(target) as client:
        def run(t):
            for i in range(t * 100, t * 100 + 100):
                command, expected = ASSORTED[i % len(ASSORTED)]
                try:
                    _, stdout, _ = client.exec_command(command, timeout=60)
                    stdout.read()
                    status = stdout.channel.recv_exit_status()
                except Exception as e:  # reported, not lost in a thread
                    status = repr(e)
                if status != expected:
                    wrong.append({'i': i, 'command': command, 'status': status, 'expected': expected})

        threads = [threading.Thread(target=run, args=(t,)) for t in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return {'commands': 500, 'wrong': wrong}


@scenario
def eleven_sessions(target):
    """Ten sessions held open (each runs cat on an open stdin), an eleventh refused, then a freed slot reused."""
    import paramiko
    with connect(target) as client:
        transport = client.get_transport()
        held = []
        for _ in range(10):
            channel = transport.open_session(timeout=20)
            channel.exec_command('cat')
            held.append(channel)
        try:
            transport.open_session(timeout=20)
            refused = None
        except paramiko.ChannelException as e:
            refused = {'code': e.code, 'text': e.text}
        held.pop().close()
        _, stdout, _ = client.exec_command('echo after-one-closed')
        after = stdout.read().decode()
        status = stdout.channel.recv_exit_status()
        for channel in held:
            channel.shutdown_write()
        statuses = [channel.recv_exit_status() for channel in held]
        return {'refused': refused, 'after': after, 'after_status': status, 'held_statuses': statuses}


if __name__ == '__main__':
    main()
