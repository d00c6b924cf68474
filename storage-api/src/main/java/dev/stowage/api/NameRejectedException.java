package dev.stowage.api;

/** A name was refused because it is unsafe or cannot be stored; the message says which rule it broke. */
public final class NameRejectedException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    private NameRejectedException(String name, String reason) {
        super(name, "Name " + printable(name) + " rejected: " + reason, null);
        this.reason = reason;
    }

    /** {@code name} was refused for {@code reason}. */
    public static NameRejectedException because(String name, String reason) {
        return new NameRejectedException(name, reason);
    }

    /** The rule the name broke, in words. */
    public String reason() {
        return reason;
    }

    /** Shows a hostile name without letting its control characters reach a log. */
    private static String printable(String name) {
        if (name == null) {
            return "(null)";
        }
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        while (shown < name.length() && shown < 200) {
            int cp = name.codePointAt(shown);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                for (char c : Character.toChars(cp)) {
                    out.append(String.format("\\u%04x", (int) c));
                }
            } else {
                out.appendCodePoint(cp);
            }
            shown += Character.charCount(cp);
        }
        if (name.length() > shown) {
            out.append("…(").append(name.length()).append(" chars)");
        }
        return out.append('\'').toString();
    }
}
