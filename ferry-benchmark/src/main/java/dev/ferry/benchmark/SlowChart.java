package dev.ferry.benchmark;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/** The slow scenario's chart: events/s per contender, one bar per input partition count. Headless. */
final class SlowChart {

    private static final Color[] SERIES = {new Color(0x1F, 0x6F, 0xB4), new Color(0x9A, 0xA5, 0xB1),
            new Color(0x4C, 0xA3, 0x6B), new Color(0xD0, 0x8C, 0x2E)};

    private SlowChart() {
    }

    static void write(Path png, RunInfo info, BenchmarkOptions options, List<SlowResult> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (SlowResult r : results) {
            if (r.run().ok()) {
                data.addValue(r.run().eventsPerSecond(), r.partitions() + (r.partitions() == 1 ? " partition" : " partitions"),
                        r.contender().key());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(
                String.format(Locale.ROOT, "Slow function (%d ms of I/O per event), %,d events (higher is better)",
                        options.waitMs(), options.events()),
                null, "events/s", data, PlotOrientation.VERTICAL, true, false, false);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT,
                "%d cores · Kafka %s · keys from %,d ids · concurrency %d · each contender in its own JVM (%s)",
                info.cores(), info.kafka(), options.keys(), options.concurrency(), String.join(" ", info.childJvmOptions())),
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        CategoryPlot plot = ResultsChart.plain(chart);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.12);
        for (int i = 0; i < SERIES.length; i++) {
            renderer.setSeriesPaint(i, SERIES[i]);
        }
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        plot.getRangeAxis().setUpperMargin(0.12);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, ResultsChart.WIDTH, ResultsChart.HEIGHT);
    }
}
