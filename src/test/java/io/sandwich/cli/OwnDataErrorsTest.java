package io.sandwich.cli;

import static io.sandwich.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sandwich.cli.CliTest.Run;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own data with a defect: {@code train} prints one sentence naming the file, line and column (or what is
 * wrong with the dataset as a whole), exits 1 and writes nothing.
 */
class OwnDataErrorsTest {
    @TempDir
    Path tmp;

    /** A small dataset of CSV files, L1 as class ids 0..2, no L2 (for app2l1). */
    private Path dataset() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        int[] rows = {30, 10, 10};
        String[] prefix = {"tr", "val", "test"};
        for (int s = 0; s < 3; s++) {
            List<String> app = new ArrayList<>(List.of("a,b,c,d"));
            List<String> l1 = new ArrayList<>();
            for (int r = 0; r < rows[s]; r++) {
                app.add((r % 4) + ",0.5,0," + (r % 3));
                l1.add(String.valueOf(r % 3));
            }
            Files.write(dir.resolve(prefix[s] + "_app.csv"), app);
            Files.write(dir.resolve(prefix[s] + "_l1.csv"), l1);
        }
        return dir;
    }

    private void refused(Path data, String expected, String... flags) {
        Path out = tmp.resolve("out");
        List<String> args = new ArrayList<>(List.of("train", "--model", "app2l1", "--epochs", "1", "--data",
                data.toString(), "--out", out.toString()));
        args.addAll(List.of(flags));
        Run r = run(CliTest.small(args.toArray(String[]::new)));
        assertEquals(1, r.code(), r.err());
        assertEquals("error: " + expected, r.err().strip());
        assertFalse(Files.exists(out), "nothing written");
    }

    private static void line(Path file, int line, String text) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(line - 1, text);
        Files.write(file, lines);
    }

    @Test
    void classIdsOutOfRangeOrNotWhole() throws IOException {
        Path d = dataset();
        Path val = d.resolve("val_l1.csv");
        line(val, 3, "-1");
        refused(d, val + ":3:1: expected a class id (a whole number from 0) in a one-column target, found -1");
        line(val, 3, "0.5");
        refused(d, val + ":3:1: expected a class id (a whole number from 0) in a one-column target, found 0.5");
        line(val, 3, "7");
        refused(d, val + ":3:1: expected a class id below 5, the class count given, found 7", "--l1-classes", "5");
        line(val, 3, "x");
        refused(d, val + ":3:1: expected a decimal number, found \"x\"");
    }

    @Test
    void onlyOneClassIsNotAClassificationProblem() throws IOException {
        Path d = dataset();
        for (String s : List.of("tr", "val", "test")) {
            Path f = d.resolve(s + "_l1.csv");
            Files.write(f, Files.readAllLines(f).stream().map(x -> "0").toList());
        }
        refused(d, "L1 class ids: expected at least two classes, found only id 0 in tr_l1.txt, val_l1.txt,"
                + " test_l1.txt; declare the class count with --l1-classes");
    }

    @Test
    void badCsvCells() throws IOException {
        Path d = dataset();
        Path app = d.resolve("tr_app.csv");
        line(app, 4, "1,abc,0,2");
        refused(d, app + ":4:2: expected a decimal number, found \"abc\"");
        line(app, 4, "1,,0,2");
        refused(d, app + ":4:2: expected a decimal number, found an empty field");
        line(app, 4, "1,0,0");
        refused(d, app + ":4:3: expected 4 values, found 3");
        line(app, 4, "1,nan,0,2");
        refused(d, app + ":4:2: expected a finite number, found nan");
        line(app, 4, "1,0,0,2");
        line(app, 1, "1,2,c,d"); // a header with numbers before its names: its numbers are not a row
        line(app, 2, "1,0,0");
        refused(d, app + ":2:3: expected 4 values, found 3");
    }

    @Test
    void twoFilesForOneRole() throws IOException {
        Path d = dataset();
        Files.writeString(d.resolve("tr_app.txt"), "1 2 3 4\n");
        refused(d, d + ": expected one file for tr_app, found 2: tr_app.csv and tr_app.txt; keep one");
    }

    @Test
    void npyClassIds() throws IOException {
        Path d = dataset();
        Files.delete(d.resolve("test_l1.csv"));
        long[] ids = new long[10];
        ids[1] = -4;
        Path npy = d.resolve("test_l1.npy");
        writeInt64(npy, ids);
        refused(d, npy + ":2:1: expected a class id (a whole number from 0) in a one-column target, found -4");
    }

    @Test
    void sparseRows() throws IOException {
        Path d = dataset();
        Files.delete(d.resolve("val_app.csv"));
        Path svm = d.resolve("val_app.svm");
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            rows.add("1:0.5 4:2");
        }
        Files.write(svm, rows);
        refused(d, svm + ": expected the index of the first column declared (0 or 1) for sparse index:value rows,"
                + " found none; declare it with --index-base or in the manifest");
        line(svm, 2, "3:1 2:1");
        refused(d, svm + ":2:5: expected an index above 3, as indices must increase along a row, found 2",
                "--index-base", "1");
        line(svm, 2, "5:1");
        refused(d, svm + ":2:1: expected an index below 5 for 4 columns, found 5", "--index-base", "1",
                "--app-width", "4");
        line(svm, 2, "0 1:1");
        refused(d, svm + ":2:1: expected index:value, found \"0\" (a LibSVM label? sandwich reads targets from"
                + " their own file, an L1 or L2 file, so leave labels out)", "--index-base", "1");
        line(svm, 2, "0:1");
        refused(d, svm + ":2:1: expected an index from 1, the first column's as declared, found 0", "--index-base",
                "1");
    }

    @Test
    void manifests() throws IOException {
        Path d = dataset();
        Path json = d.resolve("data.json");
        Files.writeString(json, "{\"train\": {\"app\": \"tr_app.csv\", \"l1\": \"tr_l1.csv\", \"labels\": \"x\"}}");
        refused(json, json + ": train.labels: expected one of the keys app, l1, l2 here, found \"labels\"");
        Files.writeString(json, "{\"format\": \"xls\"}");
        refused(json, json + ": format: expected one of the formats txt, csv, tsv, npy, libsvm, found \"xls\"");
        Files.writeString(json, "{\"train\": {\"app\": \"tr_app.csv\", \"l1\": \"tr_l1.csv\"}, \"l1_classes\": 3}");
        refused(json, json + ": expected the dataset files train.app, train.l1, validation.app, validation.l1,"
                + " test.app, test.l1, found these missing: validation.app, validation.l1, test.app, test.l1");
        Files.writeString(json, "{\n  \"format\":~\"csv\"\n}");
        refused(json, json + ":2:12: expected JSON, found malformed JSON at $.format");
        Files.writeString(json, "{\"train\": {\"app\": \"tr_app.csv\"");
        refused(json, json + ":1:31: expected JSON, found end of input at $.train.app");
        Path toml = d.resolve("data.toml");
        Files.writeString(toml, "[train\napp = 1\n");
        refused(toml, toml + ":1:7: expected TOML, found this: Unexpected end of line, expected ]");
    }

    @Test
    void declarationsMustAgreeWithTheManifest() throws IOException {
        Path d = dataset();
        Path json = d.resolve("data.json");
        Files.writeString(json, """
                {"format": "csv", "l1_classes": 3,
                 "train": {"app": "tr_app.csv", "l1": "tr_l1.csv"},
                 "validation": {"app": "val_app.csv", "l1": "val_l1.csv"},
                 "test": {"app": "test_app.csv", "l1": "test_l1.csv"}}
                """);
        refused(json, "expected --l1-classes to agree with the manifest " + json + ", which declares 3, found 4",
                "--l1-classes", "4");
    }

    private static void writeInt64(Path file, long[] values) throws IOException {
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + values.length + ",), }";
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length());
        b.put(h.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (long v : values) {
            b.putLong(v);
        }
        Files.write(file, b.array());
    }
}
