package io.sandwich.io.torch;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickle protocol 2 opcodes, restricted to those {@code torch.load(weights_only=True)} understands; no memo
 * is used, so every global is written out in full where it is needed.
 */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter proto() {
        out.write(0x80);
        out.write(2);
        return this;
    }

    PickleWriter global(String module, String name) {
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    PickleWriter op(char opcode) {
        out.write(opcode);
        return this;
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter tuple() {
        return op('t');
    }

    PickleWriter reduce() {
        return op('R');
    }

    PickleWriter bool(boolean b) {
        return op(b ? (char) 0x88 : (char) 0x89);
    }

    PickleWriter none() {
        return op('N');
    }

    PickleWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        int32(b.length);
        out.writeBytes(b);
        return this;
    }

    PickleWriter integer(long v) {
        if (v >= 0 && v < 256) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v < 65536) {
            out.write('M');
            out.write((int) v & 0xff);
            out.write((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            int32((int) v);
        } else {
            bigInteger(BigInteger.valueOf(v));
        }
        return this;
    }

    /** LONG1: little-endian two's complement. */
    PickleWriter bigInteger(BigInteger v) {
        byte[] be = v.toByteArray();
        out.write(0x8a);
        out.write(be.length);
        for (int i = be.length - 1; i >= 0; i--) {
            out.write(be[i]);
        }
        return this;
    }

    /** A tuple of ints, as {@code (...)} with MARK/TUPLE or EMPTY_TUPLE. */
    PickleWriter intTuple(long[] values) {
        if (values.length == 0) {
            return op(')');
        }
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    /** {@code collections.OrderedDict()}. */
    PickleWriter orderedDict() {
        return global("collections", "OrderedDict").op(')').reduce();
    }

    PickleWriter stop() {
        return op('.');
    }

    private void int32(int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
