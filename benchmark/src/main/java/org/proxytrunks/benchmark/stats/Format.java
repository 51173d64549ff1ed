package org.proxytrunks.benchmark.stats;

import java.util.Locale;

/** How figures are written in the table: few significant digits, thousands separated. */
public final class Format {

    private Format() {
    }

    /** A number with 3 significant digits at most below 100, none after the point above. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1 || abs == 0) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** {@code 1,234/s}. */
    public static String rate(double perSecond) {
        return number(perSecond) + "/s";
    }

    /** {@code 12.3 ms}. */
    public static String ms(double millis) {
        return number(millis) + " ms";
    }

    /** {@code 12.3 / 45.6 ms}: several latencies of one kind, in order. */
    public static String ms(double... millis) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < millis.length; i++) {
            text.append(i == 0 ? "" : " / ").append(number(millis[i]));
        }
        return text.append(" ms").toString();
    }

    /** {@code 0.053x}: two significant digits. */
    public static String ratio(Double ratio) {
        if (ratio == null || ratio.isNaN()) {
            return "n/a";
        }
        double abs = Math.abs(ratio);
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%,.0fx", ratio);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.1fx", ratio);
        }
        if (abs >= 0.1) {
            return String.format(Locale.ROOT, "%.2fx", ratio);
        }
        return String.format(Locale.ROOT, "%.2gx", ratio);
    }

    /** {@code value} rounded to {@code decimals} places (for JSON); NaN stays NaN. */
    public static double round(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
