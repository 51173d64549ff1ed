package org.proxytrunks.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Memory of processes and CPU of this one, from /proc. */
final class ProcessStats {

    /**
     * A process.
     *
     * @param pid     its id
     * @param ppid    its parent's
     * @param name    its command name (comm)
     * @param command its command line, arguments separated by spaces
     * @param rssKb   VmRSS
     * @param pssKb   proportional set size (shared pages divided among their users), -1 when unknown
     */
    record Proc(int pid, int ppid, String name, String command, long rssKb, long pssKb) {
    }

    private ProcessStats() {
    }

    /** Every process this user can see. */
    static List<Proc> all() {
        List<Proc> processes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                Proc proc = read(entry);
                if (proc != null) {
                    processes.add(proc);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return processes;
    }

    /** {@code root} and every process below it. */
    static List<Proc> tree(int root) {
        List<Proc> processes = all();
        Map<Integer, List<Proc>> children = new HashMap<>();
        Proc top = null;
        for (Proc proc : processes) {
            children.computeIfAbsent(proc.ppid(), k -> new ArrayList<>()).add(proc);
            if (proc.pid() == root) {
                top = proc;
            }
        }
        List<Proc> tree = new ArrayList<>();
        if (top == null) {
            return tree;
        }
        List<Proc> queue = new ArrayList<>(List.of(top));
        while (!queue.isEmpty()) {
            Proc proc = queue.remove(queue.size() - 1);
            tree.add(proc);
            queue.addAll(children.getOrDefault(proc.pid(), List.of()));
        }
        return tree;
    }

    static List<Proc> matching(Predicate<Proc> filter) {
        return all().stream().filter(filter).toList();
    }

    private static Proc read(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String name = stat.substring(open + 1, close);
            String[] rest = stat.substring(close + 2).split(" ");
            int pid = Integer.parseInt(stat.substring(0, open).strip());
            int ppid = Integer.parseInt(rest[1]);
            long rss = 0;
            for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                }
            }
            long pss = -1;
            try {
                for (String line : Files.readAllLines(dir.resolve("smaps_rollup"), StandardCharsets.UTF_8)) {
                    if (line.startsWith("Pss:")) {
                        pss = kilobytes(line);
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                pss = -1;
            }
            String command = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').strip();
            return new Proc(pid, ppid, name, command, rss, pss);
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    private static long kilobytes(String line) {
        String[] parts = line.split("\\s+");
        return Long.parseLong(parts[1]);
    }

    /** CPU seconds this JVM has used (user + system). */
    static double ownCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** Total memory of the machine, MB. */
    static long memoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return kilobytes(line) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Busy and total jiffies of the whole machine so far (from /proc/stat), or null when unreadable. */
    static long[] machineJiffies() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = first.strip().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i == 4 || i == 5) {
                    idle += value;
                }
            }
            return new long[]{total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Waits (at most {@code limitMillis}) until the machine has been at most {@code busyShare} busy
     * over half a second, so a phase does not start while the stack is still working off the last
     * one (or compiling itself after its start).
     *
     * @return the machine's busy share over the last half second measured
     */
    static double awaitQuiet(double busyShare, long limitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + limitMillis * 1_000_000L;
        double busy = Double.NaN;
        long[] before = machineJiffies();
        while (before != null) {
            Thread.sleep(500);
            long[] after = machineJiffies();
            if (after == null || after[1] == before[1]) {
                return Double.NaN;
            }
            busy = (double) (after[0] - before[0]) / (after[1] - before[1]);
            if (busy <= busyShare || System.nanoTime() - deadline > 0) {
                return busy;
            }
            before = after;
        }
        return busy;
    }
}
