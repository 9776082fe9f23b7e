package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.data.Split;
import io.sandwich.data.VectorFileReader;
import io.sandwich.data.VectorFileWriter;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import io.sandwich.model.SavedModels;
import io.sandwich.nn.Network;
import io.sandwich.train.Evaluation;
import io.sandwich.train.LabelledSet;
import io.sandwich.train.Progress;
import io.sandwich.train.SupervisedTrainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scoring and prediction with a saved weights file. */
final class SavedModelRuns {
    private SavedModelRuns() {
    }

    static EvaluateResult evaluate(EvaluateOptions o, Listener listener) {
        Dataset data = Dataset.load(DataFolders.resolve(o.data()));
        try (Backend backend = o.compute().open(listener)) {
            SavedModels.Loaded model = SavedModels.load(backend, TorchCheckpointReader.read(o.weights()));
            Network net = model.main();
            if (net.inputWidth() != data.appDim()) {
                throw new SandwichException("expected a network taking " + data.appDim() + " App values, found one"
                        + " taking " + net.inputWidth());
            }
            boolean l1 = net.outputWidth() == data.l1Dim();
            if (!l1 && net.outputWidth() != data.l2Dim()) {
                throw new SandwichException("expected a network with " + data.l1Dim() + " (L1) or " + data.l2Dim()
                        + " (L2) outputs, found " + net.outputWidth());
            }
            SupervisedTrainer t = new SupervisedTrainer(backend, Progress.NONE);
            Map<String, Evaluation> scores = new LinkedHashMap<>();
            for (Split s : List.of(data.train(), data.validation(), data.test())) {
                CsrMatrix y = l1 ? s.l1() : s.l2();
                if (y != null) {
                    scores.put(s.name(), t.evaluate(net, new LabelledSet(s.name(), s.app(), y), o.loss(), o.topK()));
                }
            }
            return new EvaluateResult(model.layout().name(), data.directory(), l1, scores);
        }
    }

    static PredictResult predict(PredictOptions o, Listener listener) {
        Outputs.fileInExistingFolder("--output", o.output());
        if (o.outputL1() != null) {
            Outputs.fileInExistingFolder("--output-l1", o.outputL1());
        }
        StateDict sd = TorchCheckpointReader.read(o.weights());
        try (Backend backend = o.compute().open(listener)) {
            SavedModels.Loaded model = SavedModels.load(backend, sd);
            if (o.outputL1() != null && model.l1Head() == null) {
                throw new SandwichException("--output-l1 needs a model with an L1 output besides its main one (the"
                        + " bi-directional model); " + o.weights() + " holds a " + model.layout().name());
            }
            Network net = model.main();
            CsrMatrix x = VectorFileReader.read(o.input(), net.inputWidth());
            SupervisedTrainer t = new SupervisedTrainer(backend, Progress.NONE);
            float[] y = t.predict(net, x);
            float[] y1 = o.outputL1() == null ? null : t.predict(model.l1Head(), x);
            VectorFileWriter.write(o.output(), y, x.rows(), net.outputWidth());
            if (y1 != null) {
                VectorFileWriter.write(o.outputL1(), y1, x.rows(), model.l1Head().outputWidth());
            }
            return new PredictResult(model.layout().name(), x.rows(), net.outputWidth(),
                    y1 == null ? 0 : model.l1Head().outputWidth());
        }
    }
}
