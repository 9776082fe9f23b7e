package io.sandwich.api;

/**
 * Ranking metrics at cut-off {@code k}, each a mean over the users of the truth file ({@link Sandwich#rankEval}).
 *
 * @param k the cut-off
 * @param users users evaluated: every user in the truth file
 * @param missingPredUsers users with no prediction line (scored as an empty list)
 * @param predOnlyUsers users with predictions but no truth line (ignored)
 * @param precision precision@k
 * @param recall recall@k
 * @param map MAP@k
 * @param ndcg NDCG@k with binary relevance and a log2 discount
 * @param hitRate share of users with at least one hit in the top k
 * @param seedScore the seed code's figure: |truth and all predicted items| / |truth|, not cut at k
 * @param markdown the scores as a Markdown table, followed by a line counting the users
 */
public record RankingScores(int k, int users, int missingPredUsers, int predOnlyUsers, double precision,
        double recall, double map, double ndcg, double hitRate, double seedScore, String markdown) {
}
