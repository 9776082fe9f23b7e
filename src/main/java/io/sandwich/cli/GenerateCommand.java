package io.sandwich.cli;

import io.sandwich.api.DataFormat;
import io.sandwich.api.GenerateOptions;
import io.sandwich.api.Sandwich;
import io.sandwich.api.GenerateResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandwich generate}: writes a synthetic dataset of any number of users in the seed's layout. */
@Command(name = "generate", footer = {
            "  scripts/sandwich generate --users 1000000 --out out/users-1m",
            "  scripts/sandwich generate --users 20000 --seed 7 --out out/users-20k",
            "  scripts/sandwich generate --users 7857 --format csv --class-ids \\",
            "      --out out/csv-ids"},
        description = "Writes a synthetic dataset in the seed's layout (tr_/val_/test_ app, l1, l2 and user.txt),"
                + " streaming one user at a time: the embedded dataset's generator, split 76.4 / 12.7 / 10.9 %%"
                + " like the seed. Each file appears only once all rows are written.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--users", required = true, paramLabel = "N",
            description = "Number of users (rows over all splits), at least " + GenerateOptions.MIN_USERS + ".")
    int users;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder to write into (created when missing).")
    Path out;

    @Mixin
    SharedOptions.Overwrite overwrite;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + GenerateOptions.DEFAULT_SEED,
            description = "Seed of the generator (default: ${DEFAULT-VALUE}, the embedded dataset's; 7857 users"
                    + " with it give data/embedded).")
    long seed;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "txt", converter = FormatConverter.class,
            description = "Format of the vector files: txt (the seed's), csv, tsv, npy or libsvm (default:"
                    + " ${DEFAULT-VALUE}).")
    DataFormat format;

    @Option(names = "--class-ids", description = "Write the L1 and L2 targets as class ids, one per row (the column"
            + " of the row's largest value), in a .txt, .csv, .tsv or .npy file.")
    boolean classIds;

    /** Reads a format by its name. */
    static final class FormatConverter implements CommandLine.ITypeConverter<DataFormat> {
        @Override
        public DataFormat convert(String value) {
            return java.util.Arrays.stream(DataFormat.values()).filter(f -> f.toString().equals(value)).findFirst()
                    .orElseThrow(() -> new CommandLine.TypeConversionException("expected txt, csv, tsv, npy or"
                            + " libsvm, found \"" + value + "\""));
        }
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        GenerateResult s = Sandwich.generate(new GenerateOptions(users, seed, overwrite.overwrite, format,
                classIds), out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        o.printf(Locale.ROOT, "wrote %d users to %s: %d train, %d validation, %d test rows, %.1f MB in %.1f s%n",
                users, s.directory(), s.trainRows(), s.validationRows(), s.testRows(), s.bytes() / 1e6, seconds);
        o.flush();
        return 0;
    }
}
