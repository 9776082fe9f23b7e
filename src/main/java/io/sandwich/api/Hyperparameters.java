package io.sandwich.api;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.LossKind;
import io.sandwich.model.ModelOptions;
import io.sandwich.train.Rates;
import io.sandwich.train.TrainConfig;

/**
 * Sizes and optimiser settings of the training commands, with the command line's defaults
 * ({@link #defaults()}: the report's).
 *
 * @param batch rows per step (128)
 * @param lr Adam's learning rate (1e-3)
 * @param weightDecay L2 weight decay added to the gradient, as {@code torch.optim.Adam} (1e-5)
 * @param lrE the bi-directional model's a_e (null: {@code lr})
 * @param lrD the bi-directional model's a_d (null: {@code lr})
 * @param hidden width of the hidden layers (1024)
 * @param sandwichHidden width of the layers between two networks (100)
 * @param dropout dropout after the three blocks of the seed's Net (0.05, 0.1, 0.0)
 * @param decoderHiddenLayers hidden layers of the autoencoder's L1 -> L2 decoder (0, as the report)
 * @param topK k of the top-k accuracy (5)
 * @param patience stop a stage once its validation accuracy has not improved for this many epochs (0: never)
 */
public record Hyperparameters(int batch, float lr, float weightDecay, Float lrE, Float lrD, int hidden,
        int sandwichHidden, float[] dropout, int decoderHiddenLayers, int topK, int patience) {
    /** Hidden layers of the bi-directional model's App -> L2 decoder (fixed by the report). */
    static final int BIDIRECTIONAL_DECODER_LAYERS = 4;

    /** Copies the dropout rates. */
    public Hyperparameters {
        dropout = dropout.clone();
    }

    /** The report's settings, the command line's defaults. */
    public static Hyperparameters defaults() {
        return new Hyperparameters(128, 1e-3f, 1e-5f, null, null, 1024, 100, new float[] {0.05f, 0.1f, 0.0f}, 0, 5,
                0);
    }

    /** The same with another batch size. */
    public Hyperparameters withBatch(int rows) {
        return new Hyperparameters(rows, lr, weightDecay, lrE, lrD, hidden, sandwichHidden, dropout,
                decoderHiddenLayers, topK, patience);
    }

    /** The same with another hidden width. */
    public Hyperparameters withHidden(int width) {
        return new Hyperparameters(batch, lr, weightDecay, lrE, lrD, width, sandwichHidden, dropout,
                decoderHiddenLayers, topK, patience);
    }

    /** The same with another learning rate. */
    public Hyperparameters withLr(float rate) {
        return new Hyperparameters(batch, rate, weightDecay, lrE, lrD, hidden, sandwichHidden, dropout,
                decoderHiddenLayers, topK, patience);
    }

    /** The same with another weight decay. */
    public Hyperparameters withWeightDecay(float decay) {
        return new Hyperparameters(batch, lr, decay, lrE, lrD, hidden, sandwichHidden, dropout,
                decoderHiddenLayers, topK, patience);
    }

    /** The same with another a_e for the bi-directional model (null: {@code lr}). */
    public Hyperparameters withLrE(Float rate) {
        return new Hyperparameters(batch, lr, weightDecay, rate, lrD, hidden, sandwichHidden, dropout,
                decoderHiddenLayers, topK, patience);
    }

    /** The same with another a_d for the bi-directional model (null: {@code lr}). */
    public Hyperparameters withLrD(Float rate) {
        return new Hyperparameters(batch, lr, weightDecay, lrE, rate, hidden, sandwichHidden, dropout,
                decoderHiddenLayers, topK, patience);
    }

    /** The same with another width of the layers between two networks. */
    public Hyperparameters withSandwichHidden(int width) {
        return new Hyperparameters(batch, lr, weightDecay, lrE, lrD, hidden, width, dropout,
                decoderHiddenLayers, topK, patience);
    }

    /** The same with other dropout rates (three). */
    public Hyperparameters withDropout(float[] rates) {
        return new Hyperparameters(batch, lr, weightDecay, lrE, lrD, hidden, sandwichHidden, rates,
                decoderHiddenLayers, topK, patience);
    }

    /** The same with another number of hidden layers in the autoencoder's decoder. */
    public Hyperparameters withDecoderHiddenLayers(int layers) {
        return new Hyperparameters(batch, lr, weightDecay, lrE, lrD, hidden, sandwichHidden, dropout, layers,
                topK, patience);
    }

    /** The same with early stopping after {@code epochs} epochs without a better validation accuracy (0: none). */
    public Hyperparameters withPatience(int epochs) {
        return new Hyperparameters(batch, lr, weightDecay, lrE, lrD, hidden, sandwichHidden, dropout,
                decoderHiddenLayers, topK, epochs);
    }

    @Override
    public float[] dropout() {
        return dropout.clone();
    }

    /** The networks' sizes (checked there). */
    ModelOptions modelOptions() {
        return new ModelOptions(hidden, sandwichHidden, dropout, decoderHiddenLayers, BIDIRECTIONAL_DECODER_LAYERS);
    }

    /** A stage's settings: {@code epochs} at most, this batch, Adam, top-k and patience. */
    TrainConfig config(int epochs, long seed, LossKind loss) {
        return new TrainConfig(epochs, batch, seed, loss, adam(), topK, patience);
    }

    /** Adam with {@code lr}. */
    AdamConfig adam() {
        return AdamConfig.of(lr, weightDecay);
    }

    /** The bi-directional model's (a_e, a_d). */
    Rates rates() {
        return new Rates(AdamConfig.of(lrE == null ? lr : lrE, weightDecay),
                AdamConfig.of(lrD == null ? lr : lrD, weightDecay));
    }
}
