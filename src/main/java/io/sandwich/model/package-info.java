/**
 * What the layers below the Java API need to run a model's stages: which rows each stage trains, selects and tests
 * on ({@link io.sandwich.model.DataPlan}, for the clean and the seed protocol), the outcome of a run
 * ({@link io.sandwich.model.RunResult}), and networks in and out of state_dicts
 * ({@link io.sandwich.model.SavedModels}). The models themselves are recipes in {@code io.sandwich.api}.
 */
package io.sandwich.model;
