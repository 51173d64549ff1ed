package org.proxytrunks.benchmark;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on stderr, so a person sees what the benchmark is doing; the results go to stdout. */
final class Progress {

    private Progress() {
    }

    static void say(String format, Object... args) {
        String line = "[bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + String.format(java.util.Locale.ROOT, format, args);
        synchronized (System.err) {
            System.err.println(line);
            System.err.flush();
        }
    }
}
