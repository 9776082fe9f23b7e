package io.sandwich.io.torch;

import io.sandwich.io.torch.Pickled.StorageRef;
import io.sandwich.io.torch.Pickled.TensorRef;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a {@code torch.save}d state_dict, in either the legacy or the zip format, without trusting the file.
 */
public final class TorchCheckpointReader {
    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    static final int PROTOCOL_VERSION = 1001;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Deflate cannot expand data by more than about 1032 to 1. */
    private static final long MAX_DEFLATE_RATIO = 1100;
    /**
     * Views that repeat data (stride 0, overlapping or tied tensors) are copied out on load, so a small file could
     * ask for any amount of memory: the tensors may hold at most this many times the values stored, plus
     * {@link #FREE_VALUES}.
     */
    static final long MAX_VIEW_REPEAT = 8;
    /** Values the tensors may hold beyond {@link #MAX_VIEW_REPEAT} times those stored (64 MiB as float32). */
    static final long FREE_VALUES = 1L << 24;

    private TorchCheckpointReader() {
    }

    /**
     * The state_dict in the file, names in file order, values converted to float32.
     *
     * @throws CheckpointFormatException if the file is missing, unreadable, malformed, truncated, uses anything
     *     a weights-only load refuses, or holds something other than a mapping of names to dense tensors
     */
    public static StateDict read(Path path) {
        Format format = detect(path);
        String name = path.toString();
        try {
            return format == Format.ZIP ? readZip(path, name) : readLegacy(path, name);
        } catch (CheckpointFormatException e) {
            throw e.getMessage().startsWith(name) ? e : new CheckpointFormatException(name + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointFormatException(name + ": not a readable torch checkpoint ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
    }

    /** Which format the file is in, judged by its first bytes. */
    public static Format detect(Path path) {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(4);
        } catch (NoSuchFileException e) {
            throw new CheckpointFormatException("no such checkpoint file: " + path, e);
        } catch (IOException e) {
            throw new CheckpointFormatException("cannot read checkpoint " + path + ": " + e.getMessage(), e);
        }
        if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return Format.ZIP;
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            return Format.LEGACY;
        }
        throw new CheckpointFormatException(path + " is not a torch.save checkpoint: it is neither a zip archive "
                + "(PyTorch 1.6 and later) nor a pickle stream (earlier versions)");
    }

    private static StateDict readLegacy(Path path, String name) throws IOException {
        Map<String, StorageRef> table = new LinkedHashMap<>();
        try (BoundedInput in = new BoundedInput(new BufferedInputStream(Files.newInputStream(path)),
                Files.size(path))) {
            Object magic = new SafeUnpickler(name, in, true, table).loadOne("the magic number");
            if (!(magic instanceof BigInteger b) || !b.equals(MAGIC)) {
                throw new CheckpointFormatException(name + " is not a torch.save checkpoint (wrong magic number)");
            }
            Object protocol = new SafeUnpickler(name, in, true, table).loadOne("the protocol version");
            if (!(protocol instanceof Integer p) || p != PROTOCOL_VERSION) {
                throw new CheckpointFormatException(name + ": unsupported legacy protocol version (expected "
                        + PROTOCOL_VERSION + ")");
            }
            Object sysInfo = new SafeUnpickler(name, in, true, table).loadOne("sys_info");
            if (!(sysInfo instanceof Map)) {
                throw new CheckpointFormatException(name + ": sys_info is a " + Pickled.typeName(sysInfo));
            }
            Object main = new SafeUnpickler(name, in, true, table).loadOne("the state_dict pickle");
            if (!table.isEmpty() && !(main instanceof Map)) {
                throw notStateDict(name, main);
            }
            Object keys = new SafeUnpickler(name, in, true, table).loadOne("the storage key list");
            if (!(keys instanceof List<?> keyList)) {
                throw new CheckpointFormatException(name + ": the storage key list is a " + Pickled.typeName(keys));
            }
            Map<String, ByteBuffer> data = new HashMap<>();
            long stored = 0;
            for (Object k : keyList) {
                StorageRef root = k instanceof String s ? table.get(s) : null;
                if (root == null || data.containsKey(k)) {
                    throw new CheckpointFormatException(name + ": the storage key list names a storage that no "
                            + "tensor uses, or names one twice");
                }
                ByteBuffer count = ByteBuffer.wrap(in.readExactly(8, "the size of a storage"))
                        .order(ByteOrder.LITTLE_ENDIAN);
                long n = count.getLong(0);
                int size = root.dtype().size;
                if (n < 0 || n > in.remaining() / size) {
                    throw new CheckpointFormatException(name + ": storage " + k + " claims " + n
                            + " elements but the file has only " + in.remaining() + " bytes left");
                }
                byte[] bytes = in.readExactly(n * size, "storage " + k);
                data.put(root.key(), ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
                stored += n;
            }
            return build(name, main, data, stored);
        }
    }

    private static StateDict readZip(Path path, String name) throws IOException {
        long fileSize = Files.size(path);
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry first = firstEntry(zip);
            int slash = first == null ? -1 : first.getName().indexOf('/');
            if (slash <= 0) {
                throw new CheckpointFormatException(name + " is a zip archive but not a torch.save checkpoint "
                        + "(its entries are not under one folder)");
            }
            String prefix = first.getName().substring(0, slash + 1);
            ZipEntry pkl = entry(zip, prefix + "data.pkl");
            if (pkl == null) {
                throw new CheckpointFormatException(name + " is a zip archive but not a torch.save checkpoint (no "
                        + prefix + "data.pkl)");
            }
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipEntry bo = entry(zip, prefix + "byteorder");
            if (bo != null) {
                String s = new String(readEntry(zip, bo, Math.min(bo.getSize(), 16), fileSize),
                        StandardCharsets.US_ASCII).trim();
                if (s.equals("big")) {
                    order = ByteOrder.BIG_ENDIAN;
                } else if (!s.equals("little")) {
                    throw new CheckpointFormatException(name + ": unknown byte order in " + bo.getName());
                }
            }
            byte[] pickle = readEntry(zip, pkl, pkl.getSize(), fileSize);
            Map<String, StorageRef> table = new LinkedHashMap<>();
            Object main = new SafeUnpickler(name, new BoundedInput(new ByteArrayInputStream(pickle), pickle.length),
                    false, table).loadOne("data.pkl");
            Map<String, ByteBuffer> data = new HashMap<>();
            long stored = 0;
            for (StorageRef root : table.values()) {
                ZipEntry e = entry(zip, prefix + "data/" + root.key());
                if (e == null) {
                    throw new CheckpointFormatException(name + ": storage " + root.key() + " has no entry "
                            + prefix + "data/" + root.key());
                }
                if (root.numel() > MAX_ARRAY / root.dtype().size) { // also keeps numel * size from overflowing
                    throw new CheckpointFormatException(name + ": storage " + root.key() + " claims " + root.numel()
                            + " elements, more than one array can hold");
                }
                long needed = root.numel() * root.dtype().size;
                data.put(root.key(), ByteBuffer.wrap(readEntry(zip, e, needed, fileSize)).order(order));
                stored += root.numel();
            }
            return build(name, main, data, stored);
        }
    }

    /** The archive's first entry, or null. */
    private static ZipEntry firstEntry(ZipFile zip) {
        try {
            Enumeration<? extends ZipEntry> all = zip.entries();
            return all.hasMoreElements() ? all.nextElement() : null;
        } catch (IllegalArgumentException e) { // see entry(ZipFile, String)
            throw badName(e);
        }
    }

    /** The entry of that name, or null. */
    private static ZipEntry entry(ZipFile zip, String entryName) {
        try {
            return zip.getEntry(entryName);
        } catch (IllegalArgumentException e) { // how ZipFile reports a comment (or name) it cannot decode
            throw badName(e);
        }
    }

    private static CheckpointFormatException badName(IllegalArgumentException e) {
        return new CheckpointFormatException("a zip entry's header cannot be decoded: a name or comment that is not "
                + "UTF-8? (" + e.getMessage() + ")");
    }

    /** The first {@code needed} bytes of an entry, after checking the archive can really hold them. */
    private static byte[] readEntry(ZipFile zip, ZipEntry e, long needed, long fileSize) throws IOException {
        long size = e.getSize();
        long csize = e.getCompressedSize();
        long possible = e.getMethod() == ZipEntry.STORED ? fileSize
                : csize < 0 ? 0 : Math.min(csize, fileSize) * MAX_DEFLATE_RATIO;
        if (needed < 0 || size < needed || needed > possible || needed > MAX_ARRAY) {
            throw new CheckpointFormatException("entry " + e.getName() + " should hold " + needed
                    + " bytes but holds " + size + (needed > possible ? " (more than the file can)" : ""));
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] out = in.readNBytes((int) needed);
            if (out.length != needed) {
                throw new CheckpointFormatException("entry " + e.getName() + " is cut short");
            }
            return out;
        }
    }

    private static CheckpointFormatException notStateDict(String name, Object main) {
        return new CheckpointFormatException(name + " holds a " + Pickled.typeName(main)
                + ", not a state_dict (a mapping of names to tensors)");
    }

    /** The state_dict, its tensors copied out of the {@code stored} values of the storages in {@code data}. */
    private static StateDict build(String name, Object main, Map<String, ByteBuffer> data, long stored) {
        if (!(main instanceof Map<?, ?> map)) {
            throw notStateDict(name, main);
        }
        long allowed = FREE_VALUES + MAX_VIEW_REPEAT * stored;
        StateDict out = new StateDict();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new CheckpointFormatException(name + ": a state_dict key is a " + Pickled.typeName(e.getKey())
                        + ", not a str");
            }
            if (!(e.getValue() instanceof TensorRef ref)) {
                throw new CheckpointFormatException(name + ": '" + key + "' is a "
                        + Pickled.typeName(e.getValue()) + ", not a tensor; only a state_dict of tensors can be read "
                        + "(save model.state_dict() rather than a whole model or training checkpoint)");
            }
            TorchTensor t = materialize(key, ref, data.get(ref.storage().key()), allowed);
            allowed -= t.numel();
            out.put(key, t);
        }
        return out;
    }

    /**
     * Copies a possibly strided view out of its storage, after checking that it lies within it and that it has at
     * most {@code allowed} values.
     */
    static TorchTensor materialize(String key, TensorRef ref, ByteBuffer buf, long allowed) {
        StorageRef s = ref.storage();
        if (buf == null) {
            throw new CheckpointFormatException("the data of tensor " + key + " is missing");
        }
        Dtype dtype = s.dtype();
        long present = buf.capacity() / dtype.size;
        long[] size = ref.size();
        long[] stride = ref.stride();
        int[] shape = new int[size.length];
        long numel = 1;
        long last = ref.offset();
        try {
            for (int d = 0; d < size.length; d++) {
                if (size[d] > MAX_ARRAY) {
                    throw new ArithmeticException();
                }
                shape[d] = (int) size[d];
                numel = Math.multiplyExact(numel, size[d]);
                if (size[d] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
                }
            }
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException("tensor " + key + " has an impossibly large shape or stride");
        }
        if (numel > MAX_ARRAY) {
            throw new CheckpointFormatException("tensor " + key + " is too large (" + numel + " elements)");
        }
        if (numel > allowed) {
            throw new CheckpointFormatException("tensor " + key + " of shape " + Arrays.toString(shape) + " (stride "
                    + Arrays.toString(stride) + ") would bring the tensors to more values than " + MAX_VIEW_REPEAT
                    + " times those stored plus " + FREE_VALUES + ": views that repeat the stored data (stride 0, "
                    + "overlap) are copied out on load, and this file repeats it too often");
        }
        long limit = Math.min(s.numel(), present - s.viewOffset());
        if (numel > 0 && last >= limit) {
            throw new CheckpointFormatException("tensor " + key + " of shape " + Arrays.toString(shape)
                    + " (offset " + ref.offset() + ", stride " + Arrays.toString(stride) + ") reaches element "
                    + last + " but its storage holds only " + Math.max(0, limit));
        }
        float[] out = new float[(int) numel];
        int[] idx = new int[shape.length];
        long pos = s.viewOffset() + ref.offset();
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype.read(buf, (int) pos);
            for (int d = shape.length - 1; d >= 0; d--) { // odometer over the indices, last dimension fastest
                if (++idx[d] < shape[d]) {
                    pos += stride[d];
                    break;
                }
                idx[d] = 0;
                pos -= stride[d] * (shape[d] - 1);
            }
        }
        return new TorchTensor(dtype.torchName, shape, out);
    }
}
