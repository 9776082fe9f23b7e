package io.sandwich.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** The start of a version 1.0 NumPy {@code .npy} file, as the writers put it before the elements. */
final class NpyHeader {
    private NpyHeader() {
    }

    /**
     * The magic, version and header of {@code rows} x {@code cols} elements of {@code descr} (e.g. {@code <f4}) in
     * C order, 1-D when {@code cols} is 0, padded to a multiple of 64 bytes as NumPy pads it.
     */
    static byte[] of(String descr, int rows, int cols) {
        String shape = cols == 0 ? "(" + rows + ",)" : "(" + rows + ", " + cols + ")";
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': "
                + shape + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.toString().getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
