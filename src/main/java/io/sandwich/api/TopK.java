package io.sandwich.api;

/** The k largest values' column ids of each row of a row-major array, best first, the lower id on a tie. */
final class TopK {
    private TopK() {
    }

    static int[][] of(float[] values, int rows, int width, int k) {
        int[][] out = new int[rows][k];
        for (int r = 0; r < rows; r++) {
            int[] best = out[r];
            int n = 0;
            for (int c = 0; c < width; c++) {
                float v = values[r * width + c];
                if (n == k && !(v > values[r * width + best[k - 1]])) {
                    continue;
                }
                int i = n < k ? n++ : k - 1;
                while (i > 0 && v > values[r * width + best[i - 1]]) {
                    best[i] = best[i - 1];
                    i--;
                }
                best[i] = c;
            }
        }
        return out;
    }
}
