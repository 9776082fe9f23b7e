package io.sandwich.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a peer prints and writes: the benchmark's fields as {@code sandwich bench --json} and
 * {@code scripts/bench/torch-peer.py} write them, or the parity mode's step losses; plus the row order of an epoch and
 * the process's peak resident memory.
 */
public final class PeerReport {
    private PeerReport() {
    }

    /** A fresh random order of {@code n} rows (Fisher-Yates). */
    public static int[] shuffled(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** VmHWM of this process from /proc/self/status, in MB (0 where there is none). */
    public static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /**
     * Prints the summary line and writes {@code --json} with the benchmark's fields; {@code extra} adds string
     * fields (the BLAS, the native library).
     */
    public static void bench(PeerArgs a, String tool, int rows, double[] epochSeconds, Map<String, String> extra)
            throws IOException {
        double[] sorted = epochSeconds.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double sec = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        int steps = (rows + a.batch() - 1) / a.batch();
        double rss = peakRssMb();
        StringBuilder j = new StringBuilder("{\n");
        field(j, "tool", quote(tool));
        field(j, "model", quote("app2l1"));
        field(j, "device", quote(a.device()));
        field(j, "threads", Integer.toString(a.threads()));
        field(j, "batch", Integer.toString(a.batch()));
        field(j, "rows", Integer.toString(rows));
        field(j, "epochs_timed", Integer.toString(a.epochs()));
        field(j, "seconds_per_epoch", num(sec));
        field(j, "ms_per_step", num(sec * 1000 / steps));
        field(j, "samples_per_second", num(rows / sec));
        field(j, "peak_rss_mb", num(rss));
        extra.forEach((k, v) -> field(j, k, quote(v)));
        j.append("  \"epoch_seconds\": ").append(array(sorted)).append("\n}\n");
        System.out.printf(Locale.ROOT, "%s on %s, batch %d, %d rows: %.0f samples/s, %.2f ms/step, %.3f s/epoch"
                + " (median of %d), peak RSS %.0f MB%n", tool, a.device(), a.batch(), rows, rows / sec,
                sec * 1000 / steps, sec, n, rss);
        write(a.json(), j.toString());
    }

    /** Prints and writes ({@code --json}) the parity mode's step losses. */
    public static void parity(PeerArgs a, String tool, double[] losses, Map<String, String> extra)
            throws IOException {
        StringBuilder j = new StringBuilder("{\n");
        field(j, "tool", quote(tool));
        field(j, "batch", Integer.toString(a.batch()));
        field(j, "steps", Integer.toString(losses.length));
        extra.forEach((k, v) -> field(j, k, quote(v)));
        j.append("  \"losses\": ").append(array(losses)).append("\n}\n");
        System.out.println(tool + " parity, batch " + a.batch() + ", step losses " + array(losses));
        write(a.json(), j.toString());
    }

    private static void field(StringBuilder j, String key, String value) {
        j.append("  ").append(quote(key)).append(": ").append(value).append(",\n");
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String array(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(num(v[i]));
        }
        return b.append(']').toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static void write(Path file, String text) throws IOException {
        if (file == null) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
