package io.remoteshell.server;

/**
 * What one peer may make the server hold; part of {@link ServerConfig}. Each is an rshelld option.
 *
 * @param maxPendingInput              bytes of STDIN or PUT data one request may have sent that the command has not
 *                                     read or the disk not taken yet ({@code --max-pending-input}); the RSP window
 * @param maxPendingInputPerConnection the same, for all requests of one connection together
 *                                     ({@code --max-pending-input-per-connection})
 * @param maxStartups                  unauthenticated connections, RSP and SSH each, at once ({@code --max-startups});
 *                                     when full, the oldest one of the address that holds most is dropped for a new one
 * @param maxStartupsPerSource         unauthenticated connections from one address per port ({@code
 *                                     --max-startups-per-source}); beyond it, that address's oldest is dropped
 */
public record ServerLimits(int maxPendingInput, int maxPendingInputPerConnection, int maxStartups, int maxStartupsPerSource) {

    /** A data frame's largest payload: less could not carry a whole chunk. */
    private static final int MIN_INPUT = 64 << 10;

    public ServerLimits {
        if (maxPendingInput < MIN_INPUT) {
            throw new IllegalArgumentException("max pending input must be at least " + MIN_INPUT + " bytes (one data frame), not "
                    + maxPendingInput);
        }
        if (maxPendingInputPerConnection < maxPendingInput) {
            throw new IllegalArgumentException("max pending input per connection (" + maxPendingInputPerConnection
                    + ") must be at least the per-request limit (" + maxPendingInput + ")");
        }
        if (maxStartups < 1 || maxStartupsPerSource < 1) {
            throw new IllegalArgumentException("max startups (total and per source) must be at least 1");
        }
    }

    /**
     * 512 KiB of input per request, 1 MiB per connection, 200 unauthenticated connections per port, 50 per address.
     * Half the connection's limit is kept for the first windows of the requests it may still open, so one upload can
     * hold about 512 KiB anyway; a per-request limit of 512 KiB lets it (WINDOW grants then come in 256 KiB steps,
     * half as many as with 256 KiB) and changes nothing about what one connection may make the server hold.
     */
    public static ServerLimits defaults() {
        return new ServerLimits(512 << 10, 1 << 20, 200, 50);
    }

    public ServerLimits withMaxPendingInput(int bytes) {
        return new ServerLimits(bytes, Math.max(bytes, maxPendingInputPerConnection), maxStartups, maxStartupsPerSource);
    }

    public ServerLimits withMaxPendingInputPerConnection(int bytes) {
        return new ServerLimits(maxPendingInput, bytes, maxStartups, maxStartupsPerSource);
    }

    public ServerLimits withMaxStartups(int total, int perSource) {
        return new ServerLimits(maxPendingInput, maxPendingInputPerConnection, total, perSource);
    }
}
