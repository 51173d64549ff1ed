package org.proxytrunks.kamailiosync.apply;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.kamailiosync.render.AtomicFileWriter;
import org.proxytrunks.kamailiosync.state.DesiredState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderTablesTest {

    @TempDir
    Path directory;

    private final DesiredState state = new DesiredState();
    private final Fixtures.FakeKamailio kamailio = new Fixtures.FakeKamailio();
    private final SyncMetrics metrics = new SyncMetrics(new SimpleMeterRegistry(), () -> false);

    private ProviderTables tables() {
        return new ProviderTables(state, new TableFiles(state, directory, new AtomicFileWriter(Clock.systemUTC()), Clock.systemUTC()), metrics);
    }

    @Test
    void theFirstRoundWritesAndReloadsEachTableThenEachChangeIsOneKey() throws Exception {
        state.apply(Fixtures.main("127.0.0.1"));
        state.apply(Fixtures.address("a", "127.0.0.2"));
        state.apply(Fixtures.carrier("c1", "a"));
        ProviderTables tables = tables();
        tables.apply(kamailio, state.takeProviderChanges());
        assertThat(kamailio.calls("htable.reload")).containsExactlyInAnyOrder("htable.reload carriers", "htable.reload ddi_providers");
        assertThat(Files.readString(directory.resolve("carriers"))).contains("c1");
        assertThat(tables.reconciling()).isFalse();

        kamailio.calls.clear();
        state.apply(Fixtures.carrier("c2", "proxytrunks"));
        state.apply(Fixtures.carrier("c1", "proxytrunks"));
        tables.apply(kamailio, state.takeProviderChanges());
        assertThat(kamailio.calls).containsExactly("htable.sets carriers c2 udp:127.0.0.1:5060", "htable.sets carriers c1 udp:127.0.0.1:5060");

        kamailio.calls.clear();
        state.apply(Fixtures.retired("c2", "proxytrunks"));
        state.apply(Fixtures.carrier("c1", "proxytrunks"));
        tables.apply(kamailio, state.takeProviderChanges());
        assertThat(kamailio.calls).as("an unchanged socket is not sent again").containsExactly("htable.delete carriers c2");
        assertThat(metrics.keyChanges()).isEqualTo(3);
        assertThat(metrics.reloads()).isEqualTo(2);
    }

    @Test
    void anAddressChangeSendsOnlyTheKeysThatMoved() throws Exception {
        state.apply(Fixtures.main("127.0.0.1"));
        state.apply(Fixtures.address("a", "127.0.0.2"));
        state.apply(Fixtures.address("b", "127.0.0.3"));
        state.apply(Fixtures.carrier("c1", "a"));
        state.apply(Fixtures.carrier("c2", "b"));
        ProviderTables tables = tables();
        tables.apply(kamailio, state.takeProviderChanges());
        kamailio.calls.clear();
        state.apply(new org.proxytrunks.events.address.AddressRemovedEvent(new org.proxytrunks.events.AddressId("a"), org.proxytrunks.events.IpLiteral.parse("127.0.0.2")));
        tables.apply(kamailio, state.takeProviderChanges());
        assertThat(kamailio.calls).containsExactly("htable.delete carriers c1");
    }

    @Test
    void aReconciliationCountsWhatDriftedAndReloads() throws Exception {
        state.apply(Fixtures.main("127.0.0.1"));
        state.apply(Fixtures.carrier("c1", "proxytrunks"));
        ProviderTables tables = tables();
        tables.apply(kamailio, state.takeProviderChanges());
        kamailio.tables.put("carriers", new java.util.concurrent.ConcurrentHashMap<>(Map.of("by-hand", "udp:10.0.0.1:5060")));

        tables.reconcile();
        tables.apply(kamailio, state.takeProviderChanges());
        assertThat(metrics.tableDrift()).as("one entry set by hand, one missing").isEqualTo(2);
        assertThat(kamailio.calls("htable.reload")).as("both tables at start, both again").hasSize(4);
    }

    @Test
    void aFailedCallIsSentAgainInTheNextRound() throws Exception {
        state.apply(Fixtures.main("127.0.0.1"));
        ProviderTables tables = tables();
        tables.apply(kamailio, state.takeProviderChanges());
        state.apply(Fixtures.carrier("c1", "proxytrunks"));
        kamailio.down = true;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tables.apply(kamailio, state.takeProviderChanges()))
                .isInstanceOf(java.io.IOException.class);
        kamailio.down = false;
        tables.reconcile();
        tables.apply(kamailio, state.takeProviderChanges());
        assertThat(Files.readString(directory.resolve("carriers"))).contains("c1");
        assertThat(kamailio.calls("htable.reload")).as("the tables reloaded whole from their files").hasSize(4);
    }
}
