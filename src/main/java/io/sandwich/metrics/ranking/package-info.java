/**
 * Ranking metrics for recommendation lists: reading {@code user:item,item,...} files and scoring predicted lists
 * against what each user actually read.
 *
 * <p>{@link io.sandwich.metrics.ranking.RankingFile} reads a file into an insertion-ordered map from user id to
 * items, rejecting malformed lines with a {@link io.sandwich.metrics.ranking.RankingFormatException} that names the
 * file and the 1-based line. {@link io.sandwich.metrics.ranking.RankingMetrics} compares a truth map (what each
 * user read, an unordered set) with a prediction map (recommendations in rank order) and returns a
 * {@link io.sandwich.metrics.ranking.RankingReport}: precision, recall, MAP, NDCG and hit rate at a cut-off
 * {@code k}, each averaged over the users of the truth file.
 *
 * <p>The report also carries {@code seedScore}, the figure the original research code called "mean average
 * precision": the mean over users of |truth &cap; predicted| / |truth| with every predicted item counted, not only
 * the first {@code k}. It is really a recall over the whole list and is kept only so that results can be compared
 * with the seed's published numbers; on the seed's {@code precision/output_base.txt} it is about 0.018.
 */
package io.sandwich.metrics.ranking;
