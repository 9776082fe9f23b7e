package io.sandwich.peers.dl4j;

import com.sun.jna.NativeLibrary;
import io.sandwich.peers.InitialWeights;
import io.sandwich.peers.LoadedLibraries;
import io.sandwich.peers.PeerArgs;
import io.sandwich.peers.PeerReport;
import io.sandwich.peers.SeedData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The Deeplearning4j 1.0.0-M2.1 peer of {@code sandwich bench --model app2l1}, on nd4j-native's AVX2 build (its
 * OpenBLAS for the matrix products): the seed's baseline net 52-1024-1024-23 (widths from the data), ReLU after both
 * hidden layers, inverted dropout 0.05 and 0.1 after them, Xavier-normal weights and PyTorch's default biases
 * ({@link InitialWeights#draw}, set into the initialised net), Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8), L2 1e-5,
 * the seed's masked loss ({@link MaskedLoss}), rows reshuffled every epoch.
 *
 * <p>Written as DL4J's documentation recommends: a {@link MultiLayerNetwork} of two {@link DenseLayer}s and an
 * {@link OutputLayer} with a custom loss function, float32, training workspaces on (and ND4J's periodic
 * System.gc() off, as its workspace guide advises then), fitted on {@link DataSet} minibatches built from INDArrays.
 * Per epoch the rows are shuffled and the epoch's minibatches are gathered natively ({@code Nd4j.pullRows} on the
 * two INDArrays holding all rows; no Java arrays per step). Per step, {@code net.fit(minibatch)}: a forward pass in
 * training mode (DL4J applies a layer's dropout to its input, so the second dense layer gets {@code dropOut(0.95)}
 * and the output layer {@code dropOut(0.9)}: DL4J takes the probability to RETAIN, and scales kept values by 1/p,
 * i.e. inverted dropout), the score, backpropagation into the flat gradient view, L2 added to the gradient, and
 * ND4J's fused Adam op on the flat parameter view.
 *
 * <p>Two settings make DL4J compute what torch.optim.Adam(weight_decay=1e-5) does on the summed loss:
 * <ul>
 *   <li>{@code l2(1e-5)} and {@code l2Bias(1e-5)}, not {@code weightDecay}: DL4J's L2Regularization is applied
 *       BEFORE the updater ({@code gradient += l2 * w}, then Adam's moments), which is torch.optim.Adam's L2, while
 *       its WeightDecay is applied AFTER the updater, to the update (decoupled, like AdamW). {@code l2} covers only
 *       weights, so {@code l2Bias} adds the same to the biases, which torch decays too.
 *   <li>{@code miniBatch(false)}: with it on, DL4J divides the gradient by the minibatch size before the updater
 *       (and the score likewise), turning the seed's plain sum into a mean.
 * </ul>
 * DL4J's Adam differs from torch.optim.Adam only where eps enters; {@link TorchAdam} hands ND4J's own Adam op the
 * eps that makes the two agree ({@code --stock-adam} uses DL4J's Adam as it stands).
 */
public final class Dl4jPeer {
    private static final int HIDDEN = 1024;
    private static final double[] RETAIN = {0.95, 0.9};

    private Dl4jPeer() {
    }

    /** Runs the benchmark, or the parity mode with {@code --parity}. */
    public static void main(String[] args) throws IOException {
        PeerArgs a = PeerArgs.parse("dl4j-peer", args);
        SeedData d = SeedData.load(a.data());
        boolean parity = a.parity() != null;
        InitialWeights w = parity ? InitialWeights.read(a.parity())
                : InitialWeights.draw(new int[] {d.inputs(), HIDDEN, HIDDEN, d.outputs()}, 1);
        int[] widths = w.widths();
        if (widths.length != 4 || widths[0] != d.inputs() || widths[3] != d.outputs()) {
            throw new IOException("the weights are " + Arrays.toString(widths) + " but the net is "
                    + d.inputs() + "-h-h-" + d.outputs());
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getEnvironment().setMaxThreads(a.threads());
        Nd4j.getEnvironment().setMaxMasterThreads(a.threads());
        Nd4j.factory().blas().setMaxThreads(a.threads());
        // DL4J's workspace guide: with training workspaces on, ND4J's periodic System.gc() calls only cost time
        Nd4j.getMemoryManager().togglePeriodicGc(false);
        INDArray x = Nd4j.create(d.x(), new long[] {d.rows(), d.inputs()}, 'c');
        INDArray y = Nd4j.create(d.y(), new long[] {d.rows(), d.outputs()}, 'c');
        MultiLayerNetwork net = new MultiLayerNetwork(config(widths, parity, a.stockAdam()));
        net.init();
        for (int i = 0; i < w.layers().size(); i++) {
            InitialWeights.Layer l = w.layers().get(i);
            Layer layer = net.getLayer(i);
            // DL4J keeps W as [in, out]: the transpose of PyTorch's [out, in]
            INDArray wt = Nd4j.create(l.weight(), new long[] {l.out(), l.in()}, 'c').transpose();
            layer.getParam("W").assign(wt);
            INDArray b = layer.getParam("b");
            b.assign(Nd4j.create(l.bias(), b.shape(), 'c'));
        }
        String tool = "dl4j 1.0.0-M2.1" + (a.stockAdam() ? " (stock Adam)" : "");
        // the libraries are asked after training: the peer opens no native library itself before or while it trains
        Map<String, String> extra = new LinkedHashMap<>();
        if (parity) {
            a.checkParityRows(d.rows());
            double[] losses = new double[a.steps()];
            int[] order = new int[d.rows()];
            Arrays.setAll(order, i -> i);
            for (int s = 0; s < a.steps(); s++) {
                DataSet batch = batch(x, y, order, s * a.batch(), (s + 1) * a.batch());
                double reg = net.calcRegularizationScore(true);
                net.fit(batch);
                // the score of the step's forward pass includes the L2 term 0.5 * l2 * |w|^2 of the weights before
                // the update: what remains is the masked loss alone
                losses[s] = net.score() - reg;
            }
            describe(extra);
            PeerReport.parity(a, tool, losses, extra);
            return;
        }
        SplittableRandom rnd = new SplittableRandom(1);
        double[] times = new double[a.epochs()];
        for (int epoch = 0; epoch < a.warmup() + a.epochs(); epoch++) {
            long t0 = System.nanoTime();
            int[] order = PeerReport.shuffled(d.rows(), rnd);
            List<DataSet> batches = new ArrayList<>();
            for (int from = 0; from < d.rows(); from += a.batch()) {
                batches.add(batch(x, y, order, from, Math.min(from + a.batch(), d.rows())));
            }
            for (DataSet batch : batches) {
                net.fit(batch);
            }
            if (epoch >= a.warmup()) {
                times[epoch - a.warmup()] = (System.nanoTime() - t0) / 1e9;
            }
        }
        describe(extra);
        PeerReport.bench(a, tool, d.rows(), times, extra);
    }

    /** Rows {@code order[from..to)} of x and y, gathered natively into a minibatch. */
    private static DataSet batch(INDArray x, INDArray y, int[] order, int from, int to) {
        int[] idx = Arrays.copyOfRange(order, from, to);
        return new DataSet(Nd4j.pullRows(x, 1, idx), Nd4j.pullRows(y, 1, idx));
    }

    /** in-1024-1024-out, ReLU, dropout (none in the parity mode), the masked loss, Adam with L2 on the gradient. */
    private static MultiLayerConfiguration config(int[] widths, boolean parity, boolean stockAdam) {
        DenseLayer.Builder hidden2 = new DenseLayer.Builder().nIn(widths[1]).nOut(widths[2])
                .activation(Activation.RELU);
        OutputLayer.Builder output = new OutputLayer.Builder(new MaskedLoss()).nIn(widths[2]).nOut(widths[3])
                .activation(Activation.IDENTITY);
        if (!parity) {
            hidden2.dropOut(RETAIN[0]);
            output.dropOut(RETAIN[1]);
        }
        return new NeuralNetConfiguration.Builder()
                .seed(1)
                .dataType(DataType.FLOAT)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .miniBatch(false)
                .updater(stockAdam ? new Adam(1e-3, 0.9, 0.999, 1e-8) : new TorchAdam(1e-3, 0.9, 0.999, 1e-8))
                .l2(1e-5)
                .l2Bias(1e-5)
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(widths[0]).nOut(widths[1]).activation(Activation.RELU).build())
                .layer(hidden2.build())
                .layer(output.build())
                .build();
    }

    /** Adds the BLAS and the nd4j-native library that was loaded (its path names the -avx2 jar or not). */
    private static void describe(Map<String, String> extra) {
        extra.put("blas", blas());
        extra.put("nd4j_native", LoadedLibraries.path("libnd4jcpu").orElse("unknown"));
    }

    /** The BLAS nd4j-native computes with: the OpenBLAS it loaded, as that library describes itself. */
    static String blas() {
        String vendor = String.valueOf(Nd4j.factory().blas().getBlasVendor());
        try {
            Optional<NativeLibrary> lib = LoadedLibraries.open("libopenblas_nolapack");
            if (lib.isEmpty()) {
                return vendor + " (no libopenblas_nolapack mapped)";
            }
            String config = lib.get().getFunction("openblas_get_config").invokeString(new Object[0], false);
            String core = lib.get().getFunction("openblas_get_corename").invokeString(new Object[0], false);
            return config + ", core " + core + " (libopenblas_nolapack of org.bytedeco:openblas "
                    + openblas_nolapack.OPENBLAS_VERSION.trim() + ")";
        } catch (UnsatisfiedLinkError e) {
            return vendor + " (" + e.getMessage() + ")";
        }
    }
}
