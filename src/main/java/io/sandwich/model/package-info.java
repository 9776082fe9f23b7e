/**
 * The report's models as stage plans: which network each stage trains ({@link io.sandwich.model.Architectures},
 * with the seed's state_dict names), on which rows ({@link io.sandwich.model.DataPlan}, for the clean and the
 * seed protocol), and how weights pass from one stage to the next ({@link io.sandwich.model.Experiment}).
 */
package io.sandwich.model;
