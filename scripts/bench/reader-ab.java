import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads each vector file with two builds' VectorFileReader in one JVM, alternating which goes first, and prints the
 * best and median MB/s of each on this thread's CPU time (the first two reads of each are warm-up). Started by
 * scripts/bench/txt-reader-ab: java reader-ab.java REPS CLASSES_A CLASSES_B FILE...
 */
public class ReaderAb {
    public static void main(String[] args) throws Exception {
        int reps = Integer.parseInt(args[0]);
        Method[] read = new Method[2];
        for (int i = 0; i < 2; i++) {
            ClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[1 + i]).toUri().toURL()}, null);
            read[i] = loader.loadClass("io.sandwich.data.VectorFileReader").getMethod("read", Path.class, int.class);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int f = 3; f < args.length; f++) {
            Path file = Path.of(args[f]);
            double mb = Files.size(file) / 1e6;
            List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
            for (int r = 0; r < reps + 2; r++) {
                for (int k = 0; k < 2; k++) {
                    int v = r % 2 == 0 ? k : 1 - k;
                    long t0 = threads.getCurrentThreadCpuTime();
                    read[v].invoke(null, file, 0);
                    double mbs = mb / ((threads.getCurrentThreadCpuTime() - t0) / 1e9);
                    if (r >= 2) {
                        rates.get(v).add(mbs);
                    }
                }
            }
            for (int v = 0; v < 2; v++) {
                List<Double> s = new ArrayList<>(rates.get(v));
                Collections.sort(s);
                System.out.printf("%s %s: best %.0f, median %.0f MB/s (%d reads)%n", file.getFileName(),
                        v == 0 ? "A" : "B", s.get(s.size() - 1), s.get(s.size() / 2), s.size());
            }
        }
    }
}
