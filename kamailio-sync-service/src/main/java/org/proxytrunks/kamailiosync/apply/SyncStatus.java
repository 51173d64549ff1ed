package org.proxytrunks.kamailiosync.apply;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where Kamailio stands against what the events say it should be.
 *
 * @param feed              how far the desired state has got
 * @param pendingChanges    whether changes wait to be applied (while catching up, or while Kamailio is unreachable)
 * @param lastReloadAt      when htable was last reloaded
 * @param lastResult        the outcome of the last attempt to apply
 * @param reloads           htable reloads done since the service started
 * @param keyChanges        htable keys set or deleted one by one since the service started
 * @param restarts          restarts of Kamailio run since the service started
 * @param tableDrift        entries that differed between Kamailio's tables and what this service had set, at the last reconciliation (then reloaded away)
 * @param restartRequired   the listener set changed and Kamailio has not been restarted onto it (no restart command, or it failed)
 * @param wantedSockets     the sockets Kamailio should listen on
 * @param liveSockets       the sockets Kamailio listens on ({@code corex.list_sockets}), XML-RPC's left out
 * @param missingSockets    wanted but not live
 * @param unexpectedSockets live but not wanted
 * @param unbindable        addresses this host cannot bind, left out of the listener files
 * @param providerSockets   the socket of each carrier and DDI provider, by kind
 */
public record SyncStatus(Feed feed, boolean pendingChanges, Instant lastReloadAt, String lastResult,
                         long reloads, long keyChanges, long restarts, long tableDrift, boolean restartRequired, List<String> wantedSockets,
                         List<String> liveSockets, List<String> missingSockets, List<String> unexpectedSockets, List<String> unbindable,
                         Map<String, Map<String, String>> providerSockets) {

    /**
     * How far the desired state has got.
     *
     * @param positions        the next offset to read of each topic partition
     * @param caughtUp         whether it has reached the end of the topics as they were at start (nothing is applied before)
     * @param startedFrom      "snapshot" (resumed from the stored desired state) or "history" (rebuilt from the beginning)
     * @param catchUpMillis    from the start of the fold (reading the topics' bounds and the snapshot included) to caught up, once caught up
     * @param rebuilding       whether a rebuild from the beginning runs beside the applied state
     * @param snapshotPositions the positions of the stored snapshot
     * @param parkedRecords    records that could not be decoded or applied, parked and passed over
     */
    public record Feed(Map<String, Long> positions, boolean caughtUp, String startedFrom, Long catchUpMillis, boolean rebuilding,
                       Map<String, Long> snapshotPositions, long parkedRecords) {
    }
}
