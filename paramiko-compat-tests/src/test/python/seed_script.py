"""The script this project started from, kept as it was written (only its login details come from
the test server's description): read commands, run each with exec_command, print the lines.
Fed from a pipe, it ends at end of input."""
import sys

import paramiko

from compat_target import load_target

target = load_target(sys.argv[1])
client = paramiko.SSHClient()
client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
client.connect(target.host, port=target.ssh_port, username=target.user, password=target.password,
               look_for_keys=False, allow_agent=False)

while True:
    try:
        command = input('$ ')
    except EOFError:
        break
    stdin, stdout, stderr = client.exec_command(command)
    print(stdout.readlines())

client.close()
