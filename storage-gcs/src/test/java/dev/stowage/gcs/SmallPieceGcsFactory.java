package dev.stowage.gcs;

/** {@link GcsFactory} with the smallest piece GCS takes, 256 KiB. */
public final class SmallPieceGcsFactory extends GcsFactory {
    @Override
    protected int pieceSize() {
        return ResumableSession.GRANULE;
    }
}
