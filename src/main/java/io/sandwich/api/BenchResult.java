package io.sandwich.api;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.sandwich.io.AtomicFiles;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Training throughput as measured by {@link Sandwich#bench}.
 *
 * @param options what was measured
 * @param device the device that computed
 * @param rows training rows per epoch
 * @param epochSeconds the timed epochs' wall times, sorted
 * @param peakRssMb the process's peak resident memory (0 where the system does not say)
 * @param gemmLimit the speed of the step's matrix products alone, measured in the same process
 */
public record BenchResult(BenchOptions options, String device, int rows, double[] epochSeconds, double peakRssMb,
        GemmLimit gemmLimit) {
    /** The median of the timed epochs. */
    public double secondsPerEpoch() {
        return epochSeconds[epochSeconds.length / 2];
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

    /** Achieved samples a second divided by the GEMM-bound limit at this batch ({@link GemmLimit}). */
    public double efficiency() {
        return samplesPerSecond() / gemmLimit.samplesPerSecond();
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
        j.addProperty("gemm_bound_samples_per_second", gemmLimit.samplesPerSecond());
        j.addProperty("efficiency", efficiency());
        com.google.gson.JsonArray shapes = new com.google.gson.JsonArray();
        for (GemmLimit.Shape s : gemmLimit.shapes()) {
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
        j.add("epoch_seconds", new GsonBuilder().create().toJsonTree(Arrays.stream(epochSeconds).boxed().toList()));
        return j;
    }

    /** Writes {@link #json()} to {@code file}, atomically. */
    void writeJson(Path file) {
        AtomicFiles.writeString(file, json());
    }
}
