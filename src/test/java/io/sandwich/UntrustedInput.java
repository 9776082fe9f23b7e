package io.sandwich;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The property every fuzz target checks on a reader of untrusted files: within {@value #SECONDS} seconds it
 * returns, or throws its documented exception with a message; nothing else escapes, the exception does not wrap
 * a programming error, and the reader does not allocate far more memory than the input could justify.
 */
public final class UntrustedInput {
    /**
     * The time box of one input. A read of a few kilobytes takes well under a millisecond; the first one also loads
     * and instruments the reader's classes, which takes seconds on a busy machine.
     */
    public static final int SECONDS = 20;
    /**
     * Memory a read may use whatever its input: buffers, class loading on first use and a broadcast tensor of up to
     * 2^24 values (64 MiB).
     */
    private static final long BASE_BYTES = 128L << 20;
    /**
     * Memory a read may use per input byte: deflate expands at most about 1032 to 1, a one-byte element widens to a
     * 4-byte float, and a checkpoint's tensors may view their storages 8 times over.
     */
    private static final long BYTES_PER_INPUT_BYTE = 50_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Runs each read, so that one that never ends can be abandoned; replaced when that happens. */
    private static ExecutorService worker;
    private static Thread workerThread;

    private UntrustedInput() {
    }

    /**
     * Runs {@code read} on an input of {@code inputLength} bytes and fails with an {@link AssertionError} unless it
     * returns within the time box or throws {@code documented} with a non-blank message whose causes are only the
     * project's own exceptions, I/O errors or the pickle library's format errors. Any other exception or error
     * propagates as it is, so that the fuzzer sees (and deduplicates by) its own stack.
     */
    public static synchronized void check(Class<? extends SandwichException> documented, int inputLength,
            Runnable read) {
        Future<Long> result = worker().submit(() -> {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            try {
                read.run();
            } catch (SandwichException e) {
                checkDocumented(documented, e);
            }
            return THREADS.getCurrentThreadAllocatedBytes() - before;
        });
        long used;
        try {
            used = result.get(SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            AssertionError hang = new AssertionError("expected a result within " + SECONDS + " s for an input of "
                    + inputLength + " bytes, found the reader still running at the stack below");
            hang.setStackTrace(workerThread.getStackTrace());
            worker.shutdownNow();
            worker = null;
            throw hang;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        long budget = BASE_BYTES + BYTES_PER_INPUT_BYTE * inputLength;
        if (used > budget) {
            throw new AssertionError("expected at most " + budget + " bytes allocated for an input of " + inputLength
                    + " bytes, found " + used);
        }
    }

    private static void checkDocumented(Class<? extends SandwichException> documented, SandwichException e) {
        if (!documented.isInstance(e)) {
            throw new AssertionError("expected only " + documented.getSimpleName() + ", found " + e, e);
        }
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("expected a message, found none on " + e.getClass().getName(), e);
        }
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 32; depth++, cause = cause.getCause()) {
            if (!(cause instanceof SandwichException || cause instanceof IOException
                    || cause.getClass().getName().startsWith("net.razorvine.pickle."))) {
                throw new AssertionError("expected a format error, found one wrapping the programming error "
                        + cause, e);
            }
        }
    }

    private static ExecutorService worker() {
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                workerThread = new Thread(r, "untrusted-input");
                workerThread.setDaemon(true);
                return workerThread;
            });
        }
        return worker;
    }

    /**
     * Writes {@code bytes} over {@code file}, then cuts it to their length. {@code Files.write} truncates to zero
     * first, which on ext4 forces the old contents to disk (auto_da_alloc) and makes each fuzz input cost
     * milliseconds instead of microseconds.
     */
    public static void overwrite(Path file, byte[] bytes) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                c.write(b, b.position());
            }
            c.truncate(bytes.length);
        }
    }
}
