package io.remoteshell.server.core;

import io.remoteshell.protocol.Signals;

/**
 * How a command ended. {@code signal} is named when the code is above 128: Java reports death by
 * signal N as 128+N, which is also how POSIX shells report it in {@code $?} (so a program that
 * itself calls exit(143) is indistinguishable from one killed by TERM, exactly as in a shell).
 */
public record ExitStatus(int code, String signal, boolean timedOut, long durationMs) {

    static ExitStatus of(int code, boolean timedOut, long durationMs) {
        return new ExitStatus(code, code > 128 ? Signals.name(code - 128) : null, timedOut, durationMs);
    }
}
