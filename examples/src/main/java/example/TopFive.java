package example;

import io.sandwich.api.Compute;
import io.sandwich.api.Data;
import io.sandwich.api.Hyperparameters;
import io.sandwich.api.Listener;
import io.sandwich.api.Matrix;
import io.sandwich.api.Model;
import io.sandwich.api.Models;
import io.sandwich.api.Sandwich;
import io.sandwich.api.Settings;
import io.sandwich.api.Split;
import io.sandwich.api.TrainOptions;
import io.sandwich.api.TrainResult;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Trains the seed's App -> L1 net on users held in memory, keeps the trained model open, and prints the five L1
 * categories it ranks highest for three new users.
 */
public final class TopFive {
    private static final int APPS = 52;
    private static final int CATEGORIES = 23;

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "out/top-five");
        Random random = new Random(7);
        Data data = Data.of(users(6000, random), users(1000, random), users(857, random));

        TrainOptions options = TrainOptions.builder(Models.APP2L1).data(data)
                .settings(Settings.builder().set(Hyperparameters.EPOCHS, 3)
                        .set(Hyperparameters.HIDDEN, List.of(64, 64)).build())
                .compute(Compute.cpu(0)).overwrite(true).build();
        TrainResult trained = Sandwich.train(options, out, Listener.SILENT);
        System.out.printf("test accuracy %.4f after %d epochs%n", trained.test().accuracy(), trained.epochsTrained());

        float[][] newUsers = apps(3, random);
        try (Model model = trained.model()) {
            int[][] top = model.topK(newUsers, 5);
            for (int u = 0; u < top.length; u++) {
                System.out.println("user " + u + ": top 5 L1 categories " + Arrays.toString(top[u]));
            }
        }
    }

    /** Users whose main L1 category follows the app category they use most. */
    private static Split users(int n, Random random) {
        float[][] app = apps(n, random);
        float[][] l1 = new float[n][CATEGORIES];
        for (int u = 0; u < n; u++) {
            int most = 0;
            for (int a = 1; a < APPS; a++) {
                most = app[u][a] > app[u][most] ? a : most;
            }
            l1[u][most % CATEGORIES] = 0.8f;
            l1[u][(most + 1) % CATEGORIES] = 0.2f;
        }
        return Split.of(Matrix.dense(app), Matrix.dense(l1));
    }

    /** Each user's shares of five app categories, summing to 1. */
    private static float[][] apps(int n, Random random) {
        float[][] app = new float[n][APPS];
        for (float[] row : app) {
            float sum = 0;
            for (int k = 0; k < 5; k++) {
                float share = random.nextFloat();
                row[random.nextInt(APPS)] += share;
                sum += share;
            }
            for (int a = 0; a < APPS; a++) {
                row[a] /= sum;
            }
        }
        return app;
    }
}
