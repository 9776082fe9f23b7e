package io.sandwich.train;

/**
 * The two learning rates of Algorithm 1, as Adam settings: {@code encoder} carries a_e, {@code decoder} a_d.
 *
 * @param encoder Adam with learning rate a_e
 * @param decoder Adam with learning rate a_d
 */
public record Rates(io.sandwich.backend.AdamConfig encoder, io.sandwich.backend.AdamConfig decoder) {
}
