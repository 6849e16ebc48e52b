package io.remoteshell.client.fleet;

import io.remoteshell.client.RemoteErrorException;
import io.remoteshell.client.RemoteShellException;
import io.remoteshell.client.Session;
import java.io.IOException;
import java.time.Duration;

/** One host of a fleet: its name, how to connect, and the session kept open between operations. */
final class Member {

    final String name;
    private final Fleet.Connector connector;
    private final Object connecting = new Object();
    private volatile Session session;

    Member(String name, Fleet.Connector connector) {
        this.name = name;
        this.connector = connector;
    }

    /** The open session, connecting first when there is none (the connection attempt waits at most {@code timeout}). */
    Session session(Duration timeout) throws IOException {
        synchronized (connecting) {
            Session s = session;
            if (s == null) {
                s = connector.connect(timeout);
                if (s == null) {
                    throw new IllegalStateException("the connector of " + name + " returned no session");
                }
                session = s;
            }
            return s;
        }
    }

    /** After {@code failure}: forgets the session when the failure says the connection is no good any more. */
    void failed(IOException failure) {
        if (failure instanceof RemoteShellException && !(failure instanceof RemoteErrorException)) {
            discard();
        }
    }

    /** Closes the session (the server then kills what still runs on it); the next operation connects again. */
    void discard() {
        Session s = session;
        session = null;
        if (s != null) {
            s.close();
        }
    }
}
