package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.data.VectorFileReader;
import io.sandwich.data.VectorFileWriter;
import io.sandwich.io.torch.TorchCheckpointReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            Matrix x = Matrix.of(VectorFileReader.read(o.input(), model.inputWidth()));
            float[][] y = model.predict(x);
            float[][] y1 = o.outputL1().isPresent() ? model.predictL1(x) : null;
            VectorFileWriter.write(o.output(), flat(y), x.rows(), model.outputWidth());
            if (y1 != null) {
                VectorFileWriter.write(o.outputL1().get(), flat(y1), x.rows(), model.l1Width().getAsInt());
            }
            return new PredictResult(model.layout(), x.rows(), model.outputWidth(), model.l1Width().orElse(0));
        }
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
