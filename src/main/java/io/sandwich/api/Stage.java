package io.sandwich.api;

/**
 * One stage of a model: networks trained with a fresh Adam on the rows of their task, the best validation epoch's
 * weights kept. A model's stages run in order; its last stage's network is the model that is tested and saved.
 */
public sealed interface Stage permits Stage.Supervised, Stage.Alternating {
    /** The stage's name in logs, checkpoints and notes ({@code app2l1}, {@code baseline}). */
    String name();

    /**
     * One network trained on one task with the run's loss.
     *
     * @param name the stage's name
     * @param task what it learns
     * @param network the network
     */
    record Supervised(String name, Task task, Network network) implements Stage {
    }

    /**
     * The report's Algorithm 1: an encoder (App -> L1) and a decoder (App -> L2) joined by two connectors (L1 -> L2
     * and L2 -> L1) that act only in the backward pass, trained together by alternating gradients on rows that have
     * both targets. The decoder is the model's main output, the encoder its second (L1) output.
     *
     * @param name the stage's name
     * @param encoder App -> L1
     * @param decoder App -> L2
     * @param c12 the connector L1 -> L2
     * @param c21 the connector L2 -> L1
     */
    record Alternating(String name, Network encoder, Network decoder, Network c12, Network c21) implements Stage {
    }
}
