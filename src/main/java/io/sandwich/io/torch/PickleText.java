package io.sandwich.io.torch;

/**
 * The two escaped text forms of protocol 0 pickles, decoded as Python decodes them: STRING's quoted
 * {@code codecs.escape_decode} text and UNICODE's raw-unicode-escape text. A line holds one character per byte (as
 * razorvine's {@code readline} reads it); a malformed escape is a {@link CheckpointFormatException}.
 */
final class PickleText {
    private static final String HEX = "0123456789abcdefABCDEF";

    private PickleText() {
    }

    /** UNICODE: only an odd run of backslashes before {@code u} or {@code U} starts an escape. */
    static String rawUnicodeEscape(String line) {
        StringBuilder out = new StringBuilder(line.length());
        int n = line.length();
        int i = 0;
        while (i < n) {
            char c = line.charAt(i);
            if (c != '\\' || i + 1 >= n) {
                out.append(c);
                i++;
            } else if (line.charAt(i + 1) != 'u' && line.charAt(i + 1) != 'U') {
                out.append(c).append(line.charAt(i + 1)); // a pair: "\\\\u" is a backslash pair, then "u"
                i += 2;
            } else {
                int digits = line.charAt(i + 1) == 'u' ? 4 : 8;
                int cp = (int) hex(line, i + 2, digits, "a \\" + line.charAt(i + 1) + " escape in a UNICODE string");
                out.appendCodePoint(cp);
                i += 2 + digits;
            }
        }
        return out.toString();
    }

    /** STRING: the quoted text of the line, its backslash escapes decoded. */
    static String escapedString(String line) {
        int n = line.length();
        if (n < 2 || line.charAt(0) != line.charAt(n - 1) || (line.charAt(0) != '"' && line.charAt(0) != '\'')) {
            throw new CheckpointFormatException("a STRING is not quoted");
        }
        StringBuilder out = new StringBuilder(n);
        int i = 1;
        while (i < n - 1) {
            char c = line.charAt(i++);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= n - 1) {
                throw new CheckpointFormatException("a STRING ends in a lone backslash");
            }
            char e = line.charAt(i++);
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> {
                    out.append((char) hex(line.substring(0, n - 1), i, 2, "a \\x escape in a STRING"));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') { // up to three octal digits
                        int v = e - '0';
                        for (int k = 0; k < 2 && i < n - 1 && line.charAt(i) >= '0' && line.charAt(i) <= '7'; k++) {
                            v = v * 8 + line.charAt(i++) - '0';
                        }
                        out.append((char) (v & 0xff));
                    } else if (e == '\\' || e == '\'' || e == '"') {
                        out.append(e);
                    } else { // Python keeps an unknown escape as it is
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    /** The {@code digits} hex digits at {@code at}, a valid code point. */
    private static long hex(String s, int at, int digits, String what) {
        if (at + digits > s.length()) {
            throw new CheckpointFormatException(what + " is cut short");
        }
        long v = 0;
        for (int k = at; k < at + digits; k++) {
            int d = HEX.indexOf(s.charAt(k));
            if (d < 0) {
                throw new CheckpointFormatException(what + " holds a character that is not a hex digit");
            }
            v = v * 16 + (d < 16 ? d : d - 6);
        }
        if (v > Character.MAX_CODE_POINT) {
            throw new CheckpointFormatException(String.format("%s names U+%X, beyond Unicode", what, v));
        }
        return v;
    }
}
