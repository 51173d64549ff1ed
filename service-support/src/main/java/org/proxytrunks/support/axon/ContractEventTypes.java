package org.proxytrunks.support.axon;

import org.proxytrunks.events.address.AddressEvent;
import org.proxytrunks.events.assignment.AssignmentEvent;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The names of the event types of the published contract: the records permitted under the
 * sealed roots {@link AddressEvent} and {@link AssignmentEvent} of {@code shared-events}. A Kafka
 * record names its type in a header that anyone who can write to the topic chooses, so it is
 * checked against this list before any class is loaded by that name.
 */
public final class ContractEventTypes {

    private static final Set<String> NAMES = Stream.of(AddressEvent.class, AssignmentEvent.class)
            .flatMap(ContractEventTypes::concreteTypes)
            .map(Class::getName)
            .collect(Collectors.toUnmodifiableSet());

    private ContractEventTypes() {
    }

    /** Whether {@code typeName} (a fully qualified class name) is an event type of the contract. */
    public static boolean contains(String typeName) {
        return typeName != null && NAMES.contains(typeName);
    }

    private static Stream<Class<?>> concreteTypes(Class<?> type) {
        return type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()).flatMap(ContractEventTypes::concreteTypes) : Stream.of(type);
    }
}
