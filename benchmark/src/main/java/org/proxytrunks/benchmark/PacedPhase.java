package org.proxytrunks.benchmark;

import org.proxytrunks.benchmark.stats.LatencyRecorder;
import org.proxytrunks.benchmark.stats.LatencySummary;
import org.proxytrunks.benchmark.stats.Rates;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop load: command number i is due at start + i / rate whatever happened to the ones before,
 * and its latency counts from that scheduled time, so a stalled server shows as latency instead of
 * as fewer requests (no coordinated omission). At most {@code maxInFlight} commands are in flight;
 * past that the next ones wait in the client, and that wait counts too.
 */
final class PacedPhase {

    /**
     * What a paced phase measured.
     *
     * @param offered           commands sent
     * @param offeredRate       commands per second offered
     * @param acceptedPerSecond 2xx answers received within the phase, per second of the phase
     * @param ok                2xx answers, including those after the phase's end
     * @param non2xx            other answers
     * @param errors            no answer (connection failure, timeout)
     * @param command           command latency from the scheduled send time
     * @param drainSeconds      how long after the phase's end the last answer came
     * @param samples           the sampled changes
     * @param problems          the first few non-2xx answers and errors
     */
    record Result(Settings.PacedSpec spec, int offered, double offeredRate, double acceptedPerSecond, int ok, int non2xx,
                  int errors, LatencySummary command, double drainSeconds, ChangeSampler.Samples samples, List<String> problems) {
    }

    private PacedPhase() {
    }

    static Result run(Api api, CarrierBook book, ChangeSampler sampler, Map<String, String> sockets, List<String> sampleAddresses,
                      Settings.PacedSpec spec, String sampleTag, double samplesPerSecond, int maxInFlight) throws InterruptedException {
        int total = (int) Math.round(spec.rate() * spec.duration().toNanos() / 1e9);
        long interval = Math.round(1e9 / spec.rate());
        int sampleEvery = samplesPerSecond <= 0 ? 0 : Math.max(1, (int) Math.round(spec.rate() / samplesPerSecond));
        ChangeSampler.Samples samples = new ChangeSampler.Samples();
        LatencyRecorder latencies = new LatencyRecorder();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger okInWindow = new AtomicInteger();
        AtomicInteger non2xx = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<String> problems = new ArrayList<>();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long[] lastAnswer = {0};
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long end = start + total * interval;
        int sampleCount = 0;
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            Threads.parkUntil(scheduled);
            inFlight.acquire();
            int brand = i % spec.brands();
            CarrierBook.Move move;
            boolean sampled = sampleEvery > 0 && i % sampleEvery == sampleEvery / 2;
            if (sampled) {
                String address = sampleAddresses.get(sampleCount % sampleAddresses.size());
                move = new CarrierBook.Move(book.brand(brand), "smp-" + sampleTag + "-" + sampleCount, address);
                sampleCount++;
            } else {
                move = book.move(brand, (i / spec.brands()) % book.carriersPerBrand());
            }
            HttpRequest request = api.setCarrier(move.brand(), move.carrier(), move.addressId());
            CarrierBook.Move command = move;
            api.sendAsync(request).whenComplete((response, error) -> {
                long now = System.nanoTime();
                try {
                    latencies.record(now - scheduled);
                    synchronized (lastAnswer) {
                        lastAnswer[0] = Math.max(lastAnswer[0], now);
                    }
                    if (error != null) {
                        errors.incrementAndGet();
                        note(problems, "PUT carrier " + command.carrier() + ": " + error);
                    } else if (response.statusCode() / 100 == 2) {
                        ok.incrementAndGet();
                        if (now - end <= 0) {
                            okInWindow.incrementAndGet();
                        }
                        if (sampled) {
                            String position = response.headers().firstValue("X-Event-Position").orElse(null);
                            if (position == null) {
                                note(problems, "PUT carrier " + command.carrier() + " answered without X-Event-Position");
                            } else {
                                sampler.track(samples, scheduled, command.brand(), command.carrier(), command.addressId(),
                                        sockets.get(command.addressId()), position);
                            }
                        }
                    } else {
                        non2xx.incrementAndGet();
                        note(problems, describe(command, response));
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
        Threads.parkUntil(end);
        Duration drainLimit = api.settings().sizes().commandTimeout().plusSeconds(10);
        if (!inFlight.tryAcquire(maxInFlight, drainLimit.toNanos(), TimeUnit.NANOSECONDS)) {
            note(problems, "commands still unanswered " + drainLimit.toSeconds() + " s after the phase");
        } else {
            inFlight.release(maxInFlight);
        }
        double drain;
        synchronized (lastAnswer) {
            drain = Math.max(0, (lastAnswer[0] - end) / 1e9);
        }
        return new Result(spec, total, spec.rate(), Rates.perSecond(okInWindow.get(), end - start), ok.get(), non2xx.get(),
                errors.get() + (total - ok.get() - non2xx.get() - errors.get()), latencies.summary(), drain, samples,
                problemsOf(problems));
    }

    static String describe(CarrierBook.Move move, HttpResponse<String> response) {
        return "PUT /api/brands/" + move.brand() + "/carriers/" + move.carrier() + " answered " + response.statusCode()
                + ": " + Api.abbreviate(response.body());
    }

    static void note(List<String> problems, String problem) {
        synchronized (problems) {
            if (problems.size() < 5) {
                problems.add(problem);
            }
        }
    }

    static List<String> problemsOf(List<String> problems) {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }
}
