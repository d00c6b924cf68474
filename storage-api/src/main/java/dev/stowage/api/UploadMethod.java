package dev.stowage.api;

/** How a client sends the file to a presigned upload URL. */
public enum UploadMethod {
    /** HTTP PUT with the file as the body. */
    PUT,
    /** HTTP POST with the file as the raw body. */
    POST,
    /** HTTP POST of a {@code multipart/form-data} form: the returned fields, then the file in field {@code file}. */
    POST_FORM
}
