package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.MemoryScope;
import io.sandwich.io.torch.Format;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import io.sandwich.io.torch.TorchCheckpointWriter;
import io.sandwich.model.SavedModels;
import io.sandwich.nn.LayerSpec;
import io.sandwich.train.LabelledSet;
import io.sandwich.train.SupervisedTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A trained model kept open on a device: load it once ({@link #load}, or {@link TrainResult#model()}), then predict,
 * rank and score as often as needed; {@link #close()} frees the device. The CPU and the GPU backend work alike. Not
 * thread-safe: call it from one thread at a time. A call after {@link #close()} is refused with a sentence.
 */
public final class Model implements AutoCloseable {
    private final String layout;
    private final StateDict weights;
    private final Backend backend;
    private final io.sandwich.nn.Network main;
    private final io.sandwich.nn.Network l1Head;
    private final SupervisedTrainer scorer;
    private boolean closed;

    private Model(String layout, StateDict weights, Backend backend, io.sandwich.nn.Network main,
            io.sandwich.nn.Network l1Head) {
        this.layout = layout;
        this.weights = weights;
        this.backend = backend;
        this.main = main;
        this.l1Head = l1Head;
        this.scorer = new SupervisedTrainer(backend, io.sandwich.train.Progress.NONE);
    }

    /**
     * The model in a {@code torch.save} file, in any of {@link SavedLayouts#BUILT_IN} (the seed's files and this
     * project's models), opened on {@code compute}.
     *
     * @throws SandwichException when the file cannot be read, its layout is not recognised, or the device does not
     *     open
     */
    public static Model load(Path weights, Compute compute) {
        return open(TorchCheckpointReader.read(weights), SavedLayouts.BUILT_IN, compute, Listener.SILENT);
    }

    /**
     * As {@link #load(Path, Compute)} for a file of {@code recipe}'s layout.
     *
     * @throws SandwichException when the file cannot be read, is not of that layout, or the device does not open
     */
    public static Model load(Path weights, Compute compute, Recipe recipe) {
        return open(TorchCheckpointReader.read(weights), List.of(recipe.layout()), compute, Listener.SILENT);
    }

    /** The model in {@code sd}, of the first of {@code layouts} it has; {@code listener} hears the device's notices. */
    static Model open(StateDict sd, List<SavedLayout> layouts, Compute compute, Listener listener) {
        Map.Entry<SavedLayout, SavedLayout.Saved> found = SavedLayouts.recognise(SavedLayouts.shapes(
                n -> sd.get(n).shape(), sd.names()), layouts);
        Map<String, float[]> w = SavedModels.weights(sd);
        Backend backend = compute.open(listener);
        try {
            io.sandwich.nn.Network main = network(backend, found.getValue().main(), w);
            io.sandwich.nn.Network head = found.getValue().l1Head().isEmpty() ? null
                    : network(backend, found.getValue().l1Head(), w);
            return new Model(found.getKey().name(), sd, backend, main, head);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    private static io.sandwich.nn.Network network(Backend backend, List<Layer> layers, Map<String, float[]> w) {
        io.sandwich.nn.Network n = new io.sandwich.nn.Network(backend, layers.stream()
                .map(l -> new LayerSpec(l.name(), l.in(), l.out(), l.relu(), 0f)).toList());
        n.importWeights(w);
        return n;
    }

    /** The recognised layout of its file, e.g. {@code seed Net}. */
    public String layout() {
        return layout;
    }

    /** Values per input row (App vectors: 52 on the seed's data). */
    public int inputWidth() {
        return main.inputWidth();
    }

    /** Values per output row of the main output. */
    public int outputWidth() {
        return main.outputWidth();
    }

    /** Values per row of the second, L1 output, for a model that has one (the bi-directional model). */
    public OptionalInt l1Width() {
        return l1Head == null ? OptionalInt.empty() : OptionalInt.of(l1Head.outputWidth());
    }

    /**
     * The main output for each row of {@code rows}.
     *
     * @throws SandwichException when the rows are not {@link #inputWidth()} wide, or the model is closed
     */
    public float[][] predict(float[][] rows) {
        return predict(Matrix.dense(rows));
    }

    /**
     * As {@link #predict(float[][])} for sparse rows.
     *
     * @throws SandwichException when the rows are not {@link #inputWidth()} wide, or the model is closed
     */
    public float[][] predict(Matrix rows) {
        return rowsOf(run(main, rows), rows.rows(), outputWidth());
    }

    /**
     * The second, L1 output for each row, of a model that has one.
     *
     * @throws SandwichException when the model has no L1 output, the rows are not {@link #inputWidth()} wide, or
     *     the model is closed
     */
    public float[][] predictL1(Matrix rows) {
        if (l1Head == null) {
            throw new SandwichException("expected a model with an L1 output besides its main one (the bi-directional"
                    + " model), found a " + layout);
        }
        return rowsOf(run(l1Head, rows), rows.rows(), l1Head.outputWidth());
    }

    /**
     * For each row, the {@code k} columns of the main output with the largest values, best first (0-based ids; a
     * tie goes to the lower id).
     *
     * @throws SandwichException when {@code k} is not between 1 and {@link #outputWidth()}, the rows are not
     *     {@link #inputWidth()} wide, or the model is closed
     */
    public int[][] topK(Matrix rows, int k) {
        if (k < 1 || k > outputWidth()) {
            throw new SandwichException("expected " + SandwichException.setting("top-k") + " between 1 and "
                    + outputWidth() + ", found " + k);
        }
        return TopK.of(run(main, rows), rows.rows(), outputWidth(), k);
    }

    /** As {@link #topK(Matrix, int)} for dense rows. */
    public int[][] topK(float[][] rows, int k) {
        return topK(Matrix.dense(rows), k);
    }

    /**
     * Loss, category accuracy and top-{@code k} accuracy of the main output on {@code split}'s targets of its width
     * (L1 or L2).
     *
     * @throws SandwichException when the split has no targets of the output's width, its rows are not
     *     {@link #inputWidth()} wide, or the model is closed
     */
    public Evaluation evaluate(Split split, Loss loss, int k) {
        open();
        Matrix y = split.l1().cols() == outputWidth() ? split.l1() : split.l2().filter(m -> m.cols() == outputWidth())
                .orElseThrow(() -> new SandwichException("expected targets of " + outputWidth() + " values (the"
                        + " model's output), found L1 of " + split.l1().cols() + split.l2().map(m -> " and L2 of "
                                + m.cols()).orElse(" and no L2")));
        width(split.app());
        return evaluate(split.app().csr(), y.csr(), loss, k);
    }

    /** Scores the main output on {@code x} against {@code y}. */
    Evaluation evaluate(io.sandwich.data.CsrMatrix x, io.sandwich.data.CsrMatrix y, Loss loss, int k) {
        open();
        try (MemoryScope scope = backend.openScope()) {
            return Evaluation.of(scorer.evaluate(main, new LabelledSet("split", x, y), LossKind.valueOf(loss.name()),
                    k));
        } finally {
            main.forgetWorkspaces();
        }
    }

    /**
     * Writes the model's weights as a {@code torch.save} file.
     *
     * @throws SandwichException when the file cannot be written, or the model is closed
     */
    public void save(Path file, WeightFormat format) {
        open();
        TorchCheckpointWriter.write(weights, file, Format.valueOf(format.name()));
    }

    /** Frees the device's memory; later calls are refused. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            backend.close();
        }
    }

    private float[] run(io.sandwich.nn.Network net, Matrix rows) {
        open();
        width(rows);
        try (MemoryScope scope = backend.openScope()) {
            return scorer.predict(net, rows.csr());
        } finally {
            net.forgetWorkspaces();
        }
    }

    private void open() {
        if (closed) {
            throw new SandwichException("this model is closed; load it again to use it");
        }
    }

    private void width(Matrix rows) {
        if (rows.cols() != inputWidth()) {
            throw new SandwichException("expected rows of " + inputWidth() + " values (the model's input), found "
                    + rows.cols());
        }
    }

    private static float[][] rowsOf(float[] flat, int rows, int width) {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = java.util.Arrays.copyOfRange(flat, r * width, (r + 1) * width);
        }
        return out;
    }
}
