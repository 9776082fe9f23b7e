package io.sandwich.backend.cuda;

import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcusparse.JCusparse;
import jcuda.jcusparse.cusparseHandle;

/** Run in a child JVM by {@link Cuda13ShimTest}: creates and destroys a cuBLAS and a cuSPARSE handle through JCuda. */
public final class ShimProbe {
    private ShimProbe() {
    }

    /** Prints each library's two status codes and its handle. */
    public static void main(String[] args) {
        JCublas2.setExceptionsEnabled(true);
        cublasHandle h = new cublasHandle();
        int created = JCublas2.cublasCreate(h);
        int destroyed = JCublas2.cublasDestroy(h);
        System.out.println("created=" + created + " destroyed=" + destroyed + " " + h);
        JCusparse.setExceptionsEnabled(true);
        cusparseHandle s = new cusparseHandle();
        int sparseCreated = JCusparse.cusparseCreate(s);
        int sparseDestroyed = JCusparse.cusparseDestroy(s);
        System.out.println("cusparse created=" + sparseCreated + " destroyed=" + sparseDestroyed + " " + s);
    }
}
