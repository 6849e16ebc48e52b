package io.remoteshell.server.rsp;

import io.remoteshell.protocol.ErrorCode;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameException;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Messages;
import io.remoteshell.server.core.FileSource;
import io.remoteshell.server.core.RequestException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GET: FILE, DATA frames, END. The file is sent from a thread of its own so that a large
 * download does not stop the connection's reader from serving its other requests.
 */
final class GetRequest extends RspRequest {

    private final String path;
    private final AtomicBoolean audited = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private volatile Thread sender;

    private GetRequest(int id, RspConnection conn, String path) {
        super(id, conn);
        this.path = path;
    }

    static void open(int id, RspConnection conn, Messages.Get get) {
        GetRequest request = new GetRequest(id, conn, get.path());
        conn.register(id, request);
        FileSource source;
        try {
            source = FileSource.open(conn.core().paths().resolve(get.path()));
        } catch (RequestException e) {
            request.fail(e);
            return;
        }
        Thread t = new Thread(() -> request.send(source), "rsp-get-" + Integer.toUnsignedString(id));
        t.setDaemon(true);
        request.sender = t;
        t.start();
    }

    private void send(FileSource source) {
        try (source) {
            sendJson(FrameType.FILE, new Messages.FileInfo(source.size(), source.mode()));
            String sha = source.sendTo((buf, off, len) -> {
                send(FrameType.DATA, buf, off, len);
                sent.addAndGet(len);
            });
            end(FrameType.END, new Messages.End(sha));
        } catch (RequestException e) {
            fail(e);
        } catch (IOException e) {
            // The request ended (error or disconnect) while sending; whoever ended it reported it.
        } finally {
            audit();
        }
    }

    @Override
    void onFrame(Frame frame) throws FrameException {
        throw new FrameException(ErrorCode.BAD_FRAME, id, false, frame.type() + " does not belong to a GET request");
    }

    @Override
    void abort() {
        // The sender stops at its next frame, as the request has ended; it writes the audit line itself.
        if (sender == null) {
            audit();
        }
    }

    @Override
    void awaitQuiet(long millis) throws InterruptedException {
        Thread t = sender;
        if (t != null) {
            t.join(millis);
        }
    }

    private void audit() {
        if (audited.compareAndSet(false, true)) {
            conn.core().audit().write(auditRecord("get").path(path).bytes(0, sent.get()).entry());
        }
    }
}
