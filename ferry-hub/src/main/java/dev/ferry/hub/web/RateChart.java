package dev.ferry.hub.web;

import dev.ferry.hub.TopicDetail.RatePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A topic's events per minute over the last hour as an SVG line chart, laid out on the server so
 * the page needs no chart library: the line's and the area's points in the chart's own
 * coordinates, the largest minute for the scale, and the first and last minute for the axis.
 *
 * @param line     the line's points, {@code "x,y x,y ..."}
 * @param area     the area under the line, closed along the axis
 * @param bars     one mark per minute, for hover titles
 * @param max      the largest minute's count (the top of the scale)
 * @param first    the first minute as HH:mm UTC, or empty with no points
 * @param last     the last minute as HH:mm UTC, or empty with no points
 * @param total    events over the hour
 */
record RateChart(String line, String area, List<Mark> bars, long max, String first, String last, long total) {

    static final int WIDTH = 640;
    static final int HEIGHT = 160;
    static final int LEFT = 48;
    static final int RIGHT = 8;
    static final int TOP = 10;
    static final int BOTTOM = 22;

    /**
     * One minute's point.
     *
     * @param x     its x
     * @param y     its y
     * @param title what a hover shows
     */
    record Mark(double x, double y, String title) {
    }

    static RateChart of(List<RatePoint> points) {
        long max = Math.max(1, points.stream().mapToLong(RatePoint::events).max().orElse(0));
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double step = points.size() > 1 ? plotW / (points.size() - 1) : 0;
        StringBuilder line = new StringBuilder();
        List<Mark> marks = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < points.size(); i++) {
            RatePoint p = points.get(i);
            double x = LEFT + (points.size() > 1 ? i * step : plotW / 2);
            double y = TOP + plotH - plotH * p.events() / max;
            line.append(line.isEmpty() ? "" : " ").append(xy(x, y));
            marks.add(new Mark(x, y, Fmt.minute(p.minute()) + ": " + Fmt.count(p.events()) + " events"));
            total += p.events();
        }
        String area = marks.isEmpty() ? "" : xy(marks.get(0).x(), TOP + plotH) + " " + line + " "
                + xy(marks.get(marks.size() - 1).x(), TOP + plotH);
        return new RateChart(line.toString(), area, marks, max,
                points.isEmpty() ? "" : Fmt.minute(points.get(0).minute()),
                points.isEmpty() ? "" : Fmt.minute(points.get(points.size() - 1).minute()), total);
    }

    /** The y of the axis (zero). */
    int baseline() {
        return HEIGHT - BOTTOM;
    }

    private static String xy(double x, double y) {
        return String.format(Locale.ROOT, "%.1f,%.1f", x, y);
    }
}
