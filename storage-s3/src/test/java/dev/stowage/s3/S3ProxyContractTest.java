package dev.stowage.s3;

import dev.stowage.testkit.StorageFactory;
import java.util.Map;

/**
 * The S3 backend passes the contract suite on S3Proxy, but for four faults of S3Proxy's filesystem store
 * that MinIO and AWS do not have; {@link MinioContractTest} runs those tests.
 */
class S3ProxyContractTest extends S3ContractSuite {
    @Override
    Map<String, String> serverQuirks() {
        return Map.of(
                "listsInUtf8OrderWithPrefixesDelimitersAndPages", "S3Proxy lists keys in UTF-16 order, not in S3's"
                        + " UTF-8 byte order: a character beyond U+FFFF sorts before U+E000-U+FFFD",
                "reportsMissingFiles", "S3Proxy's filesystem store answers 500, not 404, for a key below an"
                        + " object's key (folder/inside.txt/deeper)",
                "acceptsAndRoundTripsUnusualButSafeNames", "S3Proxy's filesystem store cannot keep a key segment"
                        + " longer than the file system's 255-byte file name limit",
                "aCopyRacingAnOverwriteCopiesOneVersionWithItsOwnRecord", "S3Proxy's filesystem store answers a"
                        + " GET (and so an UploadPartCopy) with the ETag of the file its name held when it read the"
                        + " attributes but the bytes of the file it names when it opens it a moment later: an"
                        + " overwrite renamed over the name in between passes x-amz-copy-source-if-match and the"
                        + " copy gets the old version's range of the new version's bytes");
    }

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
