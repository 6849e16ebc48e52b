package io.remoteshell.compat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real clients these tests drive: Debian's paramiko, asyncssh, Fabric and ansible-core under
 * /usr/bin/python3 (Debian installs them for that interpreter only), OpenSSH's programs and ssh-audit. When some
 * are missing and we are root with apt-get, they are installed; otherwise the tests fail with the
 * exact command to run. They are never skipped: a compatibility suite that skips proves nothing.
 */
final class ClientTools {

    static final String PYTHON = "/usr/bin/python3";
    static final List<String> PACKAGES = List.of("python3-paramiko", "python3-asyncssh", "python3-fabric", "python3-pytest", "ssh-audit",
            "openssh-client", "ansible-core");
    static final String INSTALL_COMMAND = "apt-get update && apt-get install -y " + String.join(" ", PACKAGES);
    private static final List<String> MODULES = List.of("paramiko", "asyncssh", "fabric", "pytest");
    private static final List<String> PROGRAMS = List.of("ssh", "sftp", "scp", "ssh-keygen", "ssh-audit", "ansible",
            "ansible-playbook");
    private static final Duration APT_LIMIT = Duration.ofMinutes(5);
    private static volatile boolean ready;

    private ClientTools() {
    }

    /** Makes sure every client is there, installing the Debian packages when that is possible. */
    static synchronized void require(Path scratch) {
        if (ready) {
            return;
        }
        List<String> missing = missing(scratch);
        String attempt = "";
        if (!missing.isEmpty() && isRoot(scratch) && onPath("apt-get")) {
            Map<String, String> quiet = Map.of("DEBIAN_FRONTEND", "noninteractive");
            ClientRun.Result update = ClientRun.run(List.of("apt-get", "update"), scratch, quiet, null, APT_LIMIT);
            List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y"));
            install.addAll(PACKAGES);
            ClientRun.Result installed = ClientRun.run(install, scratch, quiet, null, APT_LIMIT);
            attempt = "\n(tried it: apt-get update exited " + update.exit() + ", apt-get install exited " + installed.exit()
                    + ": " + installed.stderr().strip() + ")";
            missing = missing(scratch);
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("the compatibility tests need " + String.join(", ", missing)
                    + ". Install them as root with:\n  " + INSTALL_COMMAND + attempt);
        }
        ready = true;
    }

    private static List<String> missing(Path scratch) {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(Path.of(PYTHON))) {
            missing.add(PYTHON);
        } else {
            List<String> check = new ArrayList<>(List.of(PYTHON, "-c",
                    "import importlib.util, sys; print(' '.join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))"));
            check.addAll(MODULES);
            ClientRun.Result r = ClientRun.run(check, scratch, Map.of(), null, Duration.ofSeconds(30));
            for (String module : r.stdout().strip().split(" ")) {
                if (!module.isEmpty()) {
                    missing.add("the Python module " + module + " for " + PYTHON);
                }
            }
        }
        PROGRAMS.stream().filter(p -> !onPath(p)).forEach(missing::add);
        return missing;
    }

    private static boolean isRoot(Path scratch) {
        return ClientRun.run(List.of("id", "-u"), scratch, Map.of(), null, Duration.ofSeconds(10)).stdout().strip().equals("0");
    }

    static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }
}
