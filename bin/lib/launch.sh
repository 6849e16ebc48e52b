# Shared by bin/rshelld and bin/rshell: find a JDK 17+, build the module's jar when it is
# missing or older than the sources, then exec it (the client with a class-data sharing archive; RSHELL_CDS=0: without).
# Sourced, not run.

root="$(cd "${BASH_SOURCE[0]%/*}/../.." && pwd)"

die() {
  printf '%s\n' "$*" >&2
  exit 1
}

java_version() { # prints the version of the java binary $1 (17.0.15, 25.0.3, ...), or nothing
  # From its JDK's `release` file when there is one: starting a JVM only to ask its version costs a one-shot rshell
  # a tenth of its time (and it was asked twice).
  # Read by bash itself, not by sed and head: each program run costs a one-shot rshell a fork and an exec.
  local bin home version="" line
  bin="$(readlink -f "$1" 2>/dev/null)" || bin="$1"
  home="${bin%/bin/java}"
  if [ "$home" != "$bin" ] && [ -r "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        JAVA_VERSION=\"*\"*)
          line="${line#JAVA_VERSION=\"}"
          version="${line%%\"*}"
          break
          ;;
      esac
    done <"$home/release"
  fi
  if [ -z "$version" ]; then
    version="$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  fi
  if [ -n "$version" ]; then printf '%s\n' "$version"; fi
}

# The one JDK choice of bin/rshell and bin/rshelld: JAVA_HOME's java when set, else the java on PATH, else the
# first of /usr/lib/jvm/*; each only when it is 17 or newer. With "newest" (the daemon), JAVA_HOME still decides,
# and otherwise the newest of the others wins: from JDK 20 on, ChaCha20 and Poly1305 are intrinsics, and the daemon
# spends 35-40 % less CPU per GB on chacha20-poly1305, OpenSSH's default cipher (scp and sftp included). For the
# client the newest JDK did not start faster (CDS archive on 17 against 25's AOT cache), so it keeps the usual order.
find_java() { # [$1 = newest] sets JAVA to a java 17+ binary, JAVA_VERSION and JAVA_MAJOR, or explains what to install
  local candidate version major
  JAVA=""
  JAVA_MAJOR=0
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null)" /usr/lib/jvm/*/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    version="$(java_version "$candidate")"
    major="${version#1.}"
    major="${major%%[!0-9]*}"
    if [ -n "$major" ] && [ "$major" -ge 17 ] && [ "$major" -gt "$JAVA_MAJOR" ]; then
      JAVA="$candidate"
      JAVA_VERSION="$version"
      JAVA_MAJOR="$major"
      if [ "${1:-}" != newest ] || [ "$candidate" = "${JAVA_HOME:+$JAVA_HOME/bin/java}" ]; then
        return 0
      fi
    fi
  done
  [ -n "$JAVA" ] && return 0
  die "remote-shell needs Java 17 or newer and found none.
Install one (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME to a JDK 17+."
}

jar_is_stale() { # $1 module, $2 jar: true when the jar is missing or a source is newer
  [ -f "$2" ] || return 0
  [ -n "$(find "$root/pom.xml" "$root/remote-shell-protocol/pom.xml" "$root/remote-shell-protocol/src/main" \
    "$root/$1/pom.xml" "$root/$1/src/main" -newer "$2" -print -quit 2>/dev/null)" ]
}

build_jar() { # $1 module: quietly, without tests; the full log only when it fails
  command -v mvn >/dev/null 2>&1 ||
    die "building remote-shell needs Apache Maven 3.8+ (Debian/Ubuntu: apt-get install maven)."
  local log
  log="$(mktemp)"
  printf 'remote-shell: building %s (first use or sources changed)...\n' "$1" >&2
  if ! (cd "$root" && JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$JAVA")")")" \
    mvn -B -q -DskipTests -pl "$1" -am package >"$log" 2>&1); then
    cat "$log" >&2
    rm -f "$log"
    die "remote-shell: the build of $1 failed (log above)."
  fi
  rm -f "$log"
}

# RSHELL_LAUNCH_OPTS: the launcher's own JVM options; RSHELL_CDS_VARIANT: which of the jar's archives a run uses.
run_jar() { # $1 module, $2 jar name, then the program's arguments
  local module="$1" jar="$root/$1/target/$2"
  shift 2
  local opts="${RSHELL_LAUNCH_OPTS:-} ${RSHELL_JAVA_OPTS:-}"
  if [ "$module" = remote-shell-server ]; then find_java newest; else find_java; fi
  if jar_is_stale "$module" "$jar"; then
    # Two launchers started at once must not build over each other.
    mkdir -p "$root/$module/target"
    exec 9>"$root/$module/target/.launcher.lock"
    flock 9
    if jar_is_stale "$module" "$jar"; then
      build_jar "$module"
    fi
    flock -u 9
    exec 9>&-
  fi
  # An archive is only good for the JVM that wrote it: named after its version, so that a run on another JDK (JAVA_HOME
  # set for once) neither maps a foreign archive (JDK 19+ then warns; 17 quietly starts without it) nor replaces it.
  local jsa="$jar${RSHELL_CDS_VARIANT:+.$RSHELL_CDS_VARIANT}.${JAVA_VERSION//[!0-9.]/_}.jsa" major="$JAVA_MAJOR"
  # Class-data sharing: the classes a run loads, parsed and verified once into an archive next to the jar, start
  # several times faster. JDK 19+ keeps the archive itself (and remakes it when the jar changed); JDK 17 can only
  # write one at the exit of a run, so the first run after a build writes it (under another name, renamed when
  # complete, so a run started meanwhile never maps half a file) and later runs use it.
  # Only for the client: a server runs for long (start-up hardly matters) and must get its signals itself.
  # The server: the serial collector with a small young generation. MINA allocates a buffer per SSH packet; with
  # the default collector (G1, and a young generation sized from the machine's RAM) streaming 2 GB over SSH took
  # the process to 290 MB RSS, with these to 120-140 MB, at the same CPU per GB. RSHELL_JAVA_OPTS comes after them
  # (a later -Xmn wins); one that names a collector replaces them.
  local server_opts=""
  if [ "$module" = remote-shell-server ]; then
    case "${RSHELL_JAVA_OPTS:-}" in *GC*) ;; *) server_opts="-XX:+UseSerialGC -Xmn24m" ;; esac
  fi
  if [ "$module" != remote-shell-client ] || [ "${RSHELL_CDS:-1}" = 0 ] || [ -z "$major" ]; then
    exec "$JAVA" $server_opts $opts -jar "$jar" "$@"
  elif [ "$major" -ge 19 ]; then
    exec "$JAVA" -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
      $opts -jar "$jar" "$@"
  elif [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
    exec "$JAVA" -XX:SharedArchiveFile="$jsa" -Xlog:cds=off $opts -jar "$jar" "$@"
  else
    local status=0 tmp="$jsa.$$"
    "$JAVA" -XX:ArchiveClassesAtExit="$tmp" -Xlog:cds=off -Xlog:cds+dynamic=off $opts \
      -jar "$jar" "$@" || status=$?
    if [ -s "$tmp" ]; then mv -f "$tmp" "$jsa" 2>/dev/null || rm -f "$tmp"; else rm -f "$tmp"; fi
    exit "$status"
  fi
}
