package org.proxytrunks.benchmark.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the result table, and one entry of the JSON report.
 *
 * @param key      a stable machine name (JSON key), e.g. {@code paced.200-20.command}
 * @param label    what the row measures, for people
 * @param value    the measured value as shown
 * @param baseline the figure it is compared with, from the same run (empty when none)
 * @param note     the ratio to the baseline, or a note
 * @param data     the numbers behind the row, for the JSON report
 */
public record Figure(String key, String label, String value, String baseline, String note, Map<String, Object> data) {

    public Figure {
        value = value == null ? "" : value;
        baseline = baseline == null ? "" : baseline;
        note = note == null ? "" : note;
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data == null ? Map.of() : data));
    }

    public static Builder builder(String key, String label) {
        return new Builder(key, label);
    }

    /** A figure that could not be measured, with the reason as its value. */
    public static Figure notAvailable(String key, String label, String reason) {
        return builder(key, label).value("n/a (" + reason + ")").data("unavailable", reason).build();
    }

    /** Builds a {@link Figure}. */
    public static final class Builder {
        private final String key;
        private final String label;
        private String value;
        private String baseline;
        private String note;
        private final Map<String, Object> data = new LinkedHashMap<>();

        private Builder(String key, String label) {
            this.key = key;
            this.label = label;
        }

        public Builder value(String value) {
            this.value = value;
            return this;
        }

        public Builder baseline(String baseline) {
            this.baseline = baseline;
            return this;
        }

        public Builder note(String note) {
            this.note = note;
            return this;
        }

        public Builder data(String name, Object number) {
            if (number instanceof Double d && (d.isNaN() || d.isInfinite())) {
                return this;
            }
            data.put(name, number);
            return this;
        }

        public Builder data(Map<String, Object> numbers) {
            numbers.forEach(this::data);
            return this;
        }

        public Figure build() {
            return new Figure(key, label, value, baseline, note, data);
        }
    }
}
