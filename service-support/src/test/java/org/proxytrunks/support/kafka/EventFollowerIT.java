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
import org.proxytrunks.testing.EventWriter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

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
}
