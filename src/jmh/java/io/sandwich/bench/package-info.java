/**
 * JMH microbenchmarks of the hot pieces of a training step on the CPU backend: the three GEMM shapes of the
 * seed's baseline net, the sparse input layer, the Adam update and the masked loss. Built only with the
 * {@code jmh} Maven profile and run by {@code scripts/bench/jmh}; never part of the test run.
 */
package io.sandwich.bench;
