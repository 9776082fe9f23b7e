package io.sandwich.backend;

/**
 * The driver refused to capture a step or to instantiate its graph (an old driver, a library call it cannot
 * capture): the step itself is sound and runs eagerly instead. Refusals of what a captured step must not do (wait,
 * allocate) are plain {@link BackendException}s, programming errors that no fallback hides.
 */
public class CaptureFailedException extends BackendException {
    private static final long serialVersionUID = 1L;

    /** The failure, naming the step, with the driver's error as its cause. */
    public CaptureFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
