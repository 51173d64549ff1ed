package org.proxytrunks.assignment.deadletters;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only event handler component in a processing group of its own, reading the address
 * topic like the service's own handlers: it records what it handled and fails, every time, for
 * the address it is told to treat as poison, until it is healed. Not a {@code @Component}, so
 * only the test that names it as a source gets it.
 */
@ProcessingGroup(PoisonableProbe.GROUP)
public class PoisonableProbe {

    static final String GROUP = "dead-letter-probe";

    private static final List<String> HANDLED = new CopyOnWriteArrayList<>();
    private static volatile String poison;

    /** Fails for every event of {@code addressId} from now on (and forgets what was handled). */
    static void poison(String addressId) {
        HANDLED.clear();
        poison = addressId;
    }

    /** The cause is fixed: every event is handled again. */
    static void heal() {
        poison = null;
    }

    /** What was handled, in order, as "address-id event". */
    static List<String> handled() {
        return List.copyOf(HANDLED);
    }

    @EventHandler
    void on(AddressAddedEvent event) {
        record(event.addressId(), "added");
    }

    @EventHandler
    void on(AddressRenamedEvent event) {
        record(event.addressId(), "renamed");
    }

    private static void record(AddressId address, String what) {
        if (address.value().equals(poison)) {
            throw new IllegalStateException("poisoned address " + address.value());
        }
        HANDLED.add(address.value() + " " + what);
    }
}
