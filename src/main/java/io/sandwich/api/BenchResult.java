package io.sandwich.api;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.sandwich.io.AtomicFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Training throughput as measured by {@link Sandwich#bench}.
 *
 * @param options what was measured
 * @param device the device that computed
 * @param rows training rows per epoch
 * @param epochSeconds the timed epochs' wall times, in order
 * @param peakRssMb the process's peak resident memory (0 where the system does not say)
 * @param epochLimits the speed of the step's matrix products alone, measured in the same process right after each
 *     timed epoch
 */
public record BenchResult(BenchOptions options, String device, int rows, double[] epochSeconds, double peakRssMb,
        List<GemmLimit> epochLimits) {
    /** Checks that each timed epoch has its limit. */
    public BenchResult {
        if (epochSeconds.length == 0 || epochLimits.size() != epochSeconds.length) {
            throw new IllegalArgumentException("expected a limit for each of at least one epoch, found "
                    + epochLimits.size() + " for " + epochSeconds.length);
        }
        epochSeconds = epochSeconds.clone();
        epochLimits = List.copyOf(epochLimits);
    }

    /** The median of the timed epochs (of an even count, the slower middle one). */
    public double secondsPerEpoch() {
        return median(epochSeconds);
    }

    /** Training steps per epoch. */
    public int steps() {
        int batch = options.settings().get(Hyperparameters.BATCH);
        return (rows + batch - 1) / batch;
    }

    /** Milliseconds per training step. */
    public double msPerStep() {
        return secondsPerEpoch() * 1000 / steps();
    }

    /** Rows trained per second. */
    public double samplesPerSecond() {
        return rows / secondsPerEpoch();
    }

    /** The step's products alone: each at its median rate over the timed epochs' limits. */
    public GemmLimit gemmLimit() {
        return GemmLimit.median(epochLimits);
    }

    /**
     * The median over the timed epochs of each epoch's samples a second divided by the GEMM-bound limit measured
     * right after it ({@link GemmLimit}); pairing them keeps the machine's own drift out of the ratio.
     */
    public double efficiency() {
        return median(epochEfficiencies());
    }

    private double[] epochEfficiencies() {
        double[] e = new double[epochSeconds.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = rows / epochSeconds[i] / epochLimits.get(i).samplesPerSecond();
        }
        return e;
    }

    /** The middle value of {@code values}; of an even count, the upper one. */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The result as the JSON that {@code bench --json} writes. */
    public String json() {
        return new GsonBuilder().setPrettyPrinting().create().toJson(toJson()) + "\n";
    }

    private JsonObject toJson() {
        Compute c = options.compute();
        JsonObject j = new JsonObject();
        j.addProperty("tool", "sandwich");
        j.addProperty("model", options.model().name());
        j.addProperty("device", device);
        j.addProperty("threads", c.threads());
        j.addProperty("graphs", c.graphs());
        j.addProperty("spmm", c.spmm());
        j.addProperty("tf32", c.tf32());
        j.addProperty("bf16", c.bf16());
        j.addProperty("batch", options.settings().get(Hyperparameters.BATCH));
        j.addProperty("rows", rows);
        j.addProperty("epochs_timed", options.epochs());
        j.addProperty("seconds_per_epoch", secondsPerEpoch());
        j.addProperty("ms_per_step", msPerStep());
        j.addProperty("samples_per_second", samplesPerSecond());
        j.addProperty("peak_rss_mb", peakRssMb);
        j.addProperty("gemm_bound_samples_per_second", gemmLimit().samplesPerSecond());
        j.addProperty("efficiency", efficiency());
        com.google.gson.JsonArray shapes = new com.google.gson.JsonArray();
        for (GemmLimit.Shape s : gemmLimit().shapes()) {
            JsonObject o = new JsonObject();
            o.addProperty("m", s.m());
            o.addProperty("n", s.n());
            o.addProperty("k", s.k());
            o.addProperty("trans_a", s.transA());
            o.addProperty("trans_b", s.transB());
            o.addProperty("per_step", s.perStep());
            o.addProperty("gflops", s.gflops());
            shapes.add(o);
        }
        j.add("gemm_shapes", shapes);
        Gson g = new Gson();
        j.add("epoch_seconds", g.toJsonTree(epochSeconds));
        j.add("epoch_gemm_bound_samples_per_second", g.toJsonTree(epochLimits.stream()
                .mapToDouble(GemmLimit::samplesPerSecond).toArray()));
        j.add("epoch_efficiency", g.toJsonTree(epochEfficiencies()));
        return j;
    }

    /** Writes {@link #json()} to {@code file}, atomically. */
    void writeJson(Path file) {
        AtomicFiles.writeString(file, json());
    }
}
