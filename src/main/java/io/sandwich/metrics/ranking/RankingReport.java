package io.sandwich.metrics.ranking;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.Locale;

/**
 * Ranking metrics at cut-off {@code k}, each a mean over the users of the truth map.
 *
 * @param k the cut-off
 * @param users users evaluated: every user in the truth map
 * @param missingPredUsers users in the truth map with no prediction line (scored as an empty list)
 * @param predOnlyUsers users with predictions but no truth line (ignored by every metric)
 * @param precision precision@k: hits in the top k / k
 * @param recall recall@k: hits in the top k / |truth|
 * @param map MAP@k: sum of precision@i over hit positions i &le; k, divided by min(|truth|, k)
 * @param ndcg NDCG@k with binary relevance and a log2 discount
 * @param hitRate hit rate@k: share of users with at least one hit in the top k
 * @param seedScore the seed code's figure: |truth &cap; all predicted items| / |truth|, not cut at k
 */
public record RankingReport(
        int k,
        int users,
        int missingPredUsers,
        int predOnlyUsers,
        double precision,
        double recall,
        double map,
        double ndcg,
        double hitRate,
        double seedScore) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** The report as a pretty-printed JSON object whose keys are the component names. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** The report as a two-column Markdown table, followed by a line counting the users. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| metric | value |\n");
        sb.append("|---|---:|\n");
        row(sb, "precision@" + k, precision);
        row(sb, "recall@" + k, recall);
        row(sb, "MAP@" + k, map);
        row(sb, "NDCG@" + k, ndcg);
        row(sb, "hit rate@" + k, hitRate);
        row(sb, "seed score (all predictions)", seedScore);
        sb.append('\n');
        sb.append(String.format(Locale.ROOT,
                "%d users evaluated (%d without predictions); %d prediction-only users ignored.%n",
                users, missingPredUsers, predOnlyUsers));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, double value) {
        sb.append(String.format(Locale.ROOT, "| %s | %.4f |%n", name, value));
    }
}
