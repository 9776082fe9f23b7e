package io.sandwich.peers.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.sun.jna.NativeLibrary;
import io.sandwich.peers.InitialWeights;
import io.sandwich.peers.LoadedLibraries;
import io.sandwich.peers.PeerArgs;
import io.sandwich.peers.PeerReport;
import io.sandwich.peers.SeedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The DJL 0.36.0 peer of {@code sandwich bench --model app2l1}, on DJL's PyTorch engine with libtorch 2.7.1 (CPU):
 * the seed's baseline net 52-1024-1024-23 (widths from the data), ReLU after both hidden layers, inverted dropout
 * 0.05 and 0.1 after them, Xavier-normal weights and PyTorch's default biases ({@link InitialWeights#draw}), Adam
 * (lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 1e-5 added to the gradient, as torch.optim.Adam), the seed's
 * masked loss {@code sum(mm(y^T, (out - y)^2))}, rows reshuffled every epoch.
 *
 * <p>Written the way DJL's documentation recommends: all rows live as two NDArrays on one NDManager; intra-op
 * threads are set with {@code ai.djl.pytorch.num_threads} before the engine loads; the model is a
 * {@link SequentialBlock} trained by a {@link Trainer} with a custom {@link Loss}. Per step:
 * <ol>
 *   <li>a sub-manager of the data's manager is opened for the step (its memory scope, as DJL's memory-management
 *       guide says a batch should have);
 *   <li>the step's row indices become an int64 NDArray there, and the step's rows of x and y are gathered into it
 *       ({@code x.get(step, NDIndex("{}", idx))}, one native index_select each);
 *   <li>under a {@link GradientCollector} (libtorch autograd), {@code trainer.forward} runs the block in training
 *       mode, the loss is evaluated and {@code collector.backward(loss)} fills the parameters' gradients; this is
 *       what {@code EasyTrain.trainBatch} does, without its listener and metric bookkeeping;
 *   <li>{@code trainer.step()} runs Adam on every parameter through DJL's native adam_update (decay added to a copy
 *       of the gradient, moments, update, then the gradient zeroed);
 *   <li>the sub-manager is closed, freeing the batch, every activation, the loss and its gradient.
 * </ol>
 * DJL's Adam differs from torch.optim.Adam only where eps enters; {@link TorchAdam} hands DJL's own kernel the eps
 * that makes the two agree ({@code --stock-adam} uses DJL's Adam as it stands).
 */
public final class DjlPeer {
    private static final int HIDDEN = 1024;
    private static final float[] DROPOUT = {0.05f, 0.1f};

    private DjlPeer() {
    }

    /** The seed code's masked loss, {@code sum(mm(y^T, (out - y)^2))}: a plain sum, not a mean. */
    static final class MaskedLoss extends Loss {
        MaskedLoss() {
            super("masked");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray y = labels.singletonOrThrow();
            NDArray d = predictions.singletonOrThrow().sub(y).square();
            return y.transpose().matMul(d).sum();
        }
    }

    /** Runs the benchmark, or the parity mode with {@code --parity}. */
    public static void main(String[] args) throws IOException {
        PeerArgs a = PeerArgs.parse("djl-peer", args);
        // before the engine loads: libtorch's intra-op threads, and never a download (the natives are on the class
        // path; with ai.djl.offline DJL fails instead of downloading anything)
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(a.threads()));
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        SeedData d = SeedData.load(a.data());
        boolean parity = a.parity() != null;
        InitialWeights w = parity ? InitialWeights.read(a.parity())
                : InitialWeights.draw(new int[] {d.inputs(), HIDDEN, HIDDEN, d.outputs()}, 1);
        int[] widths = w.widths();
        if (widths[0] != d.inputs() || widths[widths.length - 1] != d.outputs()) {
            throw new IOException("the weights are " + Arrays.toString(widths) + " but the data has "
                    + d.inputs() + " inputs and " + d.outputs() + " outputs");
        }
        Engine engine = Engine.getEngine("PyTorch");
        String tool = "djl " + Engine.getDjlVersion() + " / pytorch " + engine.getVersion()
                + (a.stockAdam() ? " (stock Adam)" : "");
        try (NDManager data = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                Model model = Model.newInstance("app2l1", Device.cpu(), "PyTorch")) {
            NDArray x = data.create(d.x(), new Shape(d.rows(), d.inputs()));
            NDArray y = data.create(d.y(), new Shape(d.rows(), d.outputs()));
            model.setBlock(net(w, parity));
            Optimizer adam = a.stockAdam() ? Adam.builder().optLearningRateTracker(Tracker.fixed(1e-3f))
                    .optBeta1(0.9f).optBeta2(0.999f).optEpsilon(1e-8f).optWeightDecays(1e-5f).build()
                    : new TorchAdam(1e-3f, 0.9f, 0.999f, 1e-8f, 1e-5f);
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(new MaskedLoss()).optOptimizer(adam)
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(a.batch(), d.inputs()));
                // asked after training: the peer opens no native library itself before or while it trains
                Map<String, String> extra = new LinkedHashMap<>();
                if (parity) {
                    a.checkParityRows(d.rows());
                    double[] losses = new double[a.steps()];
                    long[] order = new long[d.rows()];
                    Arrays.setAll(order, i -> i);
                    for (int s = 0; s < a.steps(); s++) {
                        int from = s * a.batch();
                        losses[s] = step(trainer, data, x, y, order, from, from + a.batch(), true);
                    }
                    extra.put("blas", blas());
                    PeerReport.parity(a, tool, losses, extra);
                    return;
                }
                SplittableRandom rnd = new SplittableRandom(1);
                double[] times = new double[a.epochs()];
                for (int epoch = 0; epoch < a.warmup() + a.epochs(); epoch++) {
                    long t0 = System.nanoTime();
                    long[] order = Arrays.stream(PeerReport.shuffled(d.rows(), rnd)).asLongStream().toArray();
                    for (int from = 0; from < d.rows(); from += a.batch()) {
                        step(trainer, data, x, y, order, from, Math.min(from + a.batch(), d.rows()), false);
                    }
                    if (epoch >= a.warmup()) {
                        times[epoch - a.warmup()] = (System.nanoTime() - t0) / 1e9;
                    }
                }
                extra.put("blas", blas());
                PeerReport.bench(a, tool, d.rows(), times, extra);
            }
        }
    }

    /** One training step on rows {@code order[from..to)}; returns its loss when {@code read} (else NaN). */
    private static double step(Trainer trainer, NDManager data, NDArray x, NDArray y, long[] order, int from,
            int to, boolean read) {
        try (NDManager step = data.newSubManager()) {
            NDArray idx = step.create(Arrays.copyOfRange(order, from, to));
            NDArray xb = x.get(step, new NDIndex("{}", idx));
            NDArray yb = y.get(step, new NDIndex("{}", idx));
            NDArray loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList out = trainer.forward(new NDList(xb));
                loss = trainer.getLoss().evaluate(new NDList(yb), out);
                collector.backward(loss);
            }
            trainer.step();
            return read ? loss.getFloat() : Double.NaN;
        }
    }

    /** 52-1024-1024-23 with ReLU, dropout (none in the parity mode) and the given initial values. */
    private static SequentialBlock net(InitialWeights w, boolean parity) {
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < w.layers().size(); i++) {
            InitialWeights.Layer l = w.layers().get(i);
            Linear linear = Linear.builder().setUnits(l.out()).optBias(true).build();
            linear.setInitializer(values(l.weight()), Parameter.Type.WEIGHT);
            linear.setInitializer(values(l.bias()), Parameter.Type.BIAS);
            net.add(linear);
            if (i + 1 < w.layers().size()) {
                net.add(Activation.reluBlock());
                if (!parity) {
                    net.add(Dropout.builder().optRate(DROPOUT[Math.min(i, DROPOUT.length - 1)]).build());
                }
            }
        }
        return net;
    }

    /** An initializer that sets a parameter to the given values (row-major, the parameter's shape). */
    private static Initializer values(float[] v) {
        return (manager, shape, type) -> {
            if (shape.size() != v.length) {
                throw new IllegalArgumentException("expected " + shape.size() + " values, found " + v.length);
            }
            return manager.create(v, shape);
        };
    }

    /** The BLAS libtorch computes with: MKL statically linked into libtorch_cpu.so, with the version it reports. */
    static String blas() {
        try {
            Optional<NativeLibrary> lib = LoadedLibraries.open("libtorch_cpu.so");
            if (lib.isEmpty()) {
                return "unknown (libtorch_cpu.so is not mapped)";
            }
            byte[] buf = new byte[256];
            lib.get().getFunction("MKL_Get_Version_String").invoke(new Object[] {buf, buf.length});
            return new String(buf, StandardCharsets.US_ASCII).replace("\0", "").trim()
                    + " (linked into libtorch_cpu.so)";
        } catch (UnsatisfiedLinkError e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
