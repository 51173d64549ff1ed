package org.proxytrunks.support.axon;

import org.proxytrunks.events.address.AddressEvent;
import org.proxytrunks.events.assignment.AssignmentEvent;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The names of the event types of the published contract: the records permitted under the
 * sealed roots {@link AddressEvent} and {@link AssignmentEvent} of {@code shared-events}. A Kafka
 * record names its type in a header that anyone who can write to the topic chooses, so it is
 * checked against this list before any class is loaded by that name.
 */
public final class ContractEventTypes {

    private static final List<Class<?>> TYPES = Stream.of(AddressEvent.class, AssignmentEvent.class)
            .flatMap(ContractEventTypes::concreteTypes)
            .toList();
    private static final Set<String> NAMES = TYPES.stream().map(Class::getName).collect(Collectors.toUnmodifiableSet());
    /** A dry run names the types simply ({@code ProviderAddressSetEvent}); two types of one simple name would fail here, at once. */
    private static final Map<String, Class<?>> BY_SIMPLE_NAME = TYPES.stream()
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private ContractEventTypes() {
    }

    /** Whether {@code typeName} (a fully qualified class name) is an event type of the contract. */
    public static boolean contains(String typeName) {
        return typeName != null && NAMES.contains(typeName);
    }

    /**
     * The event type of the contract whose simple name is {@code simpleName}
     * ({@code AddressAddedEvent}), or empty for any other name: nothing is loaded by that name.
     */
    public static Optional<Class<?>> bySimpleName(String simpleName) {
        return simpleName == null ? Optional.empty() : Optional.ofNullable(BY_SIMPLE_NAME.get(simpleName));
    }

    private static Stream<Class<?>> concreteTypes(Class<?> type) {
        return type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()).flatMap(ContractEventTypes::concreteTypes) : Stream.of(type);
    }
}
