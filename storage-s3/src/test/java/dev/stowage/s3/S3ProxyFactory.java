package dev.stowage.s3;

import dev.stowage.api.Storage;
import dev.stowage.testkit.StorageFactory;
import java.nio.file.Path;

/** A fresh S3 backend on the S3Proxy test server, in a bucket of its own for each work folder. */
public final class S3ProxyFactory implements StorageFactory {
    @Override
    public Storage open(Path workDir) {
        return S3TestStorage.on(S3TestServers.s3proxy(), workDir).open();
    }
}
