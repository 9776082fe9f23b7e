package io.sandwich.train;

import io.sandwich.nn.Network;
import io.sandwich.nn.ParameterSet.OptimizerSlot;
import java.util.List;
import java.util.Map;

/**
 * What one network carries from an epoch to the next, on the host: its weights, the weights of its stage's best
 * validation epoch so far, its optimiser slots and the position of its dropout generator.
 *
 * @param weights current {@code name.weight} / {@code name.bias} arrays
 * @param best the best epoch's arrays, same names
 * @param optimizer every optimiser slot that has taken a step
 * @param dropoutSeed dropout generator seed
 * @param dropoutCounter training forward passes dropout has keyed so far
 */
public record NetState(Map<String, float[]> weights, Map<String, float[]> best, List<OptimizerSlot> optimizer,
        long dropoutSeed, long dropoutCounter) {
    /** Copies network {@code index}'s state, with its best weights from {@code best}. */
    static NetState capture(Network net, Snapshot best, int index) {
        long[] dropout = net.dropoutState();
        return new NetState(net.exportWeights(), net.named(best.download(index)), net.parameters().exportOptimizer(),
                dropout[0], dropout[1]);
    }

    /** Puts this state back into network {@code index} and its best-weights copy. */
    void restore(Network net, Snapshot best, int index) {
        net.parameters().importOptimizer(optimizer);
        best.upload(index, net.flatten(this.best));
        net.importAllWeights(weights);
        net.restoreDropout(dropoutSeed, dropoutCounter);
    }
}
