/**
 * The numerical backend: one small interface ({@link io.sandwich.backend.Backend}) holding every operation a
 * training step needs (GEMM, sparse x dense, bias and activation passes, losses with their gradients fused,
 * accuracy counting, the Adam update), so that the CPU implementation ({@code backend.cpu}) and a CUDA one can
 * be swapped behind it. Tensors are opaque handles owned by the backend that made them; the host sees their
 * contents only through {@link io.sandwich.backend.Backend#download}.
 *
 * <p>Design rules: no operation allocates; every tensor a step uses is allocated once (per batch size) before
 * the first step; scalars such as the running loss stay in backend tensors and are read once per epoch; values that
 * change from step to step are {@link io.sandwich.backend.Counter}s read when an operation runs, so that a step can be
 * captured once ({@link io.sandwich.backend.Backend#capture}) and replayed; random draws (dropout masks, the epoch's
 * row order) are counter-based ({@link io.sandwich.backend.CounterHash}), so every backend draws the same.
 *
 * <p>Structure: this package names no implementation. Each backend extends {@link io.sandwich.backend.CheckedBackend},
 * which makes the checks every backend needs (shapes, handles of another backend, what a captured step or a closed
 * backend refuses) once, with the same sentences, and leaves only the device's own work to the backend; each is
 * offered by a {@link io.sandwich.backend.BackendProvider} that {@link io.sandwich.backend.Backends} finds with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.sandwich.backend.BackendProvider}), ranked for the
 * request {@code auto}. A {@link io.sandwich.backend.Device} is a type and an index; {@link
 * io.sandwich.backend.BackendInfo} is what a run records of the backend it used.
 */
package io.sandwich.backend;
