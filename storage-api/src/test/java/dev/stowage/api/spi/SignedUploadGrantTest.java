package dev.stowage.api.spi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stowage.api.PolicyViolationException;
import dev.stowage.api.UploadMethod;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignedUploadGrantTest {
    private static SignedUploadGrant grant(String contentType, Set<String> allowed) {
        return new SignedUploadGrant("a.png", UploadMethod.PUT, Instant.EPOCH, -1, contentType, allowed, null);
    }

    private static void refused(SignedUploadGrant grant, String declared) {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> grant.checkContentType(declared));
        assertEquals(PolicyViolationException.Reason.CONTENT_TYPE_NOT_ALLOWED, e.reason());
    }

    @Test
    void unconstrainedGrantAcceptsAnything() {
        SignedUploadGrant any = grant(null, Set.of());
        assertDoesNotThrow(() -> any.checkContentType("text/html"));
        assertDoesNotThrow(() -> any.checkContentType(null));
    }

    @Test
    void exactTypeMustBeDeclaredIgnoringCase() {
        SignedUploadGrant png = grant("image/png", Set.of());
        assertDoesNotThrow(() -> png.checkContentType("image/png"));
        assertDoesNotThrow(() -> png.checkContentType("IMAGE/PNG"));
        refused(png, "image/jpeg");
        refused(png, "image/png; charset=utf-8");
        refused(png, null);
    }

    @Test
    void declaredTypeMustMatchAnAllowedPattern() {
        SignedUploadGrant images = grant(null, Set.of("image/*", "application/pdf"));
        assertDoesNotThrow(() -> images.checkContentType("image/webp"));
        assertDoesNotThrow(() -> images.checkContentType("application/pdf; x=y"));
        refused(images, "text/html");
        refused(images, "application/pdfx");
        refused(images, null);
    }

    @Test
    void exactTypeAndPatternsAreBothEnforced() {
        SignedUploadGrant both = grant("image/png", Set.of("image/*"));
        assertDoesNotThrow(() -> both.checkContentType("image/png"));
        refused(both, "image/gif");
    }

    @Test
    void messageNamesTheDeclaredType() {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> grant("image/png", Set.of()).checkContentType(null));
        assertEquals("Content type '(none)' is not allowed for 'a.png'; allowed: image/png", e.getMessage());
    }
}
