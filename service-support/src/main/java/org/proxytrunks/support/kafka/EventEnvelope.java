package org.proxytrunks.support.kafka;

import java.time.Instant;

/**
 * One event as read from Kafka: the payload (an event record of {@code shared-events}), its JSON
 * as published, and what the headers say about it.
 *
 * @param messageId    Axon's message id, unique per event
 * @param topic        the topic
 * @param partition    the record's partition
 * @param offset       the record's offset in its partition
 * @param key          the record key: the aggregate id
 * @param sequence     the event's sequence within its aggregate
 * @param type         the event type's simple name
 * @param revision     the payload revision
 * @param time         when the event happened
 * @param actorSubject who caused it
 * @param actorRole    the actor's role
 * @param actorBrand   the actor's brand, for a brand admin
 * @param payload      the event record
 * @param json         the payload as published
 */
public record EventEnvelope(String messageId, String topic, int partition, long offset, String key, long sequence,
                            String type, String revision, Instant time, String actorSubject, String actorRole,
                            String actorBrand, Object payload, String json) {
}
