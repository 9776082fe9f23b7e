package io.sandwich.cli;

import static io.sandwich.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.TestData;
import io.sandwich.cli.CliTest.Run;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.data.VectorFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict --top-k} writes each row's best column ids (as ids, names, or {@code user:id,...} lines), and
 * {@code rank-eval} scores them against a truth file or a dataset's own targets alike.
 */
class TopKTest {
    @TempDir
    static Path tmp;

    static Path model;
    static Path scores;
    static Dataset embedded;

    @BeforeAll
    static void trainAndScore() {
        Path out = tmp.resolve("run");
        Run r = run(CliTest.small("train", "--model", "app2l1", "--epochs", "1", "--out", out.toString()));
        assertEquals(0, r.code(), r.err());
        model = out.resolve("model.pt");
        scores = tmp.resolve("scores.txt");
        r = run(CliTest.cpu("predict", "--weights", model.toString(), "--input", "data/embedded/test_app.txt",
                "--output", scores.toString()));
        assertEquals(0, r.code(), r.err());
        embedded = TestData.embedded();
    }

    /** Each row's column ids by descending score (the lower id first on ties), the best {@code k}. */
    private static List<List<String>> best(int k) {
        CsrMatrix m = VectorFileReader.read(scores, 23);
        List<List<String>> out = new ArrayList<>();
        for (int r = 0; r < m.rows(); r++) {
            float[] row = new float[23];
            m.copyRowDense(r, row, 0);
            out.add(IntStream.range(0, 23).boxed().sorted((a, b) -> row[a] != row[b] ? Float.compare(row[b], row[a])
                    : Integer.compare(a, b)).limit(k).map(String::valueOf).toList());
        }
        return out;
    }

    private static List<String> predict(String... extra) throws IOException {
        Path out = tmp.resolve("top-" + System.nanoTime() + ".txt");
        List<String> args = new ArrayList<>(List.of("predict", "--weights", model.toString(), "--output",
                out.toString(), "--top-k", "3"));
        args.addAll(List.of(extra));
        Run r = run(CliTest.cpu(args.toArray(String[]::new)));
        assertEquals(0, r.code(), r.err());
        return Files.readAllLines(out);
    }

    @Test
    void idsNamesAndUsers() throws IOException {
        List<List<String>> best = best(3);
        List<String> ids = predict("--input", "data/embedded/test_app.txt");
        assertEquals(best.stream().map(b -> String.join(" ", b)).toList(), ids);

        List<String> users = embedded.userIds().orElseThrow().subList(7000, 7857);
        Path userFile = Files.write(tmp.resolve("users.txt"), users);
        Path names = Files.write(tmp.resolve("names.txt"), IntStream.range(0, 23).mapToObj(i -> "cat" + i).toList());
        List<String> named = predict("--input", "data/embedded/test_app.txt", "--users", userFile.toString(),
                "--names", names.toString());
        for (int r = 0; r < best.size(); r++) {
            assertEquals(users.get(r) + ":" + String.join(",", best.get(r).stream().map(i -> "cat" + i).toList()),
                    named.get(r));
        }
        assertEquals(named, predict("--data", "data/embedded", "--split", "test", "--names", names.toString()),
                "the test split's user ids come from the dataset");
    }

    @Test
    void rankEvalOfTheDatasetsTargetsEqualsItsTruthFile() throws IOException {
        List<String> top = predict("--data", "data/embedded", "--split", "test");
        Path pred = Files.write(tmp.resolve("pred.txt"), top);
        List<String> truth = new ArrayList<>();
        CsrMatrix l1 = embedded.test().l1();
        List<String> users = embedded.userIds().orElseThrow().subList(7000, 7857);
        for (int r = 0; r < l1.rows(); r++) {
            int from = l1.rowPtr()[r];
            int[] cols = Arrays.copyOfRange(l1.colIdx(), from, l1.rowPtr()[r + 1]);
            truth.add(users.get(r) + ":" + String.join(",", Arrays.stream(cols).mapToObj(String::valueOf).toList()));
        }
        Path truthFile = Files.write(tmp.resolve("truth.txt"), truth);
        Run fromFile = run("rank-eval", "--truth", truthFile.toString(), "--pred", pred.toString(), "--k", "3");
        Run fromData = run("rank-eval", "--data", "data/embedded", "--split", "test", "--level", "l1", "--pred",
                pred.toString(), "--k", "3");
        assertEquals(0, fromData.code(), fromData.err());
        assertTrue(fromData.out().contains("| MAP@3 |"), fromData.out());
        assertEquals(fromFile.out(), fromData.out(), "the truth's order does not matter, its set does");
    }

    @Test
    void badRequestsAreOneSentenceAndWriteNothing() throws IOException {
        Path out = tmp.resolve("never.txt");
        String w = model.toString();
        String in = "data/embedded/test_app.txt";
        Path shortUsers = Files.write(tmp.resolve("short-users.txt"), List.of("a", "b"));
        Path badNames = Files.write(tmp.resolve("bad-names.txt"), IntStream.range(0, 23)
                .mapToObj(i -> i == 4 ? "two words" : "n" + i).toList());
        String[][] cases = {
            {"expected --top-k with --users, which name what each row's best columns are written as, found raw scores"
                + " asked for", "--input", in, "--users", shortUsers.toString()},
            {"expected --top-k of at least 1, found 0", "--input", in, "--top-k", "0"},
            {"expected --top-k of at most 23, the model's outputs, found 24", "--input", in, "--top-k", "24"},
            {shortUsers + ": expected 857 user ids, one per row of " + in + ", found 2", "--input", in, "--top-k",
                "2", "--users", shortUsers.toString()},
            {badNames + ":5:1: expected a name without spaces, commas or colons, found \"two words\"", "--input", in,
                "--top-k", "2", "--names", badNames.toString()},
            {"expected the rows to run: --input FILE or --data with a split, found both", "--input", in, "--data",
                "data/embedded"},
            {"expected --split to be train, validation or test, found val", "--data", "data/embedded", "--split",
                "val"}};
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("predict", "--weights", w, "--output", out.toString()));
            args.addAll(Arrays.asList(c).subList(1, c.length));
            Run r = run(CliTest.cpu(args.toArray(String[]::new)));
            assertEquals(1, r.code(), r.err());
            assertEquals("error: " + c[0], r.err().strip());
            assertFalse(Files.exists(out), "nothing written");
        }
    }
}
