package io.remoteshell.client.fleet;

import java.io.IOException;

/**
 * Receives each host's output as it arrives and each host's result as soon as that host is done, for
 * {@link Fleet#exec(io.remoteshell.client.Command, FleetListener)}. Every method has a default that does nothing.
 *
 * <p>Threads: {@link #stdout} and {@link #stderr} are called on the thread that reads the host's connection; for one
 * host the calls never overlap and come in the order the bytes arrived, but calls for different hosts run at the same
 * time on different threads, so a listener that writes to one shared place must synchronize. The bytes are only valid
 * during the call. A slow listener slows that host's connection (its server waits, as a command waits on a full pipe),
 * never the other hosts. {@link #finished} is called on the fleet's worker thread for that host, after that host's last
 * output call and before {@code exec} returns.
 */
public interface FleetListener {

    /**
     * Bytes the command on {@code host} wrote to its stdout.
     *
     * @throws IOException to give up on this host: its command is killed and the exception becomes its failure
     */
    default void stdout(String host, byte[] bytes, int offset, int length) throws IOException {
    }

    /** Bytes the command on {@code host} wrote to its stderr; see {@link #stdout}. */
    default void stderr(String host, byte[] bytes, int offset, int length) throws IOException {
    }

    /** {@code result.host()} is done: its command ended, or it failed to connect, timed out or was cancelled. */
    default void finished(HostResult result) {
    }
}
