package io.sandwich.backend.cuda;

import io.sandwich.backend.CaptureFailedException;
import io.sandwich.backend.CapturedStep;
import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.JCudaDriver;

/**
 * The CUDA graphs of one backend: a step's operations captured from the backend's stream ({@code
 * cuStreamBeginCapture} in global mode, so that anything that would wait or allocate meanwhile fails), instantiated,
 * and kept until closed, by the step or by the backend.
 */
final class CudaGraphs {
    private final CUstream stream;
    private final List<CudaGraphStep> steps = new ArrayList<>();
    private CUgraph capturing;
    private int captured;

    CudaGraphs(CUstream stream) {
        this.stream = stream;
    }

    /** Starts capturing the stream as the step {@code what}. */
    void begin(String what) {
        try {
            JCudaDriver.cuStreamBeginCapture(stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_GLOBAL);
        } catch (RuntimeException e) {
            throw captureFailed("beginning the capture of " + what, e);
        }
        capturing = new CUgraph();
    }

    /** Ends the capture and instantiates its graph: the step to replay. */
    CapturedStep end(String what) {
        CUgraph graph = capturing;
        RuntimeException failed = endStreamCapture();
        if (failed != null) {
            destroy(graph);
            throw captureFailed("capturing " + what, failed);
        }
        CUgraphExec exec = new CUgraphExec();
        try {
            JCudaDriver.cuGraphInstantiate(exec, graph, 0L);
        } catch (RuntimeException e) {
            destroy(graph);
            throw captureFailed("instantiating the graph of " + what, e);
        }
        CudaGraphStep step = new CudaGraphStep(what, graph, exec, stream, steps::remove);
        steps.add(step);
        captured++;
        return step;
    }

    /** The driver's refusal to capture, in the words of {@link CudaBackendException}. */
    private static CaptureFailedException captureFailed(String what, RuntimeException e) {
        return new CaptureFailedException(CudaBackendException.message(what, e), e);
    }

    /** Ends a capture whose body failed (which leaves capture mode) and drops its graph; no exception. */
    void abandon() {
        CUgraph graph = capturing;
        endStreamCapture(); // the body's failure is the one to report
        destroy(graph);
    }

    /** Ends the stream's capture into the graph begun; the driver's error, or null. */
    private RuntimeException endStreamCapture() {
        CUgraph graph = capturing;
        capturing = null;
        try {
            JCudaDriver.cuStreamEndCapture(stream, graph);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** How many steps have been captured so far. */
    int captured() {
        return captured;
    }

    /** Frees every graph not closed yet. */
    void closeAll() {
        List.copyOf(steps).forEach(CudaGraphStep::close); // each close removes itself
    }

    private static void destroy(CUgraph graph) {
        try {
            JCudaDriver.cuGraphDestroy(graph);
        } catch (RuntimeException e) {
            // a graph the failed capture never produced
        }
    }
}
