package io.sandwich.io.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Protocol 0 text decodes as Python's pickle decodes it (expected values from CPython 3.11.7). */
class PickleTextTest {
    @Test
    void rawUnicodeEscapeDecodesOnlyUnicodeEscapes() {
        // str(b'caf\\u00e9 \\U0001f600 \\\\u0041 \\n \xe9', 'raw-unicode-escape')
        assertEquals("caf\u00e9 \ud83d\ude00 \\\\u0041 \\n \u00e9",
                PickleText.rawUnicodeEscape("caf\\u00e9 \\U0001f600 \\\\u0041 \\n \u00e9"));
        assertEquals("a\\", PickleText.rawUnicodeEscape("a\\"));
        assertEquals("\\\\A", PickleText.rawUnicodeEscape("\\\\\\u0041")); // a pair, then an escape
    }

    @Test
    void escapedStringDecodesPythonEscapes() {
        // codecs.escape_decode(b"tab\\there \\x41\\101\\7 \\q \\'\\\\")[0]
        assertEquals("tab\there AA\u0007 \\q '\\", PickleText.escapedString("'tab\\there \\x41\\101\\7 \\q \\'\\\\'"));
        assertEquals("fc1.weight", PickleText.escapedString("\"fc1.weight\""));
    }
}
