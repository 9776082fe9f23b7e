/**
 * The supported Java entry point: {@link io.sandwich.api.Sandwich} trains, resumes, evaluates, predicts,
 * reproduces Table 1, benchmarks and generates data, each from a typed options record with the command line's
 * defaults ({@link io.sandwich.api.TrainOptions#of}, {@link io.sandwich.api.Hyperparameters#defaults},
 * {@link io.sandwich.api.Compute#defaults}) and returning a typed result. Progress and messages go to a
 * {@link io.sandwich.api.Listener} the caller passes; nothing is printed. Errors are
 * {@link io.sandwich.SandwichException}s with a sentence a user can act on, raised before any output is written
 * where the inputs allow.
 *
 * <p>Layering: the command line ({@code io.sandwich.cli}) calls only this package; this package calls the rest.
 */
package io.sandwich.api;
