/**
 * Feed-forward networks as the report uses them: chains of {@link io.sandwich.nn.LayerSpec blocks} (Linear in
 * PyTorch's [out, in] layout, optional ReLU, optional dropout) whose parameters live in one flat buffer per
 * network ({@link io.sandwich.nn.ParameterSet}), so that one fused Adam pass updates them all.
 *
 * <p>A {@link io.sandwich.nn.Network} runs forward and backward on whole batches through the
 * {@link io.sandwich.backend.Backend} interface; the activations and gradients for a batch size are allocated
 * once ({@link io.sandwich.nn.Workspace}) and reused for every step of that size.
 */
package io.sandwich.nn;
