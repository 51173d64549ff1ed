package org.proxytrunks.benchmark.stats;

import java.util.List;

/**
 * The result table as Markdown (it reads well in a terminal and pastes into the README):
 * figure | value | baseline from the same run | ratio or note, columns padded to their widest cell.
 */
public final class ResultTable {

    public static final List<String> HEADERS = List.of("figure", "value", "baseline (same run)", "ratio / note");

    private ResultTable() {
    }

    public static String render(List<Figure> figures) {
        int[] widths = new int[HEADERS.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = Math.max(3, HEADERS.get(c).length());
        }
        for (Figure figure : figures) {
            String[] cells = cells(figure);
            for (int c = 0; c < cells.length; c++) {
                widths[c] = Math.max(widths[c], cells[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        row(text, HEADERS.toArray(String[]::new), widths);
        text.append('|');
        for (int width : widths) {
            text.append('-').append("-".repeat(width)).append("-|");
        }
        text.append('\n');
        for (Figure figure : figures) {
            row(text, cells(figure), widths);
        }
        return text.toString();
    }

    private static String[] cells(Figure figure) {
        return new String[]{cell(figure.label()), cell(figure.value()), cell(figure.baseline()), cell(figure.note())};
    }

    /** A cell on one line, without the column separator. */
    static String cell(String text) {
        return text.replace('|', '/').replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static void row(StringBuilder text, String[] cells, int[] widths) {
        text.append('|');
        for (int c = 0; c < cells.length; c++) {
            text.append(' ').append(cells[c]).append(" ".repeat(widths[c] - cells[c].length())).append(" |");
        }
        text.append('\n');
    }
}
