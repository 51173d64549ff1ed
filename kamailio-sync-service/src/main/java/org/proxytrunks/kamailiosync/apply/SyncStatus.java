package org.proxytrunks.kamailiosync.apply;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where Kamailio stands against what the events say it should be.
 *
 * @param appliedPositions  the next offset to read of each topic partition: how far the desired state has got
 * @param pendingChanges    whether changes wait to be applied (for example while Kamailio is unreachable)
 * @param lastReloadAt      when htable was last reloaded
 * @param lastResult        the outcome of the last attempt to apply
 * @param reloads           htable reloads done since the service started
 * @param keyChanges        htable keys set or deleted one by one since the service started
 * @param tableDrift        entries that differed between Kamailio's tables and what this service had set, at the last reconciliation (then reloaded away)
 * @param restartRequired   the listener set changed and no restart command is configured
 * @param wantedSockets     the sockets Kamailio should listen on
 * @param liveSockets       the sockets Kamailio listens on ({@code corex.list_sockets}), XML-RPC's left out
 * @param missingSockets    wanted but not live
 * @param unexpectedSockets live but not wanted
 * @param unbindable        addresses this host cannot bind, left out of the listener files
 * @param providerSockets   the socket of each carrier and DDI provider, by kind
 */
public record SyncStatus(Map<String, Long> appliedPositions, boolean pendingChanges, Instant lastReloadAt, String lastResult,
                         long reloads, long keyChanges, long tableDrift, boolean restartRequired, List<String> wantedSockets, List<String> liveSockets,
                         List<String> missingSockets, List<String> unexpectedSockets, List<String> unbindable,
                         Map<String, Map<String, String>> providerSockets) {
}
