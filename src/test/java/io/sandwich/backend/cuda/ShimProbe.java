package io.sandwich.backend.cuda;

import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;

/** Run in a child JVM by {@link Cuda13ShimTest}: creates and destroys a cuBLAS handle through JCuda. */
public final class ShimProbe {
    private ShimProbe() {
    }

    /** Prints the two status codes and the handle. */
    public static void main(String[] args) {
        JCublas2.setExceptionsEnabled(true);
        cublasHandle h = new cublasHandle();
        int created = JCublas2.cublasCreate(h);
        int destroyed = JCublas2.cublasDestroy(h);
        System.out.println("created=" + created + " destroyed=" + destroyed + " " + h);
    }
}
