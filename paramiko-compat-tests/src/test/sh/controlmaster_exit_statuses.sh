#!/usr/bin/env bash
# What Ansible does by default: many commands over ONE OpenSSH ControlMaster connection. Runs COUNT
# commands with assorted exit statuses (0, 1, 3, 255, death by signal; silent, some output, more
# output than one channel window) and prints one line per command whose status ssh reported wrong,
# then "lost N of COUNT". The master is started by the first command and stopped at the end.
# usage: controlmaster_exit_statuses.sh PORT USER KEY KNOWN_HOSTS WORK_DIR COUNT
set -uo pipefail
port=$1 user=$2 key=$3 known_hosts=$4 work=$5 count=$6
opts=(-F /dev/null -o UserKnownHostsFile="$known_hosts" -o StrictHostKeyChecking=yes -o BatchMode=yes
  -o IdentitiesOnly=yes -o ConnectTimeout=20 -i "$key" -p "$port"
  -o ControlMaster=auto -o ControlPath="$work/cm-%C" -o ControlPersist=120)
commands=('exit 3' 'true' 'echo hi' 'false' 'exit 255' 'echo out; echo err >&2; exit 7'
  'kill -TERM $$' 'kill -KILL $$' 'head -c 300000 /dev/zero; exit 5' 'printf x; exit 1')
expected=(3 0 0 1 255 7 143 137 5 1)
lost=0
for ((i = 0; i < count; i++)); do
  k=$((i % ${#commands[@]}))
  ssh "${opts[@]}" "$user@127.0.0.1" "${commands[$k]}" </dev/null >/dev/null 2>"$work/stderr"
  got=$?
  if [ "$got" != "${expected[$k]}" ]; then
    lost=$((lost + 1))
    echo "run $i: '${commands[$k]}' exited $got, expected ${expected[$k]}: $(head -c 300 "$work/stderr")"
  fi
done
ssh "${opts[@]}" -O exit "$user@127.0.0.1" 2>/dev/null
echo "lost $lost of $count"
