package io.remoteshell.server.core;

/**
 * A request cannot be carried out, for a reason the client should be told: the core's {@link Refusal}
 * and a message that names the problem and the fix. Each front end maps the refusal onto its own wire form.
 */
public class RequestException extends Exception {

    private final Refusal refusal;

    public RequestException(Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public RequestException(Refusal refusal, String message, Throwable cause) {
        super(message, cause);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
