package io.sandwich.nn;

import io.sandwich.backend.SparseBatch;
import io.sandwich.backend.Tensor;

/**
 * The inputs of one step, held sparse (CSR) or dense, whichever the backend multiplies faster at the input
 * layer (see {@link io.sandwich.backend.Backend#sparseInputPays}).
 */
public sealed interface Batch permits Batch.Sparse, Batch.Dense {
    /** Rows in the batch. */
    int rows();

    /**
     * Sparse inputs.
     *
     * @param x the rows
     */
    record Sparse(SparseBatch x) implements Batch {
        @Override
        public int rows() {
            return x.rows();
        }
    }

    /**
     * Dense inputs.
     *
     * @param x the rows
     */
    record Dense(Tensor x) implements Batch {
        @Override
        public int rows() {
            return x.rows();
        }
    }
}
