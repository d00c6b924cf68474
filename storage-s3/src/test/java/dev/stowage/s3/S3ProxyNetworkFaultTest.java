package dev.stowage.s3;

/** The S3 backend through a faulty network to S3Proxy. */
class S3ProxyNetworkFaultTest extends S3NetworkFaults {
    @Override
    String endpoint() {
        return S3TestServers.s3proxy();
    }
}
