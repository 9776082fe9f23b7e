package io.sandwich;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Base of the project's own exceptions: each carries a sentence a user can act on; the CLI prints that sentence
 * alone unless {@code --verbose} asks for the stack. A setting the sentence names is marked with {@link #setting}, so
 * that the sentence can name it in the caller's terms: {@link #getMessage()} gives the Java API's name
 * ({@code checkpointEvery}, {@code lr}), the command line its flag ({@code --checkpoint-every}).
 */
public class SandwichException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final char OPEN = '\u0001';
    private static final char CLOSE = '\u0002';
    private static final Pattern MARKED = Pattern.compile(OPEN + "([^" + CLOSE + "]*)" + CLOSE);

    /** An error with a user-facing message. */
    public SandwichException(String message) {
        super(message);
    }

    /** An error with a user-facing message and the low-level cause. */
    public SandwichException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The setting {@code name}, in the Java API's terms, marked in a message so that each caller can name it. */
    public static String setting(String name) {
        return OPEN + name + CLOSE;
    }

    /** The message, each setting named as the Java API names it. */
    @Override
    public String getMessage() {
        return message(UnaryOperator.identity());
    }

    /** The message with each setting named by {@code names}, given its API name. */
    public String message(UnaryOperator<String> names) {
        return named(marked(), names);
    }

    /** {@code text} with each setting {@link #setting} marked in it named by {@code names}. */
    public static String named(String text, UnaryOperator<String> names) {
        if (text == null || text.indexOf(OPEN) < 0) {
            return text;
        }
        Matcher x = MARKED.matcher(text);
        StringBuilder b = new StringBuilder();
        while (x.find()) {
            x.appendReplacement(b, Matcher.quoteReplacement(names.apply(x.group(1))));
        }
        return x.appendTail(b).toString();
    }

    /** The message with its settings still marked, to build another message on. */
    public String marked() {
        return super.getMessage();
    }
}
