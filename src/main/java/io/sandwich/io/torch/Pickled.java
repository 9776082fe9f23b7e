package io.sandwich.io.torch;

import java.util.LinkedHashMap;

/** The inert objects the restricted unpickler builds in place of Python objects, and the checks that build them. */
final class Pickled {
    private Pickled() {
    }

    /** A reference to an allowed Python global; nothing is looked up or called. */
    record Global(String module, String name) {
        String fullName() {
            return module + "." + name;
        }
    }

    /**
     * A storage named by a persistent id: {@code numel} elements of {@code dtype} under {@code key}, or, for a legacy
     * storage view, {@code numel} elements starting at element {@code viewOffset} of that storage.
     */
    record StorageRef(String key, Dtype dtype, String storageClass, long numel, long viewOffset) {
    }

    /** A tensor still to be cut out of its storage once the storages have been read. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    /** {@code collections.OrderedDict}; keeps insertion order, and remembers whether BUILD gave it attributes. */
    static final class PyOrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
        boolean hasMetadata;
    }

    /** A short Python-ish type name for error messages; never prints the object itself (it may be cyclic). */
    static String typeName(Object o) {
        if (o == null) {
            return "None";
        } else if (o instanceof String) {
            return "str";
        } else if (o instanceof Boolean) {
            return "bool";
        } else if (o instanceof Number) {
            return o instanceof Double || o instanceof Float ? "float" : "int";
        } else if (o instanceof Object[]) {
            return "tuple";
        } else if (o instanceof java.util.List) {
            return "list";
        } else if (o instanceof java.util.Map) {
            return o instanceof PyOrderedDict ? "OrderedDict" : "dict";
        } else if (o instanceof byte[]) {
            return "bytes";
        } else if (o instanceof Global g) {
            return g.fullName();
        } else if (o instanceof StorageRef) {
            return "storage";
        } else if (o instanceof TensorRef) {
            return "tensor";
        }
        return o.getClass().getSimpleName();
    }

    /** The tensor a {@code _rebuild_tensor} or {@code _rebuild_tensor_v2} call describes (arguments counted). */
    static TensorRef tensor(Object[] a) {
        if (!(a[0] instanceof StorageRef s)) {
            throw new CheckpointFormatException("a tensor's first argument is a " + typeName(a[0])
                    + ", not a storage");
        }
        long offset = nonNegative(a[1], "storage offset");
        long[] size = longs(a[2], "size");
        long[] stride = longs(a[3], "stride");
        if (size.length != stride.length) {
            throw new CheckpointFormatException("a tensor has " + size.length + " sizes but " + stride.length
                    + " strides");
        }
        return new TensorRef(s, offset, size, stride);
    }

    private static long[] longs(Object o, String what) {
        if (!(o instanceof Object[] t) || t.length > 64) {
            throw new CheckpointFormatException("a tensor's " + what + " is a " + typeName(o)
                    + ", not a short tuple");
        }
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = nonNegative(t[i], what);
        }
        return out;
    }

    static long nonNegative(Object o, String what) {
        if (!(o instanceof Integer || o instanceof Long) || ((Number) o).longValue() < 0) {
            throw new CheckpointFormatException("a tensor's " + what + " is not a non-negative integer");
        }
        return ((Number) o).longValue();
    }
}
