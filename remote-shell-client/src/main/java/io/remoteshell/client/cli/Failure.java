package io.remoteshell.client.cli;

import io.remoteshell.client.ChecksumMismatchException;
import io.remoteshell.client.CopyRefusedException;
import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.RemoteShellException;
import java.io.IOException;

/** Why rshell stops: a one-line reason for stderr and the exit status that goes with it. */
final class Failure extends Exception {

    /** Something went wrong locally, or the server refused a file transfer. */
    static final int FAILED = 1;
    /** The command line was wrong. */
    static final int USAGE = 2;
    /** Could not connect, authenticate, or keep the connection: the remote command's status is unknown. */
    static final int CONNECTION = 255;

    private final int exitCode;

    Failure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    /** A failure of a transfer: the server's refusal or a local problem is 1; a lost connection is 255. */
    static Failure ofTransfer(IOException e) {
        boolean requestLevel = e instanceof RemoteErrorException || e instanceof ChecksumMismatchException
                || e instanceof CopyRefusedException || !(e instanceof RemoteShellException);
        return new Failure(requestLevel ? FAILED : CONNECTION, describe(e));
    }

    /** The exception's message, or its kind when it has none (some JDK exceptions carry only a path). */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            // The reason says it in words already: "DIR: no such local directory to download F into".
            return fs.getMessage();
        }
        String kind = switch (e.getClass().getSimpleName()) {
            case "NoSuchFileException" -> "no such file: ";
            case "AccessDeniedException" -> "permission denied: ";
            case "FileAlreadyExistsException" -> "file exists: ";
            case "DirectoryNotEmptyException" -> "directory not empty: ";
            default -> "";
        };
        return kind + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
