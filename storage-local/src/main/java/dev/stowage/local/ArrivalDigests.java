package dev.stowage.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link ArrivalDigest}s of suspended chunked uploads, kept in memory from one handle to the next (a tus
 * upload takes a handle per request), so an upload sent in order is hashed once, on arrival. Each is kept with
 * the size the upload's journal had when its handle let go: a handle elsewhere (another process on the same
 * folder) that wrote meanwhile grew the journal, and the digest is then dropped. At most {@value #MAX} are
 * kept, the longest suspended dropped first; an upload without one is hashed from disk when it completes.
 */
final class ArrivalDigests {
    static final int MAX = 1024;

    private record Kept(ArrivalDigest digest, long journalSize) {
    }

    private final Map<String, Kept> byUpload = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > MAX;
        }
    };

    /** Keeps the digest of the upload {@code uploadId}, whose journal is now {@code journalSize} bytes. */
    synchronized void keep(String uploadId, ArrivalDigest digest, long journalSize) {
        byUpload.put(uploadId, new Kept(digest, journalSize));
    }

    /**
     * Takes the digest of the upload {@code uploadId} being resumed with a journal of {@code journalSize} bytes:
     * the one kept if the journal did not change since, an empty one if nothing arrived yet, else an unknown one.
     */
    synchronized ArrivalDigest take(String uploadId, long journalSize) {
        Kept kept = byUpload.remove(uploadId);
        if (journalSize == 0) {
            return ArrivalDigest.empty();
        }
        return kept != null && kept.journalSize() == journalSize ? kept.digest() : ArrivalDigest.unknown();
    }
}
