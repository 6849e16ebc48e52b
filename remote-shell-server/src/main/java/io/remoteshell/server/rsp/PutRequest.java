package io.remoteshell.server.rsp;

import io.remoteshell.protocol.ErrorCode;
import io.remoteshell.protocol.Frame;
import io.remoteshell.protocol.FrameException;
import io.remoteshell.protocol.FrameType;
import io.remoteshell.protocol.Messages;
import io.remoteshell.server.core.IncomingFile;
import io.remoteshell.server.core.Refusal;
import io.remoteshell.server.core.RequestException;
import java.util.concurrent.atomic.AtomicBoolean;

/** PUT: DATA frames into a temporary file, END checks and commits it, and the server answers END. */
final class PutRequest extends RspRequest {

    private final String path;
    private final AtomicBoolean audited = new AtomicBoolean();
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
            request.file = IncomingFile.begin(conn.core().paths().resolve(put.path()), put.size(), put.mode());
        } catch (RequestException e) {
            request.fail(e);
        }
    }

    @Override
    void onFrame(Frame frame) throws FrameException {
        try {
            switch (frame.type()) {
                case DATA -> file.write(frame.payload(), 0, frame.payload().length);
                case END -> {
                    String sha = file.commit(frame.as(Messages.End.class).sha256());
                    end(FrameType.END, new Messages.End(sha));
                    audit();
                }
                default -> throw new FrameException(ErrorCode.BAD_FRAME, id, false,
                        frame.type() + " does not belong to a PUT request: send DATA frames, then END");
            }
        } catch (RequestException e) {
            fail(e);
        }
    }

    @Override
    void abort() {
        if (file != null) {
            file.abort();
        }
        audit();
    }

    private void audit() {
        if (audited.compareAndSet(false, true)) {
            conn.core().audit().write(auditRecord("put").path(path).bytes(file == null ? 0 : file.received(), 0).entry());
        }
    }
}
