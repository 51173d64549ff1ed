package org.proxytrunks.events;

/**
 * Metadata every event carries: who caused it. On Kafka each key travels as a header named
 * {@code axon-metadata-<key>}; the time of the event is the {@code axon-message-timestamp}
 * header (epoch milliseconds).
 */
public final class EventMetadata {

    /** The subject ({@code sub} claim) of the token that sent the command, or a system name. */
    public static final String ACTOR_SUBJECT = "actorSubject";

    /** The role of the actor: {@code GOD}, {@code BRAND_ADMIN}, {@code SERVICE} or {@code SYSTEM}. */
    public static final String ACTOR_ROLE = "actorRole";

    /** The brand of a brand admin; absent for every other role. */
    public static final String ACTOR_BRAND = "actorBrand";

    private EventMetadata() {
    }
}
