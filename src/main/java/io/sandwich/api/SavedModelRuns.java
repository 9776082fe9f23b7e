package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.DataFormatException;
import io.sandwich.data.Dataset;
import io.sandwich.data.Reading;
import io.sandwich.data.VectorFileWriter;
import io.sandwich.data.VectorFormat;
import io.sandwich.io.AtomicFiles;
import io.sandwich.io.torch.TorchCheckpointReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The commands that use a saved weights file: scoring it on a dataset, and predicting a vector file with it. */
final class SavedModelRuns {
    private SavedModelRuns() {
    }

    static EvaluateResult evaluate(EvaluateOptions o, Listener listener) {
        Dataset data = o.data().load(Dataset.Targets.PRESENT).dataset();
        try (Model model = Model.open(TorchCheckpointReader.read(o.weights()), SavedLayouts.BUILT_IN, o.compute(),
                listener)) {
            if (model.inputWidth() != data.appDim()) {
                throw new SandwichException("expected a network taking " + data.appDim() + " App values, found one"
                        + " taking " + model.inputWidth());
            }
            boolean l1 = model.outputWidth() == data.l1Dim();
            if (!l1 && model.outputWidth() != data.l2Dim()) {
                throw new SandwichException("expected a network with " + data.l1Dim() + " (L1) or " + data.l2Dim()
                        + " (L2) outputs, found " + model.outputWidth());
            }
            Map<String, Evaluation> scores = new LinkedHashMap<>();
            for (io.sandwich.data.Split s : List.of(data.train(), data.validation(), data.test())) {
                CsrMatrix y = l1 ? s.l1() : s.l2();
                if (y != null) {
                    scores.put(s.name(), model.evaluate(s.app(), y, o.loss(), o.topK()));
                }
            }
            return new EvaluateResult(model.layout(), data.source().toString(), l1, scores);
        }
    }

    static PredictResult predict(PredictOptions o, Listener listener) {
        Outputs.fileInExistingFolder("output", o.output());
        o.outputL1().ifPresent(f -> Outputs.fileInExistingFolder("outputL1", f));
        try (Model model = Model.open(TorchCheckpointReader.read(o.weights()), SavedLayouts.BUILT_IN, o.compute(),
                listener)) {
            if (o.outputL1().isPresent() && model.l1Width().isEmpty()) {
                throw new SandwichException(SandwichException.setting("outputL1") + " needs a model with an L1 output"
                        + " besides its main one (the bi-directional model); " + o.weights() + " holds a "
                        + model.layout());
            }
            Matrix x;
            List<String> users = null;
            if (o.input().isPresent()) {
                x = Matrix.of(VectorFormat.readAny(o.input().get(), new Reading(model.inputWidth(), false, 0,
                        o.declared().indexBase().orElse(-1))));
            } else {
                Dataset d = o.data().orElseThrow().load(Dataset.Targets.L1).dataset();
                io.sandwich.data.Split s = rowsOf(o.split()).apply(d);
                x = Matrix.of(s.app());
                users = userIds(d, s);
            }
            if (o.topK().isEmpty()) {
                VectorFileWriter.write(o.output(), flat(model.predict(x)), x.rows(), model.outputWidth());
                if (o.outputL1().isPresent()) {
                    VectorFileWriter.write(o.outputL1().get(), flat(model.predictL1(x)), x.rows(),
                            model.l1Width().getAsInt());
                }
            } else {
                int k = o.topK().getAsInt();
                if (k > model.outputWidth()) {
                    throw new SandwichException("expected " + SandwichException.setting("topK") + " of at most "
                            + model.outputWidth() + ", the model's outputs, found " + k);
                }
                if (o.users().isPresent()) {
                    users = Dataset.userIds(o.users().get(), x.rows(), "user ids, one per row of "
                            + o.input().map(Path::toString).orElse("the " + o.split() + " split"));
                }
                writeTopK(o.output(), model.topK(x, k), users, columnNames(o.names(), model.outputWidth()));
            }
            return new PredictResult(model.layout(), x.rows(), model.outputWidth(), model.l1Width().orElse(0));
        }
    }

    /** Each row's ids, best first: {@code user:a,b,c} lines where there are users, else {@code a b c}. */
    private static void writeTopK(Path file, int[][] top, List<String> users, List<String> names) {
        AtomicFiles.write(file, false, out -> {
            java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out,
                    java.nio.charset.StandardCharsets.UTF_8), 1 << 16);
            for (int r = 0; r < top.length; r++) {
                if (users != null) {
                    w.write(users.get(r));
                    w.write(':');
                }
                for (int i = 0; i < top[r].length; i++) {
                    if (i > 0) {
                        w.write(users != null ? ',' : ' ');
                    }
                    w.write(names.get(top[r][i]));
                }
                w.write('\n');
            }
            w.flush();
        });
    }

    /** The split named {@code train}, {@code validation} or {@code test} of a dataset. */
    static Function<Dataset, io.sandwich.data.Split> rowsOf(String split) {
        return switch (split) {
            case "train" -> Dataset::train;
            case "validation" -> Dataset::validation;
            case "test" -> Dataset::test;
            default -> throw new SandwichException("expected " + SandwichException.setting("split") + " to be train,"
                    + " validation or test, found " + split);
        };
    }

    /** The user id of each row of split {@code s} of {@code d}, or the row numbers 1, 2, ... where it has none. */
    static List<String> userIds(Dataset d, io.sandwich.data.Split s) {
        int from = s == d.train() ? 0 : s == d.validation() ? d.train().rows() : d.train().rows()
                + d.validation().rows();
        return d.userIds().map(ids -> ids.subList(from, from + s.rows())).orElseGet(() -> java.util.stream.IntStream
                .rangeClosed(1, s.rows()).mapToObj(String::valueOf).toList());
    }

    /** The names on the lines of {@code names}, one per column of {@code width}, or the column ids 0, 1, .... */
    static List<String> columnNames(Optional<Path> names, int width) {
        if (names.isEmpty()) {
            return java.util.stream.IntStream.range(0, width).mapToObj(String::valueOf).toList();
        }
        List<String> all = Dataset.userIds(names.get(), width, "names, one per output column");
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).matches("[^\\s,:]+")) {
                throw new DataFormatException(names.get(), i + 1, 1, "expected a name without spaces, commas or"
                        + " colons, found \"" + all.get(i) + "\"");
            }
        }
        return all;
    }

    private static float[] flat(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] all = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, all, r * width, width);
        }
        return all;
    }
}
