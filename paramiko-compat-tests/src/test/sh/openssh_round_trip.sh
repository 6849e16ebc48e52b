#!/usr/bin/env bash
# What a user does by hand with OpenSSH against rshelld, in a row: run a command with ssh, upload
# with sftp, copy back with scp (SFTP protocol) and up again with scp -O (the legacy SCP protocol),
# then compare checksums on both sides. The host key is checked strictly against known_hosts.
# usage: openssh_round_trip.sh PORT USER KEY KNOWN_HOSTS WORK_DIR SERVER_DIR_OF_SFTP_ROOT
set -euo pipefail
port=$1 user=$2 key=$3 known_hosts=$4 work=$5 sftp_root_on_server=$6
target="$user@127.0.0.1"
opts=(-F /dev/null -o UserKnownHostsFile="$known_hosts" -o StrictHostKeyChecking=yes -o BatchMode=yes
  -o IdentitiesOnly=yes -o ConnectTimeout=20 -i "$key")

cd "$work"
head -c 3000000 /dev/urandom >upload.bin
local_sum=$(sha256sum upload.bin | cut -d' ' -f1)

echo "ssh: $(ssh "${opts[@]}" -p "$port" "$target" 'echo "hello from $(uname -s) as $USER"')"

sftp "${opts[@]}" -P "$port" -b - "$target" <<'SFTP'
mkdir /round-trip
put upload.bin /round-trip/upload.bin
ls /round-trip
SFTP

scp "${opts[@]}" -P "$port" "$target:/round-trip/upload.bin" via-scp.bin
scp -O "${opts[@]}" -P "$port" via-scp.bin "$target:/round-trip/via-legacy-scp.bin"

remote_sums=$(ssh "${opts[@]}" -p "$port" "$target" \
  "cd '$sftp_root_on_server/round-trip' && sha256sum upload.bin via-legacy-scp.bin" | cut -d' ' -f1 | sort -u)
if [ "$remote_sums" != "$local_sum" ] || ! cmp -s upload.bin via-scp.bin; then
  echo "checksums differ: local $local_sum, on the server: $remote_sums" >&2
  exit 1
fi
echo "round trip ok: $local_sum"
