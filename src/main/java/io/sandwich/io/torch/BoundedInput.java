package io.sandwich.io.torch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** An input stream that knows how many bytes are left, so that sizes claimed by a file can be checked first. */
final class BoundedInput extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInput(InputStream in, long length) {
        this.in = in;
        this.remaining = length;
    }

    long remaining() {
        return remaining;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            remaining--;
        } else {
            remaining = 0;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) {
            remaining -= n;
        } else if (n < 0) {
            remaining = 0;
        }
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    /** Exactly {@code n} bytes, after checking that they are there. */
    byte[] readExactly(long n, String what) throws IOException {
        if (n < 0 || n > remaining) {
            throw new CheckpointFormatException(what + " claims " + n + " bytes but only " + remaining
                    + " remain");
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new CheckpointFormatException(what + " is too large (" + n + " bytes)");
        }
        byte[] out = in.readNBytes((int) n);
        remaining -= out.length;
        if (out.length != n) {
            throw new EOFException(what + " is cut short");
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
