package dev.stowage.testkit;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.ByteRange;
import dev.stowage.api.ChunkSink;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.ProgressListener;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StorageIOException;
import dev.stowage.api.StorageId;
import dev.stowage.api.StoredFile;
import dev.stowage.api.UploadInUseException;
import dev.stowage.api.spi.AbstractChunkSink;
import dev.stowage.api.spi.AbstractUploadDir;
import dev.stowage.api.spi.Coverage;
import dev.stowage.api.spi.NameOrder;
import dev.stowage.api.spi.NameSource;
import dev.stowage.api.spi.Sha256;
import dev.stowage.api.spi.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link dev.stowage.api.UploadDir} held in memory, for applications' unit tests: the same rules and
 * errors as the real backends (it passes the same contract suite), nothing on disk. Files live as byte
 * arrays, so it is for small files only.
 */
final class InMemoryUploadDir extends AbstractUploadDir {
    /** A stored file: its bytes and what is known of them, replaced together. */
    private record Entry(byte[] data, StoredFile file) {
    }

    private final ConcurrentSkipListMap<String, Entry> files = new ConcurrentSkipListMap<>(NameOrder.COMPARATOR);
    private final Clock clock;
    private final Map<String, Unfinished> unfinished = new ConcurrentHashMap<>();

    InMemoryUploadDir(Clock clock) {
        this.clock = clock;
    }

    @Override
    protected StoredFile doSave(String name, InputStream data, SaveOptions options) {
        VerifyingInputStream in = new VerifyingInputStream(name, data, options);
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw StorageIOException.during("save", name, e);
        }
        String sha256 = in.finish();
        return put(bytes, new StoredFile(name, bytes.length, options.contentType(), sha256,
                options.originalFilename(), clock.instant()), options.overwrite());
    }

    private StoredFile put(byte[] data, StoredFile file, boolean overwrite) {
        Entry entry = new Entry(data, file);
        if (overwrite) {
            files.put(file.name(), entry);
        } else if (files.putIfAbsent(file.name(), entry) != null) {
            throw AlreadyExistsException.atName(file.name());
        }
        return file;
    }

    @Override
    protected Optional<StoredFile> doStat(String name) {
        return Optional.ofNullable(files.get(name)).map(Entry::file);
    }

    @Override
    protected InputStream doOpen(String name, ByteRange range) {
        Entry entry = entry(name);
        ByteRange clipped = range.clip(name, entry.data().length);
        return new ByteArrayInputStream(entry.data(), (int) clipped.offset(), (int) clipped.length());
    }

    @Override
    protected NameSource names() {
        return (prefix, after, skipPrefix) -> {
            NavigableMap<String, Entry> tail = after == null ? files.tailMap(prefix, true) : files.tailMap(after, false);
            Iterator<String> keys = tail.keySet().iterator();
            return new Iterator<>() {
                private String next = advance();

                private String advance() {
                    while (keys.hasNext()) {
                        String key = keys.next();
                        if (skipPrefix && key.startsWith(after)) {
                            continue;
                        }
                        if (key.startsWith(prefix)) {
                            return key;
                        }
                        if (NameOrder.compare(key, prefix) > 0) {
                            return null; // past every name with the prefix
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public String next() {
                    if (next == null) {
                        throw new java.util.NoSuchElementException();
                    }
                    String result = next;
                    next = advance();
                    return result;
                }
            };
        };
    }

    @Override
    protected StoredFile doCopy(String source, String target, boolean overwrite) {
        Entry entry = entry(source);
        return put(entry.data(), entry.file().withName(target), overwrite);
    }

    @Override
    protected StoredFile doMove(String source, String target, boolean overwrite) {
        synchronized (files) {
            Entry entry = entry(source);
            StoredFile moved = put(entry.data(), entry.file().withName(target), overwrite);
            files.remove(source, entry);
            return moved;
        }
    }

    @Override
    protected boolean doDelete(String name) {
        return files.remove(name) != null;
    }

    @Override
    protected ChunkSink doChunkSink(String name, SaveOptions options) {
        Unfinished upload = new Unfinished(name, options, clock.instant());
        String uploadId = StorageId.generate();
        unfinished.put(uploadId, upload);
        return new Sink(uploadId, upload, options);
    }

    @Override
    protected ChunkSink doResumeChunkSink(String uploadId) {
        Unfinished upload = unfinished.get(uploadId);
        if (upload == null) {
            throw NotFoundException.forUpload(uploadId);
        }
        if (!upload.held.compareAndSet(false, true)) {
            throw UploadInUseException.heldElsewhere(uploadId);
        }
        return new Sink(uploadId, upload, upload.options);
    }

    @Override
    protected int doAbortUnfinishedUploads(Duration age) {
        Instant cutoff = clock.instant().minus(age);
        int aborted = 0;
        for (Map.Entry<String, Unfinished> upload : unfinished.entrySet()) {
            if (upload.getValue().created.isBefore(cutoff) && unfinished.remove(upload.getKey(), upload.getValue())) {
                aborted++;
            }
        }
        return aborted;
    }

    /**
     * An unfinished chunked upload: its chunks and which bytes arrived, kept while no handle is open; its
     * options lack the first handle's progress listener.
     */
    private static final class Unfinished {
        private final String name;
        private final SaveOptions options;
        private final Instant created;
        private final TreeMap<Long, byte[]> chunks = new TreeMap<>();
        private final Coverage received = new Coverage();
        private final AtomicBoolean held = new AtomicBoolean(true);

        Unfinished(String name, SaveOptions options, Instant created) {
            this.name = name;
            this.options = options.toBuilder().progress(ProgressListener.NONE).build();
            this.created = created;
        }
    }

    /** A handle on an {@link Unfinished} upload. */
    private final class Sink extends AbstractChunkSink {
        private final Unfinished upload;

        Sink(String uploadId, Unfinished upload, SaveOptions options) {
            super(uploadId, upload.name, options, upload.received);
            this.upload = upload;
        }

        @Override
        protected long writeAt(long offset, InputStream data) throws IOException {
            byte[] bytes = data.readAllBytes();
            synchronized (upload.chunks) {
                upload.chunks.put(offset, bytes);
            }
            return bytes.length;
        }

        @Override
        protected StoredFile commit(long size) {
            byte[] whole = new byte[Math.toIntExact(size)];
            synchronized (upload.chunks) {
                for (Map.Entry<Long, byte[]> chunk : upload.chunks.entrySet()) {
                    int length = (int) Math.min(chunk.getValue().length, size - chunk.getKey());
                    System.arraycopy(chunk.getValue(), 0, whole, (int) (long) chunk.getKey(), Math.max(0, length));
                }
            }
            MessageDigest digest = Sha256.newDigest();
            digest.update(whole);
            String sha256 = Sha256.hex(digest);
            checkSha256(sha256);
            unfinished.remove(uploadId());
            return put(whole, new StoredFile(name(), size, options().contentType(), sha256,
                    options().originalFilename(), clock.instant()), options().overwrite());
        }

        @Override
        protected void discard() {
            unfinished.remove(uploadId());
        }

        @Override
        protected void release() {
            upload.held.set(false);
        }
    }

    private Entry entry(String name) {
        Entry entry = files.get(name);
        if (entry == null) {
            throw NotFoundException.forName(name);
        }
        return entry;
    }
}
