package org.proxytrunks.projector.web;

import org.junit.jupiter.api.Test;
import org.proxytrunks.projector.query.Views.Change;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeSubscriberTest {

    /** Runs the writers' tasks only when told, so a test decides when the client reads. */
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private final Connection connection = new Connection();

    private static Change change(int sequence, String brand) {
        return new Change("brand:" + brand + ":" + sequence, "brand:" + brand, sequence, "ProviderAddressSetEvent", brand);
    }

    private void runWriters() {
        while (!pending.isEmpty()) {
            pending.poll().run();
        }
    }

    @Test
    void changesGoOutInOrderWithTheHeartbeatsBetween() {
        ChangeSubscriber subscriber = new ChangeSubscriber(null, 8, pending::add, connection);
        subscriber.offer(change(1, "b1"));
        subscriber.heartbeat();
        subscriber.offer(change(2, "b2"));
        assertThat(pending).as("one writer for the three").hasSize(1);
        runWriters();
        assertThat(connection.sent).containsExactly("brand:b1:1", "heartbeat", "brand:b2:2");
        assertThat(connection.closes).isZero();
    }

    @Test
    void aBrandAdminsStreamHoldsOnlyItsBrandsChanges() {
        ChangeSubscriber subscriber = new ChangeSubscriber("b1", 8, pending::add, connection);
        subscriber.offer(change(1, "b2"));
        subscriber.offer(new Change("addr-1:3", "addr-1", 3, "AddressRenamedEvent", null));
        subscriber.offer(change(2, "b1"));
        runWriters();
        assertThat(connection.sent).containsExactly("brand:b1:2");
    }

    @Test
    void aClientAWholeQueueBehindIsClosedAndTheProjectionNeverWaits() {
        ChangeSubscriber subscriber = new ChangeSubscriber(null, 3, pending::add, connection);
        for (int i = 1; i <= 3; i++) {
            subscriber.offer(change(i, "b1"));
        }
        assertThat(connection.closes).as("a full queue is not yet behind").isZero();
        subscriber.offer(change(4, "b1"));
        subscriber.offer(change(5, "b1"));
        runWriters();
        assertThat(connection.sent).as("what was queued is dropped").isEmpty();
        assertThat(connection.closes).isEqualTo(1);
        subscriber.offer(change(6, "b1"));
        subscriber.heartbeat();
        runWriters();
        assertThat(connection.sent).isEmpty();
        assertThat(connection.closes).as("closed once").isEqualTo(1);
    }

    @Test
    void aClientThatHasGoneIsClosedAtTheNextWrite() {
        connection.failing = true;
        ChangeSubscriber subscriber = new ChangeSubscriber(null, 8, pending::add, connection);
        subscriber.heartbeat();
        subscriber.offer(change(1, "b1"));
        runWriters();
        assertThat(connection.sent).containsExactly("heartbeat");
        assertThat(connection.closes).isEqualTo(1);
    }

    @Test
    void closingWaitsForTheMessageBeingWrittenAndDropsTheRest() {
        ChangeSubscriber subscriber = new ChangeSubscriber(null, 8, pending::add, connection);
        subscriber.offer(change(1, "b1"));
        subscriber.offer(change(2, "b1"));
        subscriber.close();
        runWriters();
        assertThat(connection.sent).isEmpty();
        assertThat(connection.closes).isEqualTo(1);
    }

    /** The queue against real threads: every change offered while the client keeps up goes out once, in order. */
    @Test
    void concurrentOffersAndWritesLoseNothing() throws Exception {
        ExecutorService writers = Executors.newCachedThreadPool();
        try {
            CountDownLatch all = new CountDownLatch(1);
            Connection counting = new Connection() {
                @Override
                public synchronized void send(Change change) {
                    super.send(change);
                    if (sent.size() == 5000) {
                        all.countDown();
                    }
                }
            };
            ChangeSubscriber subscriber = new ChangeSubscriber(null, 10_000, writers, counting);
            for (int i = 1; i <= 5000; i++) {
                subscriber.offer(change(i, "b1"));
                if (i % 100 == 0) {
                    Thread.sleep(1);
                }
            }
            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 5000; i++) {
                expected.add("brand:b1:" + i);
            }
            assertThat(counting.sent).isEqualTo(expected);
            assertThat(counting.closes).isZero();
        } finally {
            writers.shutdownNow();
        }
    }

    private static class Connection implements ChangeSubscriber.Connection {

        final List<String> sent = new ArrayList<>();
        int closes;
        boolean failing;

        @Override
        public synchronized void send(Change change) {
            sent.add(change.position());
        }

        @Override
        public synchronized void heartbeat() throws IOException {
            sent.add("heartbeat");
            if (failing) {
                throw new IOException("Broken pipe");
            }
        }

        @Override
        public synchronized void close() {
            closes++;
        }
    }
}
