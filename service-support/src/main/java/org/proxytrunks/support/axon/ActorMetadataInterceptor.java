package org.proxytrunks.support.axon;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.proxytrunks.events.EventMetadata;
import org.proxytrunks.support.security.Actor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Stamps every command with who sent it, from the authenticated request, unless the sender set
 * the actor itself (system components do). Axon copies this metadata onto the events the
 * command causes (see {@link AxonWiringAutoConfiguration#actorCorrelation()}).
 */
public final class ActorMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    private final Actor fallback;

    public ActorMetadataInterceptor(Actor fallback) {
        this.fallback = fallback;
    }

    /** The metadata that names {@code actor}. */
    public static Map<String, String> metadataOf(Actor actor) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(EventMetadata.ACTOR_SUBJECT, actor.subject());
        metadata.put(EventMetadata.ACTOR_ROLE, actor.role().name());
        if (actor.brandId() != null) {
            metadata.put(EventMetadata.ACTOR_BRAND, actor.brandId());
        }
        return metadata;
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> command.getMetaData().containsKey(EventMetadata.ACTOR_SUBJECT)
                ? command
                : command.andMetaData(metadataOf(Actor.current().orElse(fallback)));
    }
}
