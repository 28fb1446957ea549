package org.opsconsole.monitoring.probes.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, as {@code node_exporter} writes it: one sample a
 * line ({@code name{label="value",...} value [timestamp]}), {@code # HELP} and {@code # TYPE} lines, other
 * {@code #} lines as comments, label values with the escapes {@code \\}, {@code \"} and {@code \n}. The series of
 * histograms and summaries ({@code _bucket}, {@code _sum}, {@code _count}) are read as plain series under their own
 * names; timestamps are read and dropped. Any line out of the format fails the whole text, naming the line.
 */
final class PrometheusText {

    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d{1,19}");

    /**
     * One series' value.
     *
     * @param metric the metric's name
     * @param labels its labels in the order written
     * @param value the value; may be NaN or infinite
     */
    record Series(String metric, Map<String, String> labels, double value) {
    }

    /** A text out of the format: its message names the line in Chinese, {@link #messageEn()} in English. */
    static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String messageEn;

        FormatException(int line, String what, String whatEn) {
            super("第 " + line + " 行：" + what);
            this.messageEn = "Line " + line + ": " + whatEn;
        }

        /** @return what is wrong, in English */
        String messageEn() {
            return messageEn;
        }
    }

    private PrometheusText() {
    }

    /**
     * @return every series of the text, in order
     * @throws FormatException at the first line out of the format
     */
    static List<Series> parse(String text) throws FormatException {
        List<Series> series = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (line.stripLeading().startsWith("#")) {
                comment(line.stripLeading(), i + 1);
            } else {
                series.add(new LineReader(line, i + 1).series());
            }
        }
        return series;
    }

    private static void comment(String line, int number) throws FormatException {
        String[] words = line.substring(1).strip().split("[ \t]+", 3);
        if (words[0].equals("HELP") || words[0].equals("TYPE")) {
            if (words.length < 2 || !METRIC.matcher(words[1]).matches()) {
                throw new FormatException(number, words[0] + " 行缺少有效的指标名", words[0] + " line without a valid metric name");
            }
            if (words[0].equals("TYPE") && (words.length < 3 || !TYPES.contains(words[2].strip()))) {
                throw new FormatException(number, "TYPE 须为 counter、gauge、histogram、summary 或 untyped",
                        "TYPE must be counter, gauge, histogram, summary or untyped");
            }
        }
    }

    /** Reads one sample line, character by character. */
    private static final class LineReader {
        private final String line;
        private final int number;
        private int at;

        LineReader(String line, int number) {
            this.line = line;
            this.number = number;
        }

        Series series() throws FormatException {
            skipBlanks();
            String metric = name(METRIC, "指标名", "metric name");
            boolean separated = skipBlanks();
            Map<String, String> labels = Map.of();
            if (at < line.length() && line.charAt(at) == '{') {
                at++;
                labels = labels();
                skipBlanks();
                separated = true;
            }
            if (!separated || at >= line.length()) {
                throw new FormatException(number, "指标 " + metric + " 之后缺少数值", "No value after the metric " + metric);
            }
            String value = word();
            double number = value(value);
            if (skipBlanks() && at < line.length()) {
                String timestamp = word();
                if (!TIMESTAMP.matcher(timestamp).matches()) {
                    throw new FormatException(this.number, "时间戳 " + timestamp + " 不是整数",
                            "The timestamp " + timestamp + " is not a whole number");
                }
                skipBlanks();
            }
            if (at < line.length()) {
                throw new FormatException(this.number, "数值之后有多余的内容", "Something follows the value");
            }
            return new Series(metric, labels, number);
        }

        private Map<String, String> labels() throws FormatException {
            Map<String, String> labels = new LinkedHashMap<>();
            while (true) {
                skipBlanks();
                if (at < line.length() && line.charAt(at) == '}') {
                    at++;
                    return Collections.unmodifiableMap(labels);
                }
                String name = name(METRIC, "标签名", "label name");
                if (name.contains(":")) {
                    throw new FormatException(number, "标签名 " + name + " 不能含冒号", "The label name " + name + " has a colon");
                }
                skipBlanks();
                expect('=');
                skipBlanks();
                expect('"');
                if (labels.put(name, quoted()) != null) {
                    throw new FormatException(number, "标签 " + name + " 重复", "The label " + name + " is repeated");
                }
                skipBlanks();
                if (at < line.length() && line.charAt(at) == ',') {
                    at++;
                } else if (at >= line.length() || line.charAt(at) != '}') {
                    throw new FormatException(number, "标签之间须以逗号分隔，并以 } 结束",
                            "Labels must be separated by commas and end with }");
                }
            }
        }

        /** Reads a label value up to its closing quote, which it consumes. */
        private String quoted() throws FormatException {
            StringBuilder value = new StringBuilder();
            while (at < line.length()) {
                char c = line.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (at >= line.length()) {
                        break;
                    }
                    char escaped = line.charAt(at++);
                    switch (escaped) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw new FormatException(number, "标签值中有无效的转义 \\" + escaped,
                                "A label value has the invalid escape \\" + escaped);
                    }
                } else {
                    value.append(c);
                }
            }
            throw new FormatException(number, "标签值缺少结束的引号", "A label value has no closing quote");
        }

        private String name(Pattern pattern, String what, String whatEn) throws FormatException {
            int start = at;
            while (at < line.length() && isNameChar(line.charAt(at))) {
                at++;
            }
            String name = line.substring(start, at);
            if (!pattern.matcher(name).matches()) {
                String found = name.isEmpty() ? line.substring(start, Math.min(line.length(), start + 20)) : name;
                throw new FormatException(number, what + "无效：" + found, "Invalid " + whatEn + ": " + found);
            }
            return name;
        }

        private double value(String text) throws FormatException {
            String lower = text.toLowerCase(Locale.ROOT);
            switch (lower) {
                case "nan":
                    return Double.NaN;
                case "+inf", "inf":
                    return Double.POSITIVE_INFINITY;
                case "-inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    if (!NUMBER.matcher(text).matches()) {
                        throw new FormatException(number, "数值 " + text + " 无效", "Invalid value " + text);
                    }
                    return Double.parseDouble(text);
            }
        }

        private void expect(char c) throws FormatException {
            if (at >= line.length() || line.charAt(at) != c) {
                throw new FormatException(number, "此处应为 " + c, "Expected " + c + " here");
            }
            at++;
        }

        private String word() {
            int start = at;
            while (at < line.length() && line.charAt(at) != ' ' && line.charAt(at) != '\t') {
                at++;
            }
            return line.substring(start, at);
        }

        /** @return whether there was any blank */
        private boolean skipBlanks() {
            int start = at;
            while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
                at++;
            }
            return at > start;
        }

        private static boolean isNameChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':';
        }
    }
}
