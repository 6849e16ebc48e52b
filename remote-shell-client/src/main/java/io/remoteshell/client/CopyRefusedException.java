package io.remoteshell.client;

/**
 * A {@link RemoteCopy} that cp's and scp's rules forbid (several sources into what is not a directory, a directory
 * without a recursive copy, a directory over a file, a destination ending in {@code /} that is no directory), or
 * that had to skip what is neither a regular file nor a directory. The session stays usable.
 */
public class CopyRefusedException extends RemoteShellException {

    public CopyRefusedException(String message) {
        super(message);
    }
}
