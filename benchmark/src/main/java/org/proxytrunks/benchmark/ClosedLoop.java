package org.proxytrunks.benchmark;

import org.proxytrunks.benchmark.stats.LatencyRecorder;
import org.proxytrunks.benchmark.stats.LatencySummary;
import org.proxytrunks.benchmark.stats.Rates;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Flat-out load: {@code threads} threads, each sending its next carrier move as soon as the last is
 * answered, until stopped. The threads move disjoint carriers.
 */
final class ClosedLoop {

    /**
     * What a flat-out run measured.
     *
     * @param threads   client threads
     * @param ok        2xx answers
     * @param non2xx    other answers
     * @param errors    no answer
     * @param seconds   from the start until the last thread stopped
     * @param perSecond 2xx answers per second
     * @param latency   command latency
     * @param problems  the first few failures
     */
    record Result(int threads, long ok, long non2xx, long errors, double seconds, double perSecond, LatencySummary latency,
                  List<String> problems) {
    }

    private final Api api;
    private final CarrierBook book;
    private final int threads;
    private final LatencyRecorder latencies = new LatencyRecorder();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong non2xx = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> problems = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopping;
    private long started;

    ClosedLoop(Api api, CarrierBook book, int threads) {
        this.api = api;
        this.book = book;
        this.threads = threads;
    }

    /** Runs for {@code seconds} and answers what it measured. */
    static Result run(Api api, CarrierBook book, int threads, double seconds) throws InterruptedException {
        ClosedLoop loop = new ClosedLoop(api, book, threads);
        loop.start();
        Threads.sleep(Math.round(seconds * 1000));
        return loop.stop();
    }

    void start() {
        started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = Threads.daemon("flat-out-" + threads + "-" + t).newThread(() -> work(thread));
            workers.add(worker);
            worker.start();
        }
    }

    long ok() {
        return ok.get();
    }

    long failures() {
        return non2xx.get() + errors.get();
    }

    List<String> problems() {
        return PacedPhase.problemsOf(problems);
    }

    Result stop() throws InterruptedException {
        stopping = true;
        for (Thread worker : workers) {
            worker.join(api.settings().sizes().commandTimeout().plusSeconds(10).toMillis());
        }
        long elapsed = System.nanoTime() - started;
        return new Result(threads, ok.get(), non2xx.get(), errors.get(), elapsed / 1e9, Rates.perSecond(ok.get(), elapsed),
                latencies.summary(), problems());
    }

    private void work(int thread) {
        long iteration = 0;
        while (!stopping) {
            CarrierBook.Move move = book.moveFor(thread, threads, iteration++);
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = api.send(api.setCarrier(move.brand(), move.carrier(), move.addressId()));
                latencies.record(System.nanoTime() - sent);
                if (response.statusCode() / 100 == 2) {
                    ok.incrementAndGet();
                } else {
                    non2xx.incrementAndGet();
                    PacedPhase.note(problems, PacedPhase.describe(move, response));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                latencies.record(System.nanoTime() - sent);
                errors.incrementAndGet();
                PacedPhase.note(problems, "PUT carrier " + move.carrier() + ": " + e);
            }
        }
    }
}
