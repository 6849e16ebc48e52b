package io.remoteshell.client;

/** A transferred file's size or SHA-256 did not match what the sender announced; no file was left in place. */
public class ChecksumMismatchException extends RemoteShellException {

    public ChecksumMismatchException(String message) {
        super(message);
    }
}
