package dev.stowage.s3;

import dev.stowage.testkit.StorageFactory;

/** The S3 backend passes the contract suite on S3Proxy. */
class S3ProxyContractTest extends S3ContractSuite {
    @Override
    StorageFactory factory() {
        return new S3ProxyFactory();
    }

    @Override
    String server() {
        return "s3proxy";
    }

    @Override
    String endpoint() {
        return S3TestServers.s3proxy();
    }

    @Override
    long largeFileSize() {
        return 256L * 1024 * 1024;
    }
}
