package io.remoteshell.client.cli.fleet;

import java.nio.file.Path;

/**
 * One host picked from the command line: the name its output is labelled with, its TARGET, and the key and token
 * files its inventory gives it (or null); or, instead of a TARGET, why the inventory's entry cannot be reached.
 */
record FleetHost(String name, String target, Path keyFile, Path tokenFile, String problem) {

    FleetHost(String name, String target) {
        this(name, target, null, null, null);
    }

    /** The name made safe as a file name, for --out-dir and get's directories. */
    String fileName() {
        String safe = name.replaceAll("[^A-Za-z0-9._@:+\\-]", "_");
        return safe.equals(".") || safe.equals("..") ? "_" + safe : safe;
    }
}
