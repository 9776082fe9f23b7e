package io.sandwich.backend;

/**
 * The classes of the handles one backend makes, for {@link CheckedBackend}'s casts: a handle of another backend is
 * refused with a sentence ("expected a GPU tensor, found CpuTensor[2, 3]").
 *
 * @param owner the word that names the backend in those sentences: {@code CPU}, {@code GPU}
 * @param tensors its tensors
 * @param counters its counters
 * @param sums its sums
 * @param matrices its data matrices
 * @param indexBuffers its index buffers
 * @param sparseBatches its sparse batches
 * @param adamStates its Adam states
 * @param <T> tensor class
 * @param <C> counter class
 * @param <U> sums class
 * @param <M> data matrix class
 * @param <I> index buffer class
 * @param <S> sparse batch class
 * @param <A> Adam state class
 */
public record HandleTypes<T extends Tensor, C extends Counter, U extends Sums, M extends DeviceMatrix,
        I extends IndexBuffer, S extends FixedSparseBatch, A extends AdamState>(String owner, Class<T> tensors,
        Class<C> counters, Class<U> sums, Class<M> matrices, Class<I> indexBuffers, Class<S> sparseBatches,
        Class<A> adamStates) {

    T tensor(Tensor x) {
        return cast(tensors, x, "tensor");
    }

    C counter(Counter x) {
        return cast(counters, x, "counter");
    }

    U sums(Sums x) {
        return cast(sums, x, "sums");
    }

    M matrix(DeviceMatrix x) {
        return cast(matrices, x, "data matrix");
    }

    I indices(IndexBuffer x) {
        return cast(indexBuffers, x, "index buffer");
    }

    S batch(SparseBatch x) {
        return cast(sparseBatches, x, "sparse batch");
    }

    A adam(AdamState x) {
        return cast(adamStates, x, "Adam state");
    }

    private <X> X cast(Class<X> type, Object x, String what) {
        if (type.isInstance(x)) {
            return type.cast(x);
        }
        throw new BackendException("expected a " + owner + " " + what + ", found " + x);
    }
}
