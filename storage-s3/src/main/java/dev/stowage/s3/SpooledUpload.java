package dev.stowage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * An upload written whole to a new spool file as it is read, with the CRC32C of its bytes for S3 to check. Each
 * buffer goes to the file on another thread (an asynchronous file channel) while the next one is read, so that
 * reading and hashing the upload (by the caller's stream) overlaps writing it to disk. The file is not synced: it
 * is only the upload's way to S3, deleted once sent.
 *
 * @param file   the spool file, holding all of the upload
 * @param crc32c the CRC32C of its bytes, base64 of the four bytes big-endian (S3's {@code x-amz-checksum-crc32c})
 */
record SpooledUpload(Path file, String crc32c) {
    private static final int BUFFER_SIZE = 256 * 1024;

    /** Reads {@code in} to its end into a new file in {@code bucket}'s spool folder, deleted again on failure. */
    static SpooledUpload of(InputStream in, S3Bucket bucket) throws IOException {
        Path file = bucket.newSpoolFile();
        try {
            return new SpooledUpload(file, write(in, file));
        } catch (IOException | RuntimeException e) {
            S3UploadDir.deleteQuietly(file);
            throw e;
        }
    }

    /** {@code checksum}'s value as S3 takes a CRC32C: base64 of its four bytes, big-endian. */
    static String base64(Checksum checksum) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Integer.BYTES)
                .putInt((int) checksum.getValue()).array());
    }

    /** Writes all of {@code in} to {@code file} in two buffers taking turns; returns the CRC32C. */
    private static String write(InputStream in, Path file) throws IOException {
        CRC32C crc = new CRC32C();
        try (AsynchronousFileChannel out = AsynchronousFileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] next = new byte[BUFFER_SIZE];
            byte[] other = null;
            Write pending = null;
            long position = 0;
            for (int n; (n = in.readNBytes(next, 0, next.length)) > 0; position += n) {
                crc.update(next, 0, n);
                if (pending != null) {
                    pending.finish(out); // the other buffer is free again
                }
                ByteBuffer bytes = ByteBuffer.wrap(next, 0, n);
                pending = new Write(bytes, position, out.write(bytes, position));
                byte[] written = next;
                next = other != null ? other : new byte[BUFFER_SIZE];
                other = written;
            }
            if (pending != null) {
                pending.finish(out);
            }
        }
        return base64(crc);
    }

    /**
     * A write under way of {@code bytes} (a buffer from index 0, whose position the channel moves on as it writes)
     * to the file from offset {@code position}.
     */
    private record Write(ByteBuffer bytes, long position, Future<Integer> started) {
        /** Waits for the write, and writes what it left, until all of the bytes are in the file. */
        void finish(AsynchronousFileChannel out) throws IOException {
            Future<Integer> step = started;
            while (true) {
                await(step);
                if (!bytes.hasRemaining()) {
                    return;
                }
                step = out.write(bytes, position + bytes.position());
            }
        }

        private static void await(Future<Integer> write) throws IOException {
            try {
                write.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while spooling an upload");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
    }
}
