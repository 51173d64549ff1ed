package org.proxytrunks.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A db_text table read the way Kamailio's db_text module reads one: a header line of
 * {@code name(type[,flag])} columns separated by spaces, then one row per line with its fields
 * separated by ':'. In a string field '\' escapes 'n', 'r', 't', '\', ':' and '0' and nothing
 * else; an int field is an optional '-' and digits; an empty field is null. A file db_text would
 * refuse is refused here, naming the row and column.
 *
 * @param columns the column names
 * @param rows    each row's fields, unescaped (null for an empty field)
 */
public record DbTextTable(List<String> columns, List<List<String>> rows) {

    /** Reads {@code text}; throws {@link IllegalArgumentException} where db_text would give up. */
    public static DbTextTable parse(String text) {
        int headerEnd = text.indexOf('\n');
        if (headerEnd < 0) {
            throw new IllegalArgumentException("no header line");
        }
        List<String> columns = new ArrayList<>();
        List<Boolean> strings = new ArrayList<>();
        for (String column : text.substring(0, headerEnd).trim().split(" +")) {
            int open = column.indexOf('(');
            if (open <= 0 || !column.endsWith(")")) {
                throw new IllegalArgumentException("header column '" + column + "' is not name(type)");
            }
            columns.add(column.substring(0, open));
            char type = Character.toLowerCase(column.charAt(open + 1));
            if ("sibdt".indexOf(type) < 0) {
                throw new IllegalArgumentException("header column '" + column + "' has an unknown type");
            }
            strings.add(type == 's' || type == 'b');
        }
        List<List<String>> rows = new ArrayList<>();
        int at = headerEnd;
        while (at < text.length()) {
            while (at < text.length() && text.charAt(at) == '\n') {
                at++;
            }
            if (at >= text.length()) {
                break;
            }
            List<String> row = new ArrayList<>();
            for (int column = 0; column < columns.size(); column++) {
                StringBuilder field = new StringBuilder();
                while (at < text.length() && text.charAt(at) != ':' && text.charAt(at) != '\n') {
                    char c = text.charAt(at++);
                    if (!strings.get(column)) {
                        if (!(Character.isDigit(c) || (c == '-' && field.isEmpty()))) {
                            throw refusal(rows.size() + 1, column + 1, "'" + c + "' in an int field");
                        }
                    } else if (c == '\\') {
                        if (at >= text.length()) {
                            throw refusal(rows.size() + 1, column + 1, "a '\\' at the end");
                        }
                        char escaped = text.charAt(at++);
                        c = switch (escaped) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case '\\' -> '\\';
                            case ':' -> ':';
                            case '0' -> '\0';
                            default -> throw refusal(rows.size() + 1, column + 1, "the escape '\\" + escaped + "'");
                        };
                    }
                    field.append(c);
                }
                boolean last = column == columns.size() - 1;
                boolean atEnd = at >= text.length() || text.charAt(at) == '\n';
                if (last != atEnd) {
                    throw refusal(rows.size() + 1, column + 1, last ? "more fields than columns" : "fewer fields than columns");
                }
                if (!last) {
                    at++;
                }
                row.add(field.isEmpty() ? null : field.toString());
            }
            rows.add(row);
        }
        return new DbTextTable(List.copyOf(columns), List.copyOf(rows));
    }

    private static IllegalArgumentException refusal(int row, int column, String what) {
        return new IllegalArgumentException("db_text would refuse row " + row + ", column " + column + ": " + what);
    }

    /** The values of one column, row by row. */
    public List<String> column(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column " + name + " in " + columns);
        }
        return rows.stream().map(row -> row.get(index)).toList();
    }
}
