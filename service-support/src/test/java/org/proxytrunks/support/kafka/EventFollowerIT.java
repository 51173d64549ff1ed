package org.proxytrunks.support.kafka;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.support.health.EventFollowerHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.proxytrunks.testing.EventWriter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The follower against a real Kafka broker. */
class EventFollowerIT {

    private final String bootstrap = SharedTestStack.get().kafka().bootstrapServers();
    private final String aggregate = "it-" + UUID.randomUUID();
    private final List<EventEnvelope> seen = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private EventWriter writer() {
        EventWriter writer = new EventWriter(bootstrap);
        opened.add(writer);
        return writer;
    }

    private EventFollower.Builder following() {
        return EventFollower.builder(bootstrap, "follower-it-" + UUID.randomUUID(), "follower-it", event -> {
            if (aggregate.equals(event.key())) {
                seen.add(event);
            }
        });
    }

    private EventFollower started(EventFollower.Builder builder) {
        EventFollower follower = builder.build();
        opened.add(0, follower);
        follower.start();
        return follower;
    }

    private static AddressRenamedEvent renamed(int n) {
        return new AddressRenamedEvent(new AddressId("a1"), new AddressName("name " + n));
    }

    @Test
    void aStartPositionSkipsWhatComesBeforeItAndEveryEnvelopeKnowsWhereItWasRead() {
        EventWriter writer = writer();
        List<RecordMetadata> published = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            published.add(writer.publish(Topics.ADDRESSES, aggregate, n, renamed(n)));
        }
        TopicPartition partition = new TopicPartition(Topics.ADDRESSES, published.get(0).partition());
        long third = published.get(2).offset();

        started(following().startAt(p -> p.equals(partition) ? OptionalLong.of(third) : OptionalLong.empty()));

        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 3);
        assertThat(seen).extracting(EventEnvelope::sequence).containsExactly(2L, 3L, 4L);
        assertThat(seen).extracting(EventEnvelope::partition).containsOnly(partition.partition());
        assertThat(seen).extracting(EventEnvelope::offset)
                .containsExactly(third, published.get(3).offset(), published.get(4).offset());
    }

    @Test
    void aRecordThatCannotBeDecodedAndOneTheHandlerThrowsOnAreParkedAndTheRecordsAfterThemApply() {
        EventWriter writer = writer();
        InMemoryParkedRecords parked = new InMemoryParkedRecords();
        EventFollower follower = started(EventFollower.builder(bootstrap, "follower-it-" + UUID.randomUUID(), "parking-it", event -> {
            if (aggregate.equals(event.key())) {
                if (event.sequence() == 1) {
                    throw new IllegalArgumentException("no such provider");
                }
                seen.add(event);
            }
        }).parkedRecords(parked));

        RecordMetadata garbage = writer.publishRaw(Topics.ADDRESSES, aggregate, 0, AddressRenamedEvent.class.getName(),
                new byte[]{'{', (byte) 0xff, 'x'});
        RecordMetadata refused = writer.publish(Topics.ADDRESSES, aggregate, 1, renamed(1));
        writer.publish(Topics.ADDRESSES, aggregate, 2, renamed(2));

        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 1 && mine(parked).size() == 2);
        assertThat(seen.get(0).sequence()).isEqualTo(2);
        List<ParkedRecord> mine = mine(parked);
        assertThat(mine).extracting(ParkedRecord::offset).containsExactly(garbage.offset(), refused.offset());
        assertThat(mine).extracting(ParkedRecord::partition).containsOnly(garbage.partition());
        ParkedRecord undecodable = mine.get(0);
        assertThat(undecodable.value()).containsExactly('{', (byte) 0xff, 'x');
        assertThat(undecodable.valueText()).isNull();
        assertThat(undecodable.type()).isEqualTo(AddressRenamedEvent.class.getName());
        assertThat(undecodable.reason()).startsWith("cannot be decoded");
        assertThat(mine.get(1).reason()).contains("no such provider");
        assertThat(mine.get(1).valueText()).contains("name 1");
        assertThat(follower.alive()).isTrue();
    }

    @Test
    void aBatchEndFailingForLongerThanThePollIntervalIsRetriedWithoutLeavingTheGroup() throws Exception {
        Duration interval = Duration.ofSeconds(2);
        AtomicLong outageEnds = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger assignments = new AtomicInteger();
        AtomicInteger batchEnds = new AtomicInteger();
        EventFollower follower = started(following().maxPollInterval(interval)
                .startAt(partition -> {
                    assignments.incrementAndGet();
                    return OptionalLong.empty();
                })
                .afterBatch(() -> {
                    if (!seen.isEmpty()) {
                        outageEnds.compareAndSet(Long.MAX_VALUE, System.nanoTime() + interval.multipliedBy(3).toNanos());
                    }
                    if (System.nanoTime() < outageEnds.get()) {
                        batchEnds.incrementAndGet();
                        sleepUninterruptibly(interval.dividedBy(2).plusMillis(500)); // one attempt alone outlasts half the interval
                        throw new IllegalStateException("MongoDB is down");
                    }
                }));
        writer().publish(Topics.ADDRESSES, aggregate, 0, renamed(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> "MongoDB is down".equals(follower.lastError()));
        int assignedBefore = assignments.get();

        writer().publish(Topics.ADDRESSES, aggregate, 1, renamed(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 2);
        assertThat(System.nanoTime()).as("the outage is over").isGreaterThanOrEqualTo(outageEnds.get());
        assertThat(batchEnds.get()).as("retried through the outage").isGreaterThan(2);
        assertThat(assignments.get()).as("no rebalance: the consumer stayed in its group").isEqualTo(assignedBefore);
        assertThat(seen).extracting(EventEnvelope::sequence).containsExactly(0L, 1L);
        assertThat(follower.alive()).isTrue();
        assertThat(follower.lastError()).isNull();
    }

    @Test
    void aConsumerPutOutOfItsGroupRejoinsAndAppliesTheUncommittedBatchAgain() {
        Duration interval = Duration.ofSeconds(2);
        AtomicInteger assignments = new AtomicInteger();
        EventFollower follower = started(EventFollower.builder(bootstrap, "follower-it-" + UUID.randomUUID(), "evicted-it", event -> {
            if (aggregate.equals(event.key())) {
                seen.add(event);
                if (seen.size() == 1) {
                    sleepUninterruptibly(interval.multipliedBy(3)); // a handler this slow gets the consumer put out of its group
                }
            }
        }).commit(true).maxPollInterval(interval).startAt(partition -> {
            assignments.incrementAndGet();
            return OptionalLong.empty();
        }));
        writer().publish(Topics.ADDRESSES, aggregate, 0, renamed(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> !seen.isEmpty());
        int assignedBefore = assignments.get();

        writer().publish(Topics.ADDRESSES, aggregate, 1, renamed(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.stream().anyMatch(e -> e.sequence() == 1));
        assertThat(assignments.get()).as("assigned again after the eviction").isGreaterThan(assignedBefore);
        assertThat(seen).extracting(EventEnvelope::sequence).as("the uncommitted event is applied again")
                .startsWith(0L, 0L).endsWith(1L);
        assertThat(follower.alive()).isTrue();
    }

    @Test
    void aFollowerWhoseThreadEndsTurnsItsHealthDown() {
        InMemoryParkedRecords parked = new InMemoryParkedRecords();
        EventFollower follower = started(EventFollower.builder(bootstrap, "follower-it-" + UUID.randomUUID(), "dying-it", event -> {
            if (aggregate.equals(event.key())) {
                throw new OutOfMemoryError("pretend");
            }
        }).parkedRecords(parked));
        EventFollowerHealthIndicator health = new EventFollowerHealthIndicator(() -> List.of(follower), parked);
        assertThat(health.health().getStatus()).isNotEqualTo(Status.DOWN);

        writer().publish(Topics.ADDRESSES, aggregate, 0, renamed(0));

        await().atMost(Duration.ofSeconds(30)).until(() -> !follower.alive());
        Health down = health.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails().get("followers").toString()).contains("alive=false").contains("pretend");
        assertThat(mine(parked)).as("an Error is not a poison record").isEmpty();
    }

    /** The records of this test's aggregate that {@code parked} holds (other tests publish to the same topics). */
    private List<ParkedRecord> mine(ParkedRecords parked) {
        return parked.list(10_000).stream().filter(r -> aggregate.equals(r.key())).toList();
    }

    private static void sleepUninterruptibly(Duration time) {
        long end = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                // a slow step, as a blocked driver call would be
            }
        }
    }
}
