package io.remoteshell.client.cli;

import io.remoteshell.client.TransferListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Draws a transfer's progress on the terminal (stderr). */
final class ProgressBarListener implements TransferListener, AutoCloseable {

    private final String task;
    private ProgressBar bar;
    /** Once closed (the transfer finished or was cancelled), late callbacks draw nothing. */
    private boolean closed;

    ProgressBarListener(String task) {
        this.task = task;
    }

    @Override
    public synchronized void started(long totalBytes) {
        if (closed) {
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalBytes)
                .setUnit("MiB", 1 << 20)
                .setStyle(ProgressBarStyle.ASCII)
                .showSpeed()
                .build();
    }

    @Override
    public synchronized void progressed(long bytesSoFar) {
        if (bar != null) {
            bar.stepTo(bytesSoFar);
        }
    }

    @Override
    public synchronized void finished(long totalBytes) {
        progressed(totalBytes);
        close();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
