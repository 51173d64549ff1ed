package org.proxytrunks.kamailiosync.apply;

import io.micrometer.core.instrument.MeterRegistry;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.kamailiosync.render.AtomicFileWriter;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.rpc.XmlRpcFaultException;
import org.proxytrunks.kamailiosync.state.DesiredState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Makes Kamailio follow the {@link DesiredState}, in a thread of its own: the apply loop.
 * Nothing is applied before the desired state has caught up with the events ({@code caughtUp}):
 * a state still being folded from the history would blank Kamailio's tables and restart it onto
 * too few listeners. Changes are coalesced: a burst of events marks the state dirty many times
 * and is applied in few rounds, each round starting as soon as the previous one ends.
 *
 * <p>A round: the listener files ({@link ListenerFiles}) and, when their listen lines changed,
 * one restart ({@link KamailioRestarter}) after the address changes have gone quiet for
 * {@link #QUIET}; the provider tables ({@link ProviderTables}, {@link TableFiles}); and every few
 * seconds the live sockets, to report drift. A failed round is retried with back-off and nothing
 * is dropped. Should the thread end for any other reason, {@link #alive()} says so (health DOWN).
 */
public final class KamailioApplier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KamailioApplier.class);
    /** How long the addresses must stay unchanged before a restart, so that a burst of changes gives one. */
    static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration QUIET_AT_MOST = Duration.ofSeconds(3);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    static final Duration RECONCILE = Duration.ofSeconds(60);
    private static final Duration LIVE_SOCKETS_EVERY = Duration.ofSeconds(5);
    private static final Duration DEFERRED_WRITE_CHECK = Duration.ofMillis(200);

    private final DesiredState state;
    private final BooleanSupplier caughtUp;
    private final Clock clock;
    private final SyncMetrics metrics;
    private final ListenerFiles listenerFiles;
    private final TableFiles tableFiles;
    private final ProviderTables tables;
    private final KamailioRestarter restarter;
    private final RpcEndpoint endpoint;
    private final int rpcPort;
    private final Thread thread;
    private final Object signal = new Object();
    private boolean dirty = true;
    private volatile boolean running = true;
    private volatile boolean failing;
    private volatile String lastResult = "not applied yet: the desired state is catching up with the events";
    private long plannedListeners = -1;
    private boolean restartOwed;
    private Instant lastListenerPlan = Instant.MIN;
    private Instant lastReconcile;
    private Instant lastLiveRead = Instant.MIN;
    private volatile List<String> wanted = List.of();
    private volatile List<String> live = List.of();
    private volatile List<String> unbindable = List.of();

    /**
     * @param caughtUp whether the desired state has caught up with the events, so that it may be
     *                 applied; once it turns true, {@link #changed()} is to be called
     */
    public KamailioApplier(DesiredState state, BooleanSupplier caughtUp, SyncSettings settings, Clock clock, MeterRegistry meters) {
        this(state, caughtUp, settings, clock, meters, new KamailioEndpoint(settings, state),
                new KamailioRestarter(settings.restartCommand(), settings.restartTimeout()));
    }

    /** With the way to Kamailio's XML-RPC and its restart given (a fake of each in unit tests). */
    KamailioApplier(DesiredState state, BooleanSupplier caughtUp, SyncSettings settings, Clock clock, MeterRegistry meters,
                    RpcEndpoint endpoint, KamailioRestarter restarter) {
        this.state = state;
        this.caughtUp = caughtUp;
        this.clock = clock;
        this.lastReconcile = clock.instant();
        this.metrics = new SyncMetrics(meters, this::pending);
        AtomicFileWriter writer = new AtomicFileWriter(clock);
        ConfigCheck check = ConfigCheck.available(settings.configTemplate(), settings.binary())
                ? new ConfigCheck(settings.configTemplate(), settings.binary(), settings.tablesDirectory()) : null;
        this.listenerFiles = new ListenerFiles(state, settings, writer, KamailioApplier::canBind, check);
        this.tableFiles = new TableFiles(state, settings.tablesDirectory(), writer, clock);
        this.tables = new ProviderTables(state, tableFiles, metrics);
        this.restarter = restarter;
        this.endpoint = endpoint;
        this.rpcPort = settings.rpcPort();
        this.thread = new Thread(this::run, "kamailio-applier");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The desired state changed: apply it soon. */
    public void changed() {
        synchronized (signal) {
            dirty = true;
            signal.notifyAll();
        }
    }

    /** Whether the apply loop runs, or is yet to start: false once its thread has ended, for whatever reason, before {@link #close()}. */
    public boolean alive() {
        return thread.getState() == Thread.State.NEW || thread.isAlive() || !running;
    }

    private boolean pending() {
        synchronized (signal) {
            return dirty || tables.reconciling() || failing || !caughtUp.getAsBoolean();
        }
    }

    /** Where Kamailio stands, with how far the desired state has got ({@code feed}). */
    public SyncStatus status(SyncStatus.Feed feed) {
        Map<String, Map<String, String>> providers = new LinkedHashMap<>();
        TableFiles.TABLES.forEach((kind, table) -> providers.put(table, KamailioFiles.tableValues(state.providerSockets(kind))));
        return new SyncStatus(feed, pending(), metrics.lastReloadAt(), lastResult, metrics.reloads(), metrics.keyChanges(),
                metrics.restarts(), metrics.tableDrift(), metrics.restartRequired(), wanted, live, missing(), unexpected(), unbindable,
                providers);
    }

    private List<String> missing() {
        return wanted.stream().filter(s -> !live.contains(s)).toList();
    }

    private List<String> unexpected() {
        return live.stream().filter(s -> !wanted.contains(s)).toList();
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        try {
            while (running) {
                try {
                    if (!awaitWork()) {
                        return;
                    }
                    applyOnce();
                    failing = false;
                    lastResult = "ok";
                    backoff = Duration.ofSeconds(1);
                } catch (NotReadyException e) {
                    lastResult = "waiting: " + e.getMessage();
                    changed();
                    Thread.sleep(1000);
                } catch (IOException | XmlRpcFaultException | RuntimeException e) {
                    failing = true;
                    lastResult = "failed: " + e.getMessage();
                    // Kamailio may have restarted meanwhile, loading its tables from the files: reload them whole once it answers
                    tables.reconcile();
                    LOG.warn("Applying to Kamailio failed ({}); retrying in {} s", e.getMessage(), backoff.toSeconds());
                    changed();
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            lastResult = "stopped: " + e;
            LOG.error("The loop applying to Kamailio ended", e);
            throw e;
        }
    }

    /**
     * Waits until there is something to apply and the desired state has caught up (the feed says
     * so through {@link #changed()} when it hands a caught-up state over); false when closed.
     * Without news a round still runs every few seconds, once caught up.
     */
    private boolean awaitWork() throws InterruptedException {
        synchronized (signal) {
            while (running && (!caughtUp.getAsBoolean() || (!dirty && !tables.reconciling()))) {
                signal.wait(tableFiles.deferred() ? DEFERRED_WRITE_CHECK.toMillis() : 5000);
                if (caughtUp.getAsBoolean() && !dirty && !tables.reconciling()) {
                    dirty = true;
                }
            }
            dirty = false;
            return running;
        }
    }

    /** One round: listener files and restart, provider keys, table files and reloads, live sockets. */
    void applyOnce() throws IOException, XmlRpcFaultException, InterruptedException {
        boolean restarted = listenersDue() && applyListeners();
        Instant now = clock.instant();
        if (Duration.between(lastReconcile, now).compareTo(RECONCILE) >= 0) {
            lastReconcile = now;
            tables.reconcile();
        }
        Rpc rpc = endpoint.rpc().orElseThrow(
                () -> new NotReadyException("the main address is not known yet, so Kamailio's XML-RPC cannot be reached"));
        if (restarted) {
            awaitKamailio(rpc);
        }
        tables.apply(rpc, state.takeProviderChanges());
        if (restarted || Duration.between(lastLiveRead, clock.instant()).compareTo(LIVE_SOCKETS_EVERY) >= 0) {
            live = LiveSockets.of(rpc.call("corex.list_sockets"), rpcPort);
            lastLiveRead = clock.instant();
            metrics.socketDrift(missing().size() + unexpected().size());
            if (missing().isEmpty() && unexpected().isEmpty()) {
                // an operator restarted Kamailio, or it was restarted for another reason: nothing is owed any more
                metrics.restartRequired(false);
            }
        }
    }

    /** The listeners are planned again when the addresses changed, and every few seconds (an address may have become bindable). */
    private boolean listenersDue() {
        return restartOwed || state.listenerVersion() != plannedListeners
                || Duration.between(lastListenerPlan, clock.instant()).compareTo(LIVE_SOCKETS_EVERY) >= 0;
    }

    /**
     * Writes the listener files when they change; when their listen lines did, restarts Kamailio
     * (with the table files current first: the restarted Kamailio loads them). True when restarted.
     */
    private boolean applyListeners() throws IOException, InterruptedException {
        long version = state.listenerVersion();
        ListenerFiles.Plan plan = listenerFiles.plan();
        if (listenerFiles.differ(plan)) {
            version = awaitQuietAddresses(version);
            plan = listenerFiles.plan();
        }
        if (!plan.refused().equals(unbindable) && !plan.refused().isEmpty()) {
            LOG.warn("Addresses this host cannot bind are left out of Kamailio's listeners: {}", plan.refused());
        }
        unbindable = List.copyOf(plan.refused());
        metrics.unbindable(unbindable.size());
        wanted = listenerFiles.wantedSockets(plan.bindable());
        boolean restart = listenerFiles.write(plan) || restartOwed;
        plannedListeners = version;
        lastListenerPlan = clock.instant();
        if (!restart) {
            return false;
        }
        // owed until it has gone through: a failed restart is run again in the next round
        restartOwed = true;
        tableFiles.write(true);
        tables.reconcile();
        KamailioRestarter.Outcome outcome;
        try {
            outcome = restarter.restart();
        } catch (IOException e) {
            metrics.restartRequired(true);
            throw e;
        }
        restartOwed = false;
        if (outcome == KamailioRestarter.Outcome.NOT_CONFIGURED) {
            metrics.restartRequired(true);
            LOG.warn("The listener set changed: Kamailio needs a restart (no restart command is configured)");
            return false;
        }
        metrics.restartRequired(false);
        metrics.restarted();
        return true;
    }

    /** Waits until the addresses have not changed for {@link #QUIET} (at most {@link #QUIET_AT_MOST}); answers their version then. */
    private long awaitQuietAddresses(long version) throws InterruptedException {
        long deadline = System.nanoTime() + QUIET_AT_MOST.toNanos();
        long seen = version;
        do {
            Thread.sleep(QUIET.toMillis());
            long now = state.listenerVersion();
            if (now == seen) {
                return now;
            }
            seen = now;
        } while (System.nanoTime() < deadline);
        return seen;
    }

    /** After a restart this service ran, waits (bounded) until Kamailio answers again, so the reloads follow at once. */
    private static void awaitKamailio(Rpc rpc) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                rpc.call("core.version");
                return;
            } catch (IOException | XmlRpcFaultException notYet) {
                Thread.sleep(200);
            }
        }
    }

    /** Nothing can be applied yet, and that is expected (not a failure to back off from). */
    private static final class NotReadyException extends RuntimeException {
        NotReadyException(String message) {
            super(message);
        }
    }

    /** Whether this host can bind {@code ip}: Kamailio would not start with a listener it cannot. */
    static boolean canBind(IpLiteral ip) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip.value()), 0))) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        changed();
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endpoint.close();
    }
}
