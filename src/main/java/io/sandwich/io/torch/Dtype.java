package io.sandwich.io.torch;

import java.nio.ByteBuffer;

/** The element types this package can read and write, with their torch storage class names and sizes. */
enum Dtype {
    FLOAT32("float32", "FloatStorage", 4),
    FLOAT64("float64", "DoubleStorage", 8),
    FLOAT16("float16", "HalfStorage", 2),
    BFLOAT16("bfloat16", "BFloat16Storage", 2),
    INT64("int64", "LongStorage", 8),
    INT32("int32", "IntStorage", 4),
    INT16("int16", "ShortStorage", 2),
    INT8("int8", "CharStorage", 1),
    UINT8("uint8", "ByteStorage", 1),
    BOOL("bool", "BoolStorage", 1);

    final String torchName;
    final String storageClass;
    final int size;

    Dtype(String torchName, String storageClass, int size) {
        this.torchName = torchName;
        this.storageClass = storageClass;
        this.size = size;
    }

    static Dtype byName(String name) {
        for (Dtype d : values()) {
            if (d.torchName.equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unsupported dtype " + name);
    }

    /** The dtype of a storage class name such as {@code FloatStorage}, or null. */
    static Dtype byStorageClass(String name) {
        if (name.equals("UntypedStorage")) {
            return UINT8;
        }
        for (Dtype d : values()) {
            if (d.storageClass.equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** The element at {@code index} (in elements) of {@code buf}, as float32. */
    float read(ByteBuffer buf, int index) {
        int at = index * size;
        switch (this) {
            case FLOAT32: return buf.getFloat(at);
            case FLOAT64: return (float) buf.getDouble(at);
            case FLOAT16: return halfToFloat(buf.getShort(at));
            case BFLOAT16: return Float.intBitsToFloat((buf.getShort(at) & 0xffff) << 16);
            case INT64: return (float) buf.getLong(at);
            case INT32: return (float) buf.getInt(at);
            case INT16: return (float) buf.getShort(at);
            case INT8: return (float) buf.get(at);
            case UINT8: return (float) (buf.get(at) & 0xff);
            case BOOL: return buf.get(at) != 0 ? 1f : 0f;
            default: throw new AssertionError(this);
        }
    }

    /** Writes {@code v}, converted to this dtype, at the buffer's position. */
    void write(ByteBuffer buf, float v) {
        switch (this) {
            case FLOAT32 -> buf.putFloat(v);
            case FLOAT64 -> buf.putDouble(v);
            case FLOAT16 -> buf.putShort(floatToHalf(v));
            case BFLOAT16 -> buf.putShort(floatToBfloat16(v));
            case INT64 -> buf.putLong((long) v);
            case INT32 -> buf.putInt((int) v);
            case INT16 -> buf.putShort((short) (int) v);
            case INT8 -> buf.put((byte) (int) v);
            case UINT8 -> buf.put((byte) (int) v);
            case BOOL -> buf.put((byte) (v != 0 ? 1 : 0));
            default -> throw new AssertionError(this);
        }
    }

    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float f = mant * 0x1p-24f; // subnormal or zero, exact
            return sign != 0 ? -f : f;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** float32 to IEEE half, rounding to nearest even like torch. */
    static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs >= 0x7f800000) { // inf or NaN
            return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 : 0));
        }
        if (abs >= 0x477ff000) { // rounds to >= 65520: overflow to infinity
            return (short) (sign | 0x7c00);
        }
        if (abs < 0x38800000) { // below the smallest normal half: subnormal, round half to even
            float a = Float.intBitsToFloat(abs) * 0x1p24f; // exact scaling
            int m = (int) Math.rint(a);
            return (short) (sign | m);
        }
        int exp = (abs >>> 23) - 112;
        int mant = abs & 0x7fffff;
        int h = (exp << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) {
            h++; // may carry into the exponent, which is still correct
        }
        return (short) (sign | h);
    }

    /** float32 to bfloat16, rounding to nearest even like torch. */
    static short floatToBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) ((bits >>> 16) | 0x40); // quiet NaN
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
