package io.sandwich.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training rows of the seed's baseline net: {@code tr_app.txt} (inputs) and {@code tr_l1.txt} (targets), space
 * separated decimals, one row per line, each parsed to the nearest float as sandwich's reader does.
 *
 * @param x inputs, row-major, rows x inputs
 * @param y targets, row-major, rows x outputs
 * @param rows rows in both files
 * @param inputs columns of tr_app.txt
 * @param outputs columns of tr_l1.txt
 */
public record SeedData(float[] x, float[] y, int rows, int inputs, int outputs) {

    /** Reads both files from {@code dir}; their row counts must agree. */
    public static SeedData load(Path dir) throws IOException {
        Matrix x = read(dir.resolve("tr_app.txt"));
        Matrix y = read(dir.resolve("tr_l1.txt"));
        if (x.rows != y.rows) {
            throw new IOException("tr_app.txt has " + x.rows + " rows but tr_l1.txt has " + y.rows);
        }
        return new SeedData(x.values, y.values, x.rows, x.cols, y.cols);
    }

    private record Matrix(float[] values, int rows, int cols) {
    }

    private static Matrix read(Path file) throws IOException {
        List<float[]> rows = new ArrayList<>();
        int cols = -1;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = r.readLine()) != null) {
                String t = line.trim();
                if (t.isEmpty()) {
                    continue;
                }
                String[] parts = t.split("\\s+");
                if (cols < 0) {
                    cols = parts.length;
                } else if (parts.length != cols) {
                    throw new IOException(file + " line " + (rows.size() + 1) + ": expected " + cols
                            + " numbers, found " + parts.length);
                }
                float[] row = new float[cols];
                for (int i = 0; i < cols; i++) {
                    row[i] = Float.parseFloat(parts[i]);
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new IOException(file + " has no rows");
        }
        float[] values = new float[rows.size() * cols];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, values, i * cols, cols);
        }
        return new Matrix(values, rows.size(), cols);
    }
}
