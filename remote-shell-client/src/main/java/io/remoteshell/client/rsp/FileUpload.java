package io.remoteshell.client.rsp;

import io.remoteshell.client.ChecksumMismatchException;
import io.remoteshell.client.ProtocolViolationException;
import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.Messages;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** A PUT request, as the reader thread sees it: the server's END (with its SHA-256) or ERROR. */
final class FileUpload implements RspRequest {

    private final String remote;
    private final CompletableFuture<String> serverSha = new CompletableFuture<>();
    private final SendWindow window;

    FileUpload(String remote, SendWindow window) {
        this.remote = remote;
        this.window = window;
    }

    /** How much DATA may go out now. */
    SendWindow window() {
        return window;
    }

    /** Completes with the SHA-256 the server computed, or fails with the server's error. */
    CompletableFuture<String> serverSha() {
        return serverSha;
    }

    @Override
    public boolean onFrame(Frame frame) throws IOException {
        switch (frame.type()) {
            case WINDOW -> {
                window.grant(frame.as(Messages.Window.class).bytes());
                return false;
            }
            case END -> serverSha.complete(frame.as(Messages.End.class).sha256());
            case ERROR -> {
                Messages.Error error = frame.as(Messages.Error.class);
                IOException e = "CHECKSUM_MISMATCH".equals(error.code())
                        ? new ChecksumMismatchException("PUT " + remote + ": " + error.message())
                        : new RemoteErrorException(error.code(), error.message());
                serverSha.completeExceptionally(e);
            }
            default -> throw new ProtocolViolationException("unexpected " + frame.type() + " for PUT " + remote);
        }
        window.end();
        return true;
    }

    @Override
    public void onFailure(IOException cause) {
        window.end();
        serverSha.completeExceptionally(cause);
    }
}
