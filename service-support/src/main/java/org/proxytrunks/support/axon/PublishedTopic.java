package org.proxytrunks.support.axon;

/**
 * The one topic a command service publishes its events to. Declared as a bean by each service
 * (naming a constant of {@link org.proxytrunks.events.Topics}); the shared wiring routes every
 * event there and creates the topic.
 *
 * @param name the topic
 */
public record PublishedTopic(String name) {
}
