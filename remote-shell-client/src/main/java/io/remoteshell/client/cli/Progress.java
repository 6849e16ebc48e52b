package io.remoteshell.client.cli;

import io.remoteshell.client.TransferListener;

/** A transfer's progress bar when stderr is a terminal; nothing when it is piped. */
record Progress(TransferListener listener) implements AutoCloseable {

    /** @param quiet true under -q: no bar even on a terminal */
    static Progress forStderr(String task, boolean quiet) {
        return new Progress(!quiet && Terminals.isTerminal(Terminals.STDERR) ? new ProgressBarListener(task) : TransferListener.NONE);
    }

    @Override
    public void close() {
        if (listener instanceof ProgressBarListener bar) {
            bar.close();
        }
    }
}
