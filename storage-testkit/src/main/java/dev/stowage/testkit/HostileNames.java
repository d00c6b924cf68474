package dev.stowage.testkit;

import java.util.List;

/** STUB — replaced by the names work. */
public final class HostileNames {
    private HostileNames() {
    }

    public static List<String> rejected() {
        return List.of("", "/", "..", "../x", "a/../b", "/etc/passwd", "a//b", ".stowage/x");
    }

    public static List<String> accepted() {
        return List.of("a b.txt", "日本語/ファイル.txt", "%2e%2e");
    }
}
