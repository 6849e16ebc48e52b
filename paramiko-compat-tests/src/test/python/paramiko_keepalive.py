"""Transport.set_keepalive against a server that closes idle connections.

The transport is a thread that ends when the connection does, so `transport.join(seconds)` both
watches an idle connection for that long and returns at once if the server drops it."""
import time

from compat_target import main, scenario
from paramiko_login import connect


@scenario
def idle_with_keepalive(target, idle_timeout_s):
    idle = float(idle_timeout_s)
    with connect(target) as client:
        transport = client.get_transport()
        transport.set_keepalive(idle / 4)
        started = time.monotonic()
        transport.join(3 * idle)
        watched = time.monotonic() - started
        alive = transport.is_active()
        output = client.exec_command('echo still-connected')[1].read().decode() if alive else None
        return {'alive_after_s': watched, 'alive': alive, 'output': output}


@scenario
def idle_without_keepalive(target, idle_timeout_s):
    idle = float(idle_timeout_s)
    with connect(target) as client:
        transport = client.get_transport()
        started = time.monotonic()
        transport.join(10 * idle)
        return {'alive': transport.is_active(), 'dropped_after_s': time.monotonic() - started}


if __name__ == '__main__':
    main()
