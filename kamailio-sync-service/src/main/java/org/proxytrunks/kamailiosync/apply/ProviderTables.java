package org.proxytrunks.kamailiosync.apply;

import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.rpc.HtableDump;
import org.proxytrunks.kamailiosync.rpc.XmlRpcFaultException;
import org.proxytrunks.kamailiosync.state.DesiredState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Kamailio's provider htables. A change takes effect at once: each changed key is set
 * ({@code htable.sets}) or deleted ({@code htable.delete}); the files follow ({@link TableFiles}).
 * A table to reconcile (after this service starts, after a restart or a failure of Kamailio, and
 * periodically) is written and reloaded whole, after counting how far Kamailio's copy had drifted
 * from what this service set ({@code htable.dump}). Nothing is dropped: a key that could not be
 * set is set again the next time, and a table whose reload failed is reloaded again.
 */
final class ProviderTables {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderTables.class);

    private final DesiredState state;
    private final TableFiles files;
    private final SyncMetrics metrics;
    private final Set<ProviderKind> toReconcile = EnumSet.allOf(ProviderKind.class);
    private final Map<ProviderKind, Map<String, String>> inKamailio = new EnumMap<>(ProviderKind.class);
    private final Map<ProviderKind, Long> drift = new EnumMap<>(ProviderKind.class);

    ProviderTables(DesiredState state, TableFiles files, SyncMetrics metrics) {
        this.state = state;
        this.files = files;
        this.metrics = metrics;
    }

    /** Every table is reloaded whole in the next round. */
    synchronized void reconcile() {
        toReconcile.addAll(TableFiles.TABLES.keySet());
    }

    /** Whether a table waits to be reloaded whole. */
    synchronized boolean reconciling() {
        return !toReconcile.isEmpty();
    }

    private synchronized boolean reconciling(ProviderKind kind) {
        return toReconcile.contains(kind);
    }

    private synchronized void reconciled(ProviderKind kind) {
        toReconcile.remove(kind);
    }

    /** Brings the tables to the desired state, given what changed since the last round. */
    void apply(Rpc rpc, DesiredState.ProviderChanges changes) throws IOException, XmlRpcFaultException {
        if (!changes.isEmpty()) {
            files.changed();
        }
        files.write(reconciling());
        for (Map.Entry<ProviderKind, String> table : TableFiles.TABLES.entrySet()) {
            ProviderKind kind = table.getKey();
            if (reconciling(kind)) {
                reload(rpc, kind, table.getValue());
            } else if (changes.everyProvider() || !inKamailio.containsKey(kind)) {
                setKeys(rpc, kind, table.getValue(), everyKey(kind, KamailioFiles.tableValues(state.providerSockets(kind))));
            } else {
                Map<String, String> changed = new LinkedHashMap<>();
                changes.sockets().get(kind).forEach((provider, ip) ->
                        changed.put(provider, ip.map(KamailioFiles::tableValue).orElse(null)));
                setKeys(rpc, kind, table.getValue(), changed);
            }
        }
    }

    /** Writes the whole table (when it changed) and has Kamailio load it. */
    private void reload(Rpc rpc, ProviderKind kind, String table) throws IOException, XmlRpcFaultException {
        if (inKamailio.containsKey(kind)) {
            drift(rpc, kind, table);
        }
        Map<String, IpLiteral> sockets = state.providerSockets(kind);
        files.writeNow(kind, KamailioFiles.providerTable(sockets));
        rpc.call("htable.reload", table);
        metrics.reloaded();
        inKamailio.put(kind, new HashMap<>(KamailioFiles.tableValues(sockets)));
        reconciled(kind);
    }

    /** Sets or deletes keys so that Kamailio holds each as {@code wanted} says (null: not there). */
    private void setKeys(Rpc rpc, ProviderKind kind, String table, Map<String, String> wanted) throws IOException, XmlRpcFaultException {
        Map<String, String> held = inKamailio.computeIfAbsent(kind, k -> new HashMap<>());
        for (Map.Entry<String, String> key : wanted.entrySet()) {
            String holding = held.get(key.getKey());
            if (key.getValue() != null && !key.getValue().equals(holding)) {
                rpc.call("htable.sets", table, key.getKey(), key.getValue());
                held.put(key.getKey(), key.getValue());
                metrics.keyChanged();
            } else if (key.getValue() == null && holding != null) {
                rpc.call("htable.delete", table, key.getKey());
                held.remove(key.getKey());
                metrics.keyChanged();
            }
        }
    }

    /** Every key of the table: the desired ones with their sockets, the others Kamailio holds with none (to delete). */
    private Map<String, String> everyKey(ProviderKind kind, Map<String, String> desired) {
        Map<String, String> wanted = new HashMap<>(desired);
        inKamailio.getOrDefault(kind, Map.of()).keySet().forEach(key -> wanted.putIfAbsent(key, null));
        return wanted;
    }

    /**
     * Counts the entries of Kamailio's table that differ from what this service set (a hand-made
     * change, a lost key); the metric is the sum over the tables at their last reconciliation.
     */
    private void drift(Rpc rpc, ProviderKind kind, String table) throws IOException, XmlRpcFaultException {
        Map<String, String> live = HtableDump.entries(rpc.call("htable.dump", table));
        Map<String, String> held = inKamailio.get(kind);
        long differing = live.entrySet().stream().filter(e -> !e.getValue().equals(held.get(e.getKey()))).count()
                + held.keySet().stream().filter(key -> !live.containsKey(key)).count();
        if (differing > 0) {
            LOG.warn("Kamailio's {} table differed from the desired state in {} entries; reloading it", table, differing);
        }
        drift.put(kind, differing);
        metrics.tableDrift(drift.values().stream().mapToLong(Long::longValue).sum());
    }
}
