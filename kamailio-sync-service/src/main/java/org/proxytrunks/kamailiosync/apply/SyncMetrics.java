package org.proxytrunks.kamailiosync.apply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/** What the applier counts and reports, as Micrometer meters and for the status. */
final class SyncMetrics {

    private final Counter reloads;
    private final Counter keys;
    private final Counter restarts;
    private volatile long tableDrift;
    private volatile long socketDrift;
    private volatile int unbindable;
    private volatile boolean restartRequired;
    private volatile Instant lastReloadAt;

    SyncMetrics(MeterRegistry meters, BooleanSupplier pending) {
        this.reloads = Counter.builder("proxytrunks.kamailio.reloads").description("htable reloads sent to Kamailio").register(meters);
        this.keys = Counter.builder("proxytrunks.kamailio.keys").description("htable keys set or deleted over XML-RPC").register(meters);
        this.restarts = Counter.builder("proxytrunks.kamailio.restarts").description("restarts of Kamailio for a new listener set")
                .register(meters);
        Gauge.builder("proxytrunks.kamailio.pending", () -> pending.getAsBoolean() ? 1 : 0)
                .description("1 while changes wait to be applied").register(meters);
        Gauge.builder("proxytrunks.kamailio.unbindable", () -> unbindable).description("addresses this host cannot bind").register(meters);
        Gauge.builder("proxytrunks.kamailio.drift", () -> socketDrift)
                .description("sockets wanted but not live, or live but not wanted").register(meters);
        Gauge.builder("proxytrunks.kamailio.table.drift", () -> tableDrift)
                .description("table entries that differed from the desired state at the last reconciliation").register(meters);
        Gauge.builder("proxytrunks.kamailio.restart.required", () -> restartRequired ? 1 : 0).register(meters);
    }

    void reloaded() {
        reloads.increment();
        lastReloadAt = Instant.now();
    }

    void keyChanged() {
        keys.increment();
    }

    void restarted() {
        restarts.increment();
    }

    void tableDrift(long entries) {
        tableDrift = entries;
    }

    void socketDrift(long sockets) {
        socketDrift = sockets;
    }

    void unbindable(int addresses) {
        unbindable = addresses;
    }

    void restartRequired(boolean required) {
        restartRequired = required;
    }

    long reloads() {
        return (long) reloads.count();
    }

    long keyChanges() {
        return (long) keys.count();
    }

    long restarts() {
        return (long) restarts.count();
    }

    long tableDrift() {
        return tableDrift;
    }

    boolean restartRequired() {
        return restartRequired;
    }

    Instant lastReloadAt() {
        return lastReloadAt;
    }
}
