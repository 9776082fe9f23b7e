/**
 * The supported Java entry point, which owns every type its public signatures name.
 *
 * <ul>
 *   <li>{@link io.sandwich.api.Sandwich}: each command of the command line as a call taking typed options and
 *       returning a typed result (train, resume, evaluate, predict, reproduce, sweep, bench, generate, doctor).</li>
 *   <li>{@link io.sandwich.api.Model}: a trained model kept open on a device, to predict, rank and score.</li>
 *   <li>{@link io.sandwich.api.Data}, {@link io.sandwich.api.Split}, {@link io.sandwich.api.Matrix}: data from a
 *       folder or held in memory.</li>
 *   <li>{@link io.sandwich.api.Hyperparameters} defines each hyperparameter once; {@link io.sandwich.api.Settings}
 *       holds a run's values; the command line, the sweep grid and the run record derive from the definitions.</li>
 *   <li>{@link io.sandwich.api.Recipe}: a model as the stages that train it ({@link io.sandwich.api.Models} holds the
 *       report's five); {@link io.sandwich.api.Layers} and {@link io.sandwich.api.SavedLayouts} build new ones.</li>
 *   <li>{@link io.sandwich.api.Listener} hears typed {@link io.sandwich.api.Event}s;
 *       {@link io.sandwich.api.Cancellation} stops a run at its next step.</li>
 * </ul>
 *
 * <p>Options are immutable, made by builders that start from the command line's defaults; absent values are
 * {@code Optional}s, never nulls. Errors are {@link io.sandwich.SandwichException}s with a sentence a user can act
 * on, naming the setting in this package's terms, raised before any output is written where the inputs allow.
 *
 * <p>Layering: the command line ({@code io.sandwich.cli}) calls only this package; this package calls the rest.
 */
package io.sandwich.api;
