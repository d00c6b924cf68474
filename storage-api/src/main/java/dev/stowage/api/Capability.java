package dev.stowage.api;

/** Something a backend may or may not be able to do; see {@link Capabilities}. */
public enum Capability {
    /** {@link UploadUrl#presignUpload} with {@link UploadMethod#PUT}. */
    PRESIGNED_PUT,
    /** {@link UploadUrl#presignUpload} with {@link UploadMethod#POST} (raw body). */
    PRESIGNED_POST,
    /** {@link UploadUrl#presignUpload} with {@link UploadMethod#POST_FORM}: a form policy with a size cap. */
    PRESIGNED_POST_FORM,
    /** A presigned upload URL enforces {@link UploadPolicy#maxSize()} whatever the method. */
    PRESIGNED_SIZE_LIMIT,
    /** {@link UploadUrl#presignDownload}: a time-limited GET that downloads under a chosen filename. */
    PRESIGNED_DOWNLOAD,
    /** Copy and move happen inside the backend, without the bytes passing through this process. */
    SERVER_SIDE_COPY,
    /** Saving without overwrite is atomic: of two racing creators exactly one wins. */
    ATOMIC_CREATE_ONCE,
    /**
     * {@link UploadDir#move} takes the source away only if it still is the file that was moved: a file saved under
     * the source while the move runs is either the one moved or stays under the source, never lost. Without it
     * (S3, where a move is a copy then a delete) such a save can be deleted with the source.
     */
    ATOMIC_MOVE,
    /** {@link UploadUrl#of} can give a plain public URL rather than a signed one. */
    PUBLIC_URLS,
    /** Files larger than the JVM's memory stream through: memory stays flat as file size grows. */
    LARGE_FILES,
    /** Data survives the process: the backend is not in memory. */
    PERSISTENT,
    /**
     * {@link UploadDir#resumeChunkSink} takes an unfinished upload up again after a restart of the process or
     * on another instance sharing the backend: its state is kept by the backend, not in memory.
     */
    RESUMABLE_UPLOADS
}
