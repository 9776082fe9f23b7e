package io.sandwich.backend.cuda;

import io.sandwich.backend.BackendException;

/** A CUDA, cuBLAS or cuSPARSE call failed; the message names the operation and the shapes involved. */
public class CudaBackendException extends BackendException {
    private static final long serialVersionUID = 1L;

    /** An error for {@code operation} with the library's own error as cause. */
    public CudaBackendException(String operation, Throwable cause) {
        super(message(operation, cause), cause);
    }

    /** "{@code operation} failed on the GPU: " and the library's error. */
    static String message(String operation, Throwable cause) {
        return operation + " failed on the GPU: " + cause.getMessage();
    }

    /** An error with a message of its own. */
    public CudaBackendException(String message) {
        super(message);
    }
}
