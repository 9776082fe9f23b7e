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
 */
package io.sandwich.backend;
