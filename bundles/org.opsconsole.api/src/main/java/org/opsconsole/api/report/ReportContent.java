package org.opsconsole.api.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a {@link ReportSection} writes for a period: blocks in reading order. Texts are in the report's language;
 * numbers, times and durations stay typed so that the reporting module formats them for the reader and keeps them
 * numbers in Excel.
 *
 * @param blocks the blocks, in order; empty when the section has nothing to report for the period
 */
public record ReportContent(List<Block> blocks) {

    /** Copies the blocks. */
    public ReportContent {
        blocks = List.copyOf(blocks);
    }

    /** @return whether a report in this locale is written in Chinese (any {@code zh}), else in English */
    public static boolean chinese(Locale locale) {
        return "zh".equals(locale.getLanguage());
    }

    /** A block of a section: a paragraph, key figures, a table or a chart. */
    public sealed interface Block permits Paragraph, Figures, Table, Chart {
    }

    /**
     * A paragraph of text.
     *
     * @param text the text
     */
    public record Paragraph(String text) implements Block {

        /** Checks that the text is given. */
        public Paragraph {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Key figures, shown side by side.
     *
     * @param figures the figures
     */
    public record Figures(List<Figure> figures) implements Block {

        /** Copies the figures. */
        public Figures {
            figures = List.copyOf(figures);
        }
    }

    /**
     * One key figure.
     *
     * @param label what it counts
     * @param value its value: a cell value (see {@link Table})
     */
    public record Figure(String label, Object value) {

        /** Checks the label and the value's type. */
        public Figure {
            Objects.requireNonNull(label, "label");
            checkCell(value);
        }
    }

    /**
     * A table.
     *
     * @param caption its caption
     * @param columns the column headings
     * @param rows the rows, each as many cells as there are columns; a cell is {@code null} (empty), a {@link
     *        String}, a {@link Long}, {@link Integer}, {@link Double} or {@link BigDecimal}, a {@link Percent}, an
     *        {@link Instant} (shown in the period's zone) or a {@link Duration}
     * @param note a sentence under the table (what was left out, how it was computed), or {@code null}
     */
    public record Table(String caption, List<String> columns, List<List<Object>> rows, String note) implements Block {

        /**
         * Checks the shape and the cells' types.
         *
         * @throws IllegalArgumentException when a row has another number of cells than there are columns, or a cell
         *         has a type a report cannot show
         */
        public Table {
            Objects.requireNonNull(caption, "caption");
            columns = List.copyOf(columns);
            List<List<Object>> checked = new ArrayList<>(rows.size());
            for (List<Object> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("a row of table '" + caption + "' has " + row.size()
                            + " cells for " + columns.size() + " columns");
                }
                row.forEach(ReportContent::checkCell);
                checked.add(Collections.unmodifiableList(new ArrayList<>(row)));
            }
            rows = Collections.unmodifiableList(checked);
        }
    }

    /**
     * A share, shown as a percentage.
     *
     * @param ratio the share, 0 to 1 (0.995 is shown 99.5%)
     */
    public record Percent(double ratio) {
    }

    /**
     * A chart of values over time: one line per series.
     *
     * @param caption its caption
     * @param unit the values' unit as shown on the axis ({@code 次}, {@code ms}, {@code %}), or empty
     * @param series the series
     */
    public record Chart(String caption, String unit, List<Series> series) implements Block {

        /** Copies the series. */
        public Chart {
            Objects.requireNonNull(caption, "caption");
            Objects.requireNonNull(unit, "unit");
            series = List.copyOf(series);
        }
    }

    /**
     * A chart's series.
     *
     * @param name its name in the legend
     * @param points its points, in time order
     */
    public record Series(String name, List<Point> points) {

        /** Copies the points. */
        public Series {
            Objects.requireNonNull(name, "name");
            points = List.copyOf(points);
        }
    }

    /**
     * A point of a series.
     *
     * @param at when
     * @param value the value there
     */
    public record Point(Instant at, double value) {

        /** Checks that the time is given. */
        public Point {
            Objects.requireNonNull(at, "at");
        }
    }

    private static void checkCell(Object value) {
        if (value != null && !(value instanceof String || value instanceof Long || value instanceof Integer
                || value instanceof Double || value instanceof BigDecimal || value instanceof Percent
                || value instanceof Instant || value instanceof Duration)) {
            throw new IllegalArgumentException("a report cannot show a " + value.getClass().getName());
        }
    }
}
