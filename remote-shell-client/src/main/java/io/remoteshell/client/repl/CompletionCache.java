package io.remoteshell.client.repl;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Remote listings for tab completion (command names, directory entries), fetched in the background
 * and kept for a short while. A lookup waits at most {@code maxWait}: a slow server makes the
 * completion come up short (an older listing, or none), never the prompt hang. One fetch per key
 * runs at a time; its answer serves the next Tab too.
 */
final class CompletionCache<K> {

    private record Entry(CompletableFuture<List<String>> listing, long fetchedAt) {
    }

    private final Function<K, List<String>> fetch;
    private final Duration ttl;
    private final Duration maxWait;
    private final Executor executor;
    private final LongSupplier nanoTime;
    private final Map<K, Entry> entries = new ConcurrentHashMap<>();

    CompletionCache(Function<K, List<String>> fetch, Duration ttl, Duration maxWait, Executor executor, LongSupplier nanoTime) {
        this.fetch = fetch;
        this.ttl = ttl;
        this.maxWait = maxWait;
        this.executor = executor;
        this.nanoTime = nanoTime;
    }

    /** The listing for {@code key}: fresh from the cache, else fetched now and waited for up to maxWait, else what is known. */
    List<String> get(K key) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(key);
        if (entry == null || (entry.listing().isDone() && now - entry.fetchedAt() > ttl.toNanos())) {
            Entry fresh = new Entry(CompletableFuture.supplyAsync(() -> fetch.apply(key), executor), now);
            Entry stale = entry;
            entries.put(key, fresh);
            List<String> result = await(fresh.listing());
            if (result != null) {
                return result;
            }
            return stale == null ? List.of() : stale.listing().getNow(List.of());
        }
        List<String> result = await(entry.listing());
        return result == null ? List.of() : result;
    }

    /** Forgets everything, as after a command that may have changed the files. */
    void clear() {
        entries.clear();
    }

    private List<String> await(CompletableFuture<List<String>> listing) {
        try {
            return listing.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
