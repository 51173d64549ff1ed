package org.proxytrunks.support.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a step that may take long — a batch end retried through a MongoDB outage, a record being
 * parked — while keeping the follower's consumer in its group.
 *
 * <p>A consumer that does not call {@code poll()} within {@code max.poll.interval.ms} is put out
 * of its group, and one attempt alone can take longer than that (the MongoDB driver waits 30 s
 * for a server by default). So the step runs on a helper thread, and while it runs — and between
 * its attempts — the follower's thread keeps polling with every partition paused: the polls
 * fetch nothing but keep the membership. Should the group be rebalanced meanwhile, a partition
 * newly assigned is not paused yet and a poll may return records of it: they are given back (the
 * partition is sought back to them) so that none is skipped.
 *
 * <p>The step never runs at the same time as the follower's handler: the follower's thread waits
 * for it, and submitting it and waiting for it order their memory effects.
 */
final class KeepAlive implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeepAlive.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration SLICE = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final BooleanSupplier running;
    private final Consumer<String> errors;
    private final ExecutorService helper;

    /**
     * @param running whether the follower still runs (a step stops being retried once not)
     * @param errors  told each failure of a step, and null once a step went through
     */
    KeepAlive(KafkaConsumer<String, byte[]> consumer, String threadName, BooleanSupplier running, Consumer<String> errors) {
        this.consumer = consumer;
        this.running = running;
        this.errors = errors;
        this.helper = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName + "-step");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code step} until it goes through (true) or the follower stops (false), trying again
     * every second. An {@link Error} of the step is thrown on: it is not a failure to retry.
     */
    boolean runUntilDone(String what, Runnable step) {
        try {
            while (stillRunning()) {
                Throwable failure = attempt(step);
                if (failure == null) {
                    errors.accept(null);
                    return true;
                }
                errors.accept(failure.getMessage());
                LOG.warn("Could not apply {} in {}; retrying: {}", what, Thread.currentThread().getName(), failure.getMessage());
                pollPausedFor(RETRY);
            }
            return false;
        } finally {
            consumer.resume(consumer.paused());
        }
    }

    /** The step's failure, or null when it went through; polls the paused consumer while it runs. */
    private Throwable attempt(Runnable step) {
        Future<?> attempt = helper.submit(step);
        while (true) {
            try {
                attempt.get(SLICE.toMillis(), TimeUnit.MILLISECONDS);
                return null;
            } catch (TimeoutException notYet) {
                if (!stillRunning()) {
                    attempt.cancel(true);
                    return new IllegalStateException("stopped");
                }
                pollPaused(Duration.ZERO);
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof Error error) {
                    throw error;
                }
                return failed.getCause();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                attempt.cancel(true);
                return interrupted;
            }
        }
    }

    /** Whether to go on: the follower runs and its thread was not interrupted. */
    private boolean stillRunning() {
        return running.getAsBoolean() && !Thread.currentThread().isInterrupted();
    }

    private void pollPausedFor(Duration time) {
        long end = System.nanoTime() + time.toNanos();
        while (stillRunning() && System.nanoTime() < end) {
            pollPaused(SLICE);
        }
    }

    private void pollPaused(Duration timeout) {
        consumer.pause(consumer.assignment());
        ConsumerRecords<String, byte[]> fetched = consumer.poll(timeout);
        for (TopicPartition partition : fetched.partitions()) {
            consumer.seek(partition, fetched.records(partition).get(0).offset());
        }
    }

    @Override
    public void close() {
        helper.shutdownNow();
    }
}
