package dev.stowage.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code ;}-separated parameters of a header value such as {@code form-data; name="files"; filename="a.txt"}
 * or {@code multipart/form-data; boundary=xyz}: names in lower case, quoted values unquoted. Only {@code \"}
 * is read as an escape: browsers send backslashes in filenames as they are (a Windows path), not escaped. The
 * first of a repeated name wins; the value before the first {@code ;} is skipped.
 */
final class HeaderParameters {
    private HeaderParameters() {
    }

    static Map<String, String> of(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            i++;
            int eq = header.indexOf('=', i);
            int semi = header.indexOf(';', i);
            if (eq < 0 || (semi >= 0 && semi < eq)) {
                i = semi;
                continue;
            }
            String name = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            int v = eq + 1;
            while (v < header.length() && header.charAt(v) == ' ') {
                v++;
            }
            StringBuilder value = new StringBuilder();
            if (v < header.length() && header.charAt(v) == '"') {
                v++;
                while (v < header.length() && header.charAt(v) != '"') {
                    char c = header.charAt(v);
                    if (c == '\\' && v + 1 < header.length() && header.charAt(v + 1) == '"') {
                        c = header.charAt(++v);
                    }
                    value.append(c);
                    v++;
                }
                i = header.indexOf(';', v);
            } else {
                int end = header.indexOf(';', v);
                value.append(header, v, end < 0 ? header.length() : end);
                i = end;
            }
            params.putIfAbsent(name, value.toString().trim());
        }
        return params;
    }
}
