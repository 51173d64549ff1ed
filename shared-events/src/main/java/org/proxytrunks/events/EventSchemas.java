package org.proxytrunks.events;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/** Where the JSON Schema of each published event lies on the classpath. */
public final class EventSchemas {

    private EventSchemas() {
    }

    /** The classpath resource of the schema of {@code eventType}, for example {@code AddressAddedEvent.schema.json}. */
    public static String resourceOf(Class<?> eventType) {
        return "org/proxytrunks/events/schemas/" + eventType.getSimpleName() + ".schema.json";
    }

    /** Opens the schema of {@code eventType}. */
    public static InputStream open(Class<?> eventType) {
        InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resourceOf(eventType));
        if (in == null) {
            throw new UncheckedIOException(new java.io.FileNotFoundException(resourceOf(eventType)));
        }
        return Objects.requireNonNull(in);
    }

    /** The revision of {@code eventType}, from its {@link EventRevision} annotation. */
    public static String revisionOf(Class<?> eventType) {
        EventRevision revision = eventType.getAnnotation(EventRevision.class);
        if (revision == null) {
            throw new IllegalArgumentException(eventType.getName() + " has no @EventRevision");
        }
        return revision.value();
    }
}
