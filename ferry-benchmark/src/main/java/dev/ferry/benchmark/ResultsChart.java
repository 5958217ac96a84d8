package dev.ferry.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
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
import org.jfree.data.category.DefaultCategoryDataset;

/** The throughput chart: one bar of events/s per contender, Ferry's highlighted. Headless. */
final class ResultsChart {

    static final int WIDTH = 900;
    static final int HEIGHT = 500;

    private static final Color FERRY = new Color(0x1F, 0x6F, 0xB4);
    private static final Color OTHERS = new Color(0x9A, 0xA5, 0xB1);

    private ResultsChart() {
    }

    /** Writes the chart of the contenders that finished as a PNG. */
    static void write(Path png, RunInfo info, List<ThroughputSummary> results, int rounds) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<ThroughputSummary> done = results.stream().filter(ThroughputSummary::ok).toList();
        for (ThroughputSummary r : done) {
            data.addValue(r.eventsPerSecond(), "events/s", r.contender().key());
        }
        JFreeChart chart = ChartFactory.createBarChart(
                String.format(Locale.ROOT, "Throughput, %,d events, at-least-once (higher is better)", info.events()),
                null, "events/s", data, PlotOrientation.VERTICAL, false, false, false);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle(String.format(Locale.ROOT,
                "%d cores · Kafka %s · batch %d · each contender in its own JVM (%s)%s", info.cores(), info.kafka(),
                ClientSettings.BATCH_SIZE, String.join(" ", info.childJvmOptions()),
                rounds > 1 ? " · median of " + rounds + " rounds" : ""),
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        CategoryPlot plot = plain(chart);
        BarRenderer renderer = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return done.get(column).contender() == Contender.FERRY ? FERRY : OTHERS;
            }
        };
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.15);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        plot.setRenderer(renderer);
        plot.getRangeAxis().setUpperMargin(0.12);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    /** The charts' common look: white, light grey grid lines, no outline; returns the plot to finish. */
    static CategoryPlot plain(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlineVisible(false);
        return plot;
    }
}
