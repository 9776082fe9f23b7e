package io.sandwich.peers;

import java.nio.file.Path;

/**
 * The command line every peer takes, the same as {@code scripts/bench/torch-peer.py}'s: {@code --data DIR}
 * (tr_app.txt and tr_l1.txt), {@code --epochs N} timed epochs (default 3, as {@code sandwich bench}) after
 * {@code --warmup N} (default 1), {@code --batch B} (128), {@code --threads T} (2), {@code --device cpu},
 * {@code --json FILE}; and the parity mode {@code --parity WEIGHTS --steps K} (20), which trains from the weights in
 * that file (see {@link InitialWeights}) without dropout or shuffling and writes the first K step losses.
 * {@code --stock-adam} trains with the library's own Adam as it stands instead of the torch.optim.Adam form (where
 * eps enters; the peers' {@code TorchAdam} classes say how they differ).
 *
 * @param data folder with tr_app.txt and tr_l1.txt
 * @param epochs timed epochs
 * @param warmup untimed epochs before them
 * @param batch rows per step (the last step of an epoch takes the rest)
 * @param threads intra-op threads
 * @param device the device; only cpu
 * @param json where to write the result, or null
 * @param parity the initial weights of the parity mode, or null for the benchmark
 * @param steps steps of the parity mode
 * @param stockAdam the library's stock Adam rather than torch.optim.Adam's form
 */
public record PeerArgs(Path data, int epochs, int warmup, int batch, int threads, String device, Path json,
        Path parity, int steps, boolean stockAdam) {

    /** Parses {@code args}; exits with a message on a bad or missing option. */
    public static PeerArgs parse(String tool, String[] args) {
        Path data = null;
        int epochs = 3;
        int warmup = 1;
        int batch = 128;
        int threads = 2;
        String device = "cpu";
        Path json = null;
        Path parity = null;
        int steps = 20;
        boolean stockAdam = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    usage(tool, null);
                }
                if (a.equals("--stock-adam")) {
                    stockAdam = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    usage(tool, "missing a value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--data" -> data = Path.of(v);
                    case "--epochs" -> epochs = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--threads" -> threads = Integer.parseInt(v);
                    case "--device" -> device = v;
                    case "--json" -> json = Path.of(v);
                    case "--parity" -> parity = Path.of(v);
                    case "--steps" -> steps = Integer.parseInt(v);
                    default -> usage(tool, "unknown option " + a);
                }
            }
        } catch (NumberFormatException e) {
            usage(tool, "expected a whole number: " + e.getMessage());
        }
        if (data == null) {
            usage(tool, "--data is required");
        }
        if (epochs < 1 || warmup < 0 || batch < 1 || threads < 1 || steps < 1) {
            usage(tool, "expected --epochs, --batch, --threads, --steps >= 1 and --warmup >= 0");
        }
        if (!device.equals("cpu")) {
            usage(tool, "only --device cpu is supported, found " + device);
        }
        return new PeerArgs(data, epochs, warmup, batch, threads, device, json, parity, steps, stockAdam);
    }

    /** The parity mode's steps take rows in file order without wrapping: refuses data with too few rows. */
    public void checkParityRows(int rows) {
        if ((long) steps * batch > rows) {
            throw new IllegalArgumentException("--steps " + steps + " of --batch " + batch + " need "
                    + (long) steps * batch + " rows, the data has " + rows);
        }
    }

    private static void usage(String tool, String error) {
        System.err.println((error == null ? "" : tool + ": " + error + "\n") + "usage: " + tool
                + " --data DIR [--epochs 3] [--warmup 1] [--batch 128] [--threads 2] [--device cpu] [--json FILE]"
                + "\n       " + tool + " --data DIR --parity WEIGHTS [--steps 20] [--batch 128] [--threads 2]"
                + " [--json FILE]\n       either with [--stock-adam]");
        System.exit(error == null ? 0 : 2);
    }
}
