package io.remoteshell.server.core;

/** Which of a command's output pipes some bytes came from. */
public enum OutputKind {
    STDOUT,
    STDERR
}
