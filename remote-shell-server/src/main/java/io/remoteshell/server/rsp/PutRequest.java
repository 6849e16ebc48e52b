package io.remoteshell.server.rsp;

import io.remoteshell.protocol.ErrorCode;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameException;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Messages;
import io.remoteshell.server.core.IncomingFile;
import io.remoteshell.server.core.InputWriters;
import io.remoteshell.server.core.Refusal;
import io.remoteshell.server.core.RequestException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PUT: DATA frames into a temporary file, END checks and commits it, and the server answers END. The disk writes
 * and the fsync run in order on a writer thread, not on the connection's reader: a slow disk holds back this
 * upload (its window is granted as bytes reach the file), never the other requests of the connection.
 */
final class PutRequest extends RspRequest {

    private final String path;
    private final AtomicBoolean audited = new AtomicBoolean();
    private final Deque<Runnable> work = new ArrayDeque<>();
    private boolean working;
    private boolean endReceived;
    private IncomingFile file;

    private PutRequest(int id, RspConnection conn, String path) {
        super(id, conn);
        this.path = path;
    }

    static void open(int id, RspConnection conn, Messages.Put put) {
        PutRequest request = new PutRequest(id, conn, put.path());
        conn.register(id, request);
        try {
            if (put.size() == null) {
                throw new RequestException(Refusal.INVALID_REQUEST, "PUT needs \"size\": the number of bytes that will follow");
            }
            request.file = IncomingFile.begin(conn.core().paths().resolve(put.path()), put.size(), put.mode(), conn.parts());
            request.openInput();
        } catch (RequestException e) {
            request.fail(e);
        }
    }

    @Override
    void onFrame(Frame frame) throws FrameException, IOException {
        switch (frame.type()) {
            case DATA -> {
                if (endReceived) {
                    throw new FrameException(ErrorCode.BAD_FRAME, id, false, "DATA after END: the upload was already complete");
                }
                byte[] bytes = frame.payload();
                if (receiveInput(bytes.length)) {
                    later(() -> {
                        try {
                            file.write(bytes, 0, bytes.length);
                        } finally {
                            inputConsumed(bytes.length);
                        }
                    });
                }
            }
            case END -> {
                String expected = frame.as(Messages.End.class).sha256();
                endReceived = true;
                later(() -> {
                    String sha = file.commit(expected);
                    end(FrameType.END, new Messages.End(sha));
                    audit();
                });
            }
            default -> throw new FrameException(ErrorCode.BAD_FRAME, id, false,
                    frame.type() + " does not belong to a PUT request: send DATA frames, then END");
        }
    }

    /** A step of the upload, done after the ones before it. */
    private interface Step {
        void run() throws RequestException;
    }

    private void later(Step step) {
        boolean start;
        synchronized (work) {
            work.addLast(() -> {
                try {
                    step.run();
                } catch (RequestException e) {
                    fail(e);
                }
            });
            start = !working;
            working = true;
        }
        if (start) {
            InputWriters.submit(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (work) {
                next = work.pollFirst();
                if (next == null) {
                    working = false;
                    work.notifyAll();
                    return;
                }
            }
            next.run();
        }
    }

    @Override
    void abort() {
        synchronized (work) {
            work.clear();
        }
        if (file != null) {
            // Waits for a write in progress; later writes find the file gone and do nothing.
            file.abort();
        }
        audit();
    }

    @Override
    void awaitQuiet(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (work) {
            while (working && System.currentTimeMillis() < deadline) {
                work.wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
        }
    }

    private void audit() {
        if (audited.compareAndSet(false, true)) {
            conn.core().audit().write(auditRecord("put").path(path).bytes(file == null ? 0 : file.received(), 0).entry());
        }
    }
}
