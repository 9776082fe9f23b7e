package io.sandwich.backend.cuda;

import io.sandwich.backend.CapturedStep;
import java.util.function.Consumer;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/** A training step captured from the backend's stream as a CUDA graph, replayed with one {@code cuGraphLaunch}. */
final class CudaGraphStep implements CapturedStep {
    private final String what;
    private final CUgraph graph;
    private final CUgraphExec exec;
    private final CUstream stream;
    private final Consumer<CudaGraphStep> onClose;
    private boolean closed;

    /** {@code onClose} hears when the step is closed (the backend stops tracking it). */
    CudaGraphStep(String what, CUgraph graph, CUgraphExec exec, CUstream stream, Consumer<CudaGraphStep> onClose) {
        this.what = what;
        this.graph = graph;
        this.exec = exec;
        this.stream = stream;
        this.onClose = onClose;
    }

    @Override
    public void replay() {
        if (closed) {
            throw new IllegalStateException("replay of a closed captured step (" + what + ")");
        }
        try {
            JCudaDriver.cuGraphLaunch(exec, stream);
        } catch (RuntimeException e) {
            throw new CudaBackendException("launching the graph of " + what, e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.accept(this);
        try {
            JCudaDriver.cuGraphExecDestroy(exec);
            JCudaDriver.cuGraphDestroy(graph);
        } catch (RuntimeException e) {
            // the context may be going away; nothing useful to add
        }
    }
}
