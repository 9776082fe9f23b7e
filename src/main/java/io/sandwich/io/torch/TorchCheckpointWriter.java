package io.sandwich.io.torch;

import io.sandwich.io.AtomicFiles;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a state_dict as {@code torch.save} would, in the legacy or the zip format, so that
 * {@code torch.load(f, weights_only=True)} and {@code load_state_dict} accept it; the file is replaced atomically.
 */
public final class TorchCheckpointWriter {
    private static final String ARCHIVE = "archive/";
    private static final int ALIGNMENT = 64;

    private TorchCheckpointWriter() {
    }

    /**
     * Writes {@code state} to {@code path} in the given format: each tensor in its own dtype (float values are
     * rounded to float16/bfloat16, integers truncated) and its own storage. Nothing is left at {@code path}, nor
     * beside it, if writing fails; an existing file there is replaced only once the new one is complete.
     */
    public static void write(StateDict state, Path path, Format format) {
        AtomicFiles.write(path, false, out -> {
            if (format == Format.ZIP) {
                writeZip(state, out);
            } else {
                writeLegacy(state, out);
            }
        });
    }

    /** The state_dict pickle: an OrderedDict of {@code _rebuild_tensor_v2} calls on storage {@code i} for tensor i. */
    static byte[] statePickle(StateDict state, boolean legacy) {
        PickleWriter p = new PickleWriter().proto().orderedDict().mark();
        int i = 0;
        for (Map.Entry<String, TorchTensor> e : state.asMap().entrySet()) {
            TorchTensor t = e.getValue();
            Dtype dtype = Dtype.byName(t.dtype());
            int[] shape = t.shape();
            long[] size = new long[shape.length];
            long[] stride = new long[shape.length];
            long step = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                size[d] = shape[d];
                stride[d] = step;
                step *= Math.max(1, shape[d]);
            }
            p.string(e.getKey()).global("torch._utils", "_rebuild_tensor_v2").mark();
            p.mark().string("storage").global("torch", dtype.storageClass).string(String.valueOf(i))
                    .string("cpu").integer(t.numel());
            if (legacy) {
                p.none();
            }
            p.tuple().op('Q'); // BINPERSID
            p.integer(0).intTuple(size).intTuple(stride).bool(false).orderedDict().tuple().reduce();
            i++;
        }
        return p.op('u').stop().toByteArray(); // SETITEMS
    }

    static byte[] storageBytes(TorchTensor t) {
        Dtype dtype = Dtype.byName(t.dtype());
        ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(t.numel(), dtype.size)).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : t.data()) {
            dtype.write(buf, v);
        }
        return buf.array();
    }

    private static void writeLegacy(StateDict state, OutputStream out) throws IOException {
        out.write(new PickleWriter().proto().bigInteger(TorchCheckpointReader.MAGIC).stop().toByteArray());
        out.write(new PickleWriter().proto().integer(TorchCheckpointReader.PROTOCOL_VERSION).stop().toByteArray());
        out.write(new PickleWriter().proto().op('}').mark()
                .string("protocol_version").integer(TorchCheckpointReader.PROTOCOL_VERSION)
                .string("little_endian").bool(true)
                .string("type_sizes").op('}').mark().string("short").integer(2).string("int").integer(4)
                .string("long").integer(4).op('u')
                .op('u').stop().toByteArray());
        out.write(statePickle(state, true));
        PickleWriter keys = new PickleWriter().proto().op(']');
        if (state.size() > 0) {
            keys.mark();
            for (int i = 0; i < state.size(); i++) {
                keys.string(String.valueOf(i));
            }
            keys.op('e'); // APPENDS
        }
        out.write(keys.stop().toByteArray());
        for (TorchTensor t : state.asMap().values()) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, t.numel()).array());
            out.write(storageBytes(t));
        }
    }

    private static void writeZip(StateDict state, OutputStream raw) throws IOException {
        CountingOutputStream counted = new CountingOutputStream(raw);
        ZipOutputStream zip = new ZipOutputStream(counted); // finished, not closed: the caller still forces the file
        {
            putStored(zip, counted, ARCHIVE + "data.pkl", statePickle(state, false), false);
            putStored(zip, counted, ARCHIVE + "byteorder", "little".getBytes(StandardCharsets.US_ASCII), false);
            int i = 0;
            for (TorchTensor t : state.asMap().values()) {
                putStored(zip, counted, ARCHIVE + "data/" + i++, storageBytes(t), true);
            }
            putStored(zip, counted, ARCHIVE + "version", "3\n".getBytes(StandardCharsets.US_ASCII), false);
        }
        zip.finish();
    }

    /** An uncompressed entry; with {@code align}, padded (in an extra field, as torch does) to start its data on 64. */
    private static void putStored(ZipOutputStream zip, CountingOutputStream counted, String name, byte[] data,
                                  boolean align) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTimeLocal(LocalDateTime.of(2000, 1, 1, 0, 0));
        if (align) {
            long start = counted.count + 30 + name.getBytes(StandardCharsets.UTF_8).length + 4;
            int pad = (int) ((ALIGNMENT - start % ALIGNMENT) % ALIGNMENT);
            byte[] extra = new byte[4 + pad];
            extra[0] = 'F';
            extra[1] = 'B';
            extra[2] = (byte) pad;
            extra[3] = (byte) (pad >>> 8);
            e.setExtra(extra);
        }
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** Counts the bytes written, to know where each zip entry's data will start. */
    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
