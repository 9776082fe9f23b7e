package io.sandwich.report;

import io.sandwich.SandwichException;
import io.sandwich.io.AtomicFiles;
import io.sandwich.train.EpochStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts drawn with XChart: learning curves of a run and bar charts of a results table. */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** A named series of y values over epochs 1..n. */
    public record Series(String name, double[] values) {
    }

    /**
     * Writes {@code prefix-loss.png} and {@code prefix-accuracy.png} into {@code dir}: train vs validation per
     * stage, over epochs.
     */
    public static void learningCurves(List<EpochStats> history, Path dir, String prefix, String title) {
        Map<String, List<EpochStats>> byStage = new LinkedHashMap<>();
        for (EpochStats s : history) {
            byStage.computeIfAbsent(s.stage(), k -> new ArrayList<>()).add(s);
        }
        List<Series> loss = new ArrayList<>();
        List<Series> acc = new ArrayList<>();
        for (Map.Entry<String, List<EpochStats>> e : byStage.entrySet()) {
            loss.add(series(e.getKey() + " train", e.getValue(), EpochStats::trainLoss));
            loss.add(series(e.getKey() + " val", e.getValue(), EpochStats::valLoss));
            acc.add(series(e.getKey() + " train", e.getValue(), EpochStats::trainAccuracy));
            acc.add(series(e.getKey() + " val", e.getValue(), EpochStats::valAccuracy));
        }
        lines(dir.resolve(prefix + "-loss.png"), title + ": loss per sample", "epoch", "loss", loss);
        lines(dir.resolve(prefix + "-accuracy.png"), title + ": category accuracy", "epoch", "accuracy", acc);
    }

    private static Series series(String name, List<EpochStats> stats, ToDoubleFunction<EpochStats> f) {
        return new Series(name, stats.stream().mapToDouble(f).toArray());
    }

    /** A line chart of the given series over epochs (series that are all NaN are left out). */
    public static void lines(Path file, String title, String xLabel, String yLabel, List<Series> series) {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setMarkerSize(4);
        for (Series s : series) {
            double[] y = s.values();
            if (y.length == 0 || java.util.Arrays.stream(y).allMatch(Double::isNaN)) {
                continue;
            }
            double[] x = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                x[i] = i + 1;
            }
            chart.addSeries(s.name(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, file);
    }

    /** A bar chart: one group per category, one bar per series, with error bars when given. */
    public static void bars(Path file, String title, String yLabel, List<String> categories,
            Map<String, double[][]> seriesValuesAndErrors) {
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(600).title(title).yAxisTitle(yLabel)
                .build();
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setOverlapped(false);
        for (Map.Entry<String, double[][]> e : seriesValuesAndErrors.entrySet()) {
            List<Double> v = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (int i = 0; i < categories.size(); i++) {
                double value = e.getValue()[0][i];
                v.add(Double.isNaN(value) ? 0.0 : value);
                double sd = e.getValue()[1][i];
                err.add(Double.isNaN(sd) ? 0.0 : sd);
            }
            chart.addSeries(e.getKey(), categories, v, err);
        }
        save(chart, file);
    }

    /** A heat map of {@code values[i][j]} at x category i and y category j, each cell labelled with its value. */
    public static void heatmap(Path file, String title, String xLabel, List<String> x, String yLabel, List<String> y,
            double[][] values) {
        HeatMapChart chart = new HeatMapChartBuilder().width(900).height(700).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setShowValue(true).setHeatMapValueDecimalPattern("0.000")
                .setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.3f", v));
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            for (int j = 0; j < y.size(); j++) {
                // rounded: the legend prints its range with Double.toString
                cells.add(new Number[] {i, j, Math.round(values[i][j] * 1e4) / 1e4});
            }
        }
        chart.addSeries(title, x, y, cells);
        save(chart, file);
    }

    private static void save(Chart<?, ?> chart, Path file) {
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new SandwichException("could not draw " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(file, out -> out.write(png));
    }
}
