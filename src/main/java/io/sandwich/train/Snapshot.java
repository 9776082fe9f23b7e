package io.sandwich.train;

import io.sandwich.backend.Backend;
import io.sandwich.backend.Tensor;
import io.sandwich.nn.Network;
import java.util.ArrayList;
import java.util.List;

/** A backend-side copy of some networks' parameters: taken at the best epoch, restored at the end. */
final class Snapshot {
    private final Backend backend;
    private final List<Network> nets;
    private final List<Tensor> copies = new ArrayList<>();

    Snapshot(Backend backend, List<Network> nets) {
        this.backend = backend;
        this.nets = nets;
        for (Network n : nets) {
            copies.add(backend.allocate(1, n.parameters().size()));
        }
        take();
    }

    void take() {
        for (int i = 0; i < nets.size(); i++) {
            backend.copy(nets.get(i).parameters().flat(), copies.get(i));
        }
    }

    /** The copy of network {@code i}'s parameters, on the host. */
    float[] download(int i) {
        float[] host = new float[copies.get(i).size()];
        backend.download(copies.get(i), host);
        return host;
    }

    /** Replaces the copy of network {@code i}'s parameters. */
    void upload(int i, float[] values) {
        backend.upload(values, copies.get(i));
    }

    void restore() {
        for (int i = 0; i < nets.size(); i++) {
            backend.copy(copies.get(i), nets.get(i).parameters().flat());
        }
    }
}
