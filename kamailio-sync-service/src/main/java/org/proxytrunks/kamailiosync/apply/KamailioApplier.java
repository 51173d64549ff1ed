package org.proxytrunks.kamailiosync.apply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.kamailiosync.render.AtomicFileWriter;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.rpc.HtableDump;
import org.proxytrunks.kamailiosync.rpc.XmlRpcClient;
import org.proxytrunks.kamailiosync.rpc.XmlRpcFaultException;
import org.proxytrunks.kamailiosync.state.DesiredState;
import org.proxytrunks.kamailiosync.state.DesiredState.Listener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Makes Kamailio follow the {@link DesiredState}. Changes are coalesced: a burst of events marks
 * the state dirty many times and is applied in few rounds, each round starting as soon as the
 * previous one ends.
 *
 * <p>A provider change takes effect at once: each changed key is set ({@code htable.sets}) or
 * deleted ({@code htable.delete}) over XML-RPC on the main address. The provider table files
 * (what Kamailio loads when it starts, and what {@code htable.reload} reads) follow at most once
 * per second: db_text re-reads a file only when its modification time, in whole seconds, is newer
 * than at its last load, so writing more often would push modification times into the future.
 * The whole table is reloaded from its file after this service starts, after a restart of
 * Kamailio, and every {@link #RECONCILE} to reconcile anything set by hand.
 *
 * <p>A changed listener set (coalesced over {@link #COALESCE}) is written atomically and
 * Kamailio restarted (or a restart reported as required); the live sockets are read back then
 * and every few seconds, to report drift. A failed round is retried with back-off and nothing is
 * dropped: a key that could not be set is set again in the next round, and a table whose reload
 * failed is reloaded again.
 */
public final class KamailioApplier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KamailioApplier.class);
    private static final Duration COALESCE = Duration.ofMillis(150);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    static final Duration RECONCILE = Duration.ofSeconds(60);
    private static final Duration LIVE_SOCKETS_EVERY = Duration.ofSeconds(5);
    private static final Duration DEFERRED_WRITE_CHECK = Duration.ofMillis(200);
    static final Map<ProviderKind, String> TABLES = Map.of(ProviderKind.CARRIER, "carriers", ProviderKind.DDI_PROVIDER, "ddi_providers");

    private final DesiredState state;
    private final SyncSettings settings;
    private final AtomicFileWriter writer;
    private final Clock clock;
    private final Counter reloadCounter;
    private final ConfigCheck configCheck;
    private final Set<ProviderKind> unconfirmed = EnumSet.allOf(ProviderKind.class);
    private final Map<ProviderKind, Map<String, String>> inKamailio = new EnumMap<>(ProviderKind.class);
    private final Map<ProviderKind, String> tableFiles = new EnumMap<>(ProviderKind.class);
    private volatile boolean tableWriteDeferred;
    private XmlRpcClient kamailioRpc;
    private URI rpcEndpoint;
    private boolean tablesBehind = true;
    private long plannedListeners = -1;
    private Instant lastListenerPlan = Instant.MIN;
    private volatile boolean failing;
    private volatile long tableDrift;
    private Instant lastReconcile = Instant.MIN;
    private Instant lastLiveRead = Instant.MIN;
    private final Counter keyCounter;
    private final Thread thread;
    private final Object signal = new Object();
    private boolean dirty = true;
    private volatile boolean running = true;
    private volatile Instant lastReloadAt;
    private volatile String lastResult = "not applied yet";
    private volatile boolean restartRequired;
    private volatile List<String> wanted = List.of();
    private volatile List<String> live = List.of();
    private volatile List<String> unbindable = List.of();

    public KamailioApplier(DesiredState state, SyncSettings settings, Clock clock, MeterRegistry meters) {
        this.state = state;
        this.settings = settings;
        this.clock = clock;
        this.writer = new AtomicFileWriter(clock);
        this.configCheck = ConfigCheck.available(settings.configTemplate(), settings.binary())
                ? new ConfigCheck(settings.configTemplate(), settings.binary(), settings.tablesDirectory()) : null;
        this.reloadCounter = Counter.builder("proxytrunks.kamailio.reloads").description("htable reloads sent to Kamailio")
                .register(meters);
        this.keyCounter = Counter.builder("proxytrunks.kamailio.keys").description("htable keys set or deleted over XML-RPC")
                .register(meters);
        Gauge.builder("proxytrunks.kamailio.pending", () -> pending() ? 1 : 0).description("1 while changes wait to be applied")
                .register(meters);
        Gauge.builder("proxytrunks.kamailio.unbindable", () -> unbindable.size()).description("addresses this host cannot bind")
                .register(meters);
        Gauge.builder("proxytrunks.kamailio.drift", () -> missing().size() + unexpected().size())
                .description("sockets wanted but not live, or live but not wanted").register(meters);
        Gauge.builder("proxytrunks.kamailio.table.drift", () -> tableDrift)
                .description("table entries that differed from the desired state at the last reconciliation").register(meters);
        Gauge.builder("proxytrunks.kamailio.restart.required", () -> restartRequired ? 1 : 0).register(meters);
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

    private boolean pending() {
        synchronized (signal) {
            return dirty || !unconfirmed.isEmpty() || failing;
        }
    }

    public SyncStatus status(Map<String, Long> positions) {
        Map<String, Map<String, String>> providers = new LinkedHashMap<>();
        TABLES.forEach((kind, table) -> {
            Map<String, String> sockets = new java.util.TreeMap<>();
            state.providerSockets(kind).forEach((provider, ip) -> sockets.put(provider, KamailioFiles.socket("udp", ip, 5060)));
            providers.put(table, sockets);
        });
        return new SyncStatus(positions, pending(), lastReloadAt, lastResult, (long) reloadCounter.count(),
                (long) keyCounter.count(), tableDrift, restartRequired,
                wanted, live, missing(), unexpected(), unbindable, providers);
    }

    private List<String> missing() {
        return wanted.stream().filter(s -> !live.contains(s)).toList();
    }

    private List<String> unexpected() {
        return live.stream().filter(s -> !wanted.contains(s)).toList();
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try {
                awaitWork();
                if (!running) {
                    return;
                }
                applyOnce();
                failing = false;
                lastResult = "ok";
                backoff = Duration.ofSeconds(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (NotReadyException e) {
                lastResult = "waiting: " + e.getMessage();
                changed();
                sleep(Duration.ofSeconds(1));
            } catch (IOException | XmlRpcFaultException | RuntimeException e) {
                failing = true;
                lastResult = "failed: " + e.getMessage();
                // Kamailio may have restarted meanwhile, loading its tables from the files: reload them whole once it answers
                synchronized (signal) {
                    unconfirmed.addAll(TABLES.keySet());
                }
                LOG.warn("Applying to Kamailio failed ({}); retrying in {} s", e.getMessage(), backoff.toSeconds());
                changed();
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void awaitWork() throws InterruptedException {
        synchronized (signal) {
            while (running && !dirty && unconfirmed.isEmpty()) {
                signal.wait(tableWriteDeferred ? DEFERRED_WRITE_CHECK.toMillis() : 5000);
                if (!dirty && unconfirmed.isEmpty()) {
                    dirty = true;
                }
            }
            dirty = false;
        }
    }

    /** The listeners as they should be written, with the addresses this host cannot bind left out. */
    private record ListenerPlan(List<Listener> bindable, List<String> refused, String mainLines, String additionalLines) {
    }

    private ListenerPlan planListeners() {
        List<Listener> bindable = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<Listener> listeners = new ArrayList<>();
        state.main().ifPresent(listeners::add);
        listeners.addAll(state.additional());
        for (Listener listener : listeners) {
            if (canBind(listener.ip())) {
                bindable.add(listener);
            } else {
                refused.add(listener.id().value() + " " + listener.ip().value());
            }
        }
        return new ListenerPlan(bindable, refused,
                KamailioFiles.listenLines(bindable.stream().filter(Listener::main).toList(), settings.tls()),
                KamailioFiles.listenLines(bindable.stream().filter(l -> !l.main()).toList(), settings.tls()));
    }

    /** One round: listener files and restart, provider keys, table files and reloads, live sockets. */
    void applyOnce() throws IOException, XmlRpcFaultException, InterruptedException {
        Path mainFile = settings.configDirectory().resolve("main_address.cfg");
        Path additionalFile = settings.configDirectory().resolve("additional_addresses.cfg");
        boolean listenersChanged = false;
        if (listenersDue()) {
            listenersChanged = applyListeners(mainFile, additionalFile);
        }
        Instant now = clock.instant();
        if (Duration.between(lastReconcile, now).compareTo(RECONCILE) >= 0) {
            lastReconcile = now;
            synchronized (signal) {
                unconfirmed.addAll(TABLES.keySet());
            }
        }
        if (listenersChanged) {
            // the restarted Kamailio loads the table files: they must be current first
            writeTableFiles(true);
            restart();
        }
        XmlRpcClient rpc = rpc();
        if (rpc == null) {
            throw new NotReadyException("the main address is not known yet, so Kamailio's XML-RPC cannot be reached");
        }
        if (listenersChanged && !restartRequired) {
            awaitKamailio(rpc);
        }
        applyProviders(rpc);
        if (listenersChanged || Duration.between(lastLiveRead, clock.instant()).compareTo(LIVE_SOCKETS_EVERY) >= 0) {
            live = liveSockets(rpc.call("corex.list_sockets"));
            lastLiveRead = clock.instant();
        }
    }

    /** The listeners are planned again when the addresses changed, and every few seconds (an address may have become bindable). */
    private boolean listenersDue() {
        return state.listenerVersion() != plannedListeners
                || Duration.between(lastListenerPlan, clock.instant()).compareTo(LIVE_SOCKETS_EVERY) >= 0;
    }

    /** Writes the listener files when they change (checked with {@code kamailio -c} first); true when they did. */
    private boolean applyListeners(Path mainFile, Path additionalFile) throws IOException, InterruptedException {
        long version = state.listenerVersion();
        ListenerPlan plan = planListeners();
        if (!sameContent(mainFile, plan.mainLines()) || !sameContent(additionalFile, plan.additionalLines())) {
            // a burst of address changes gives one restart
            Thread.sleep(COALESCE.toMillis());
            version = state.listenerVersion();
            plan = planListeners();
        }
        if (!plan.refused().equals(unbindable) && !plan.refused().isEmpty()) {
            LOG.warn("Addresses this host cannot bind are left out of Kamailio's listeners: {}", plan.refused());
        }
        unbindable = List.copyOf(plan.refused());
        wanted = wantedSockets(plan.bindable());
        boolean listenersChanged = false;
        if (!sameContent(mainFile, plan.mainLines()) || !sameContent(additionalFile, plan.additionalLines())) {
            Optional<String> rejection = configCheck == null || state.main().isEmpty() ? Optional.empty()
                    : configCheck.refusal(plan.mainLines(), plan.additionalLines(), state.main().get().ip(), settings.rpcPort());
            if (rejection.isPresent()) {
                throw new IOException(rejection.get());
            }
            listenersChanged = writeIfChanged(mainFile, plan.mainLines()) | writeIfChanged(additionalFile, plan.additionalLines());
        }
        plannedListeners = version;
        lastListenerPlan = clock.instant();
        return listenersChanged;
    }

    /**
     * Brings Kamailio's provider tables to the desired state: a table to reconcile is written and
     * reloaded whole; in the others each changed key is set or deleted. The table files follow.
     */
    private void applyProviders(XmlRpcClient rpc) throws IOException, XmlRpcFaultException {
        DesiredState.ProviderChanges changes = state.takeProviderChanges();
        if (!changes.isEmpty()) {
            tablesBehind = true;
        }
        boolean reloading;
        synchronized (signal) {
            reloading = !unconfirmed.isEmpty();
        }
        writeTableFiles(reloading);
        for (Map.Entry<ProviderKind, String> table : TABLES.entrySet()) {
            ProviderKind kind = table.getKey();
            boolean reload;
            synchronized (signal) {
                reload = unconfirmed.contains(kind);
            }
            if (reload) {
                reloadTable(rpc, kind, table.getValue());
            } else if (changes.everyProvider() || !inKamailio.containsKey(kind)) {
                setKeys(rpc, kind, table.getValue(), everyKey(kind, socketValues(state.providerSockets(kind))));
            } else {
                Map<String, String> changed = new LinkedHashMap<>();
                changes.sockets().get(kind).forEach((provider, ip) ->
                        changed.put(provider, ip.map(at -> KamailioFiles.socket("udp", at, 5060)).orElse(null)));
                setKeys(rpc, kind, table.getValue(), changed);
            }
        }
    }

    /** Writes the whole table (when it changed) and has Kamailio load it. */
    private void reloadTable(XmlRpcClient rpc, ProviderKind kind, String table) throws IOException, XmlRpcFaultException {
        if (inKamailio.containsKey(kind)) {
            tableDrift(rpc, kind, table);
        }
        Map<String, IpLiteral> sockets = state.providerSockets(kind);
        String content = KamailioFiles.providerTable(sockets);
        if (!content.equals(tableFile(kind))) {
            writeTable(kind, content);
        }
        rpc.call("htable.reload", table);
        reloadCounter.increment();
        lastReloadAt = clock.instant();
        inKamailio.put(kind, socketValues(sockets));
        synchronized (signal) {
            unconfirmed.remove(kind);
        }
    }

    /** Sets or deletes keys so that Kamailio holds each as {@code wanted} says (null: not there). */
    private void setKeys(XmlRpcClient rpc, ProviderKind kind, String table, Map<String, String> wanted)
            throws IOException, XmlRpcFaultException {
        Map<String, String> held = inKamailio.computeIfAbsent(kind, k -> new HashMap<>());
        for (Map.Entry<String, String> key : wanted.entrySet()) {
            String holding = held.get(key.getKey());
            if (key.getValue() != null && !key.getValue().equals(holding)) {
                rpc.call("htable.sets", table, key.getKey(), key.getValue());
                held.put(key.getKey(), key.getValue());
                keyCounter.increment();
            } else if (key.getValue() == null && holding != null) {
                rpc.call("htable.delete", table, key.getKey());
                held.remove(key.getKey());
                keyCounter.increment();
            }
        }
    }

    /** Every key of the table: the desired ones with their sockets, the others Kamailio holds with none (to delete). */
    private Map<String, String> everyKey(ProviderKind kind, Map<String, String> desired) {
        Map<String, String> wanted = new HashMap<>(desired);
        inKamailio.getOrDefault(kind, Map.of()).keySet().forEach(key -> wanted.putIfAbsent(key, null));
        return wanted;
    }

    /** Counts the entries of Kamailio's table that differ from what this service set (a hand-made change, a lost key). */
    private void tableDrift(XmlRpcClient rpc, ProviderKind kind, String table) throws IOException, XmlRpcFaultException {
        Map<String, String> live = HtableDump.entries(rpc.call("htable.dump", table));
        Map<String, String> held = inKamailio.get(kind);
        long differing = live.entrySet().stream().filter(e -> !e.getValue().equals(held.get(e.getKey()))).count()
                + held.keySet().stream().filter(key -> !live.containsKey(key)).count();
        if (differing > 0) {
            LOG.warn("Kamailio's {} table differed from the desired state in {} entries; reloading it", table, differing);
        }
        tableDrift = differing;
    }

    /**
     * Writes the provider table files that changed: at once when {@code now}, otherwise only when
     * the modification time can move on without going ahead of the clock (else later, at most a
     * second from now).
     */
    private void writeTableFiles(boolean now) throws IOException {
        if (!tablesBehind) {
            return;
        }
        boolean deferred = false;
        for (ProviderKind kind : TABLES.keySet()) {
            String content = renderTable(kind);
            if (content.equals(tableFile(kind))) {
                continue;
            }
            if (now || writableWithoutRunningAhead(tablePath(kind))) {
                writeTable(kind, content);
            } else {
                deferred = true;
            }
        }
        tableWriteDeferred = deferred;
        tablesBehind = deferred;
    }

    private void writeTable(ProviderKind kind, String content) throws IOException {
        writer.write(tablePath(kind), content);
        tableFiles.put(kind, content);
    }

    private String tableFile(ProviderKind kind) throws IOException {
        String known = tableFiles.get(kind);
        if (known == null) {
            Path file = tablePath(kind);
            known = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            tableFiles.put(kind, known);
        }
        return known;
    }

    private boolean writableWithoutRunningAhead(Path file) throws IOException {
        if (!Files.exists(file)) {
            return true;
        }
        long written = Files.getLastModifiedTime(file).toInstant().getEpochSecond();
        return clock.instant().getEpochSecond() > written;
    }

    private Path tablePath(ProviderKind kind) {
        return settings.tablesDirectory().resolve(TABLES.get(kind));
    }

    private String renderTable(ProviderKind kind) {
        return KamailioFiles.providerTable(state.providerSockets(kind));
    }

    /** The value Kamailio's table holds for each provider: its socket. */
    private static Map<String, String> socketValues(Map<String, IpLiteral> sockets) {
        Map<String, String> values = new HashMap<>();
        sockets.forEach((provider, ip) -> values.put(provider, KamailioFiles.socket("udp", ip, 5060)));
        return values;
    }

    private void restart() throws IOException, InterruptedException {
        String command = settings.restartCommand();
        if (command == null || command.isBlank()) {
            restartRequired = true;
            LOG.warn("The listener set changed: Kamailio needs a restart (no restart command is configured)");
            return;
        }
        Process process = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the restart command did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            restartRequired = true;
            throw new IOException("the restart command failed with exit code " + process.exitValue() + ": " + output.strip());
        }
        restartRequired = false;
        synchronized (signal) {
            unconfirmed.addAll(TABLES.keySet());
        }
    }

    /** After a restart this service ran, waits (bounded) until Kamailio answers again, so the reloads follow at once. */
    private static void awaitKamailio(XmlRpcClient rpc) throws InterruptedException {
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

    /** The client for Kamailio's XML-RPC, kept (with its connection) while the address stays the same. */
    private XmlRpcClient rpc() {
        URI endpoint;
        if (settings.rpcUrl() != null && !settings.rpcUrl().isBlank()) {
            endpoint = URI.create(settings.rpcUrl());
        } else if (state.main().isPresent()) {
            endpoint = URI.create("http://" + state.main().get().ip().sipHost() + ":" + settings.rpcPort() + "/RPC2");
        } else {
            return null;
        }
        if (kamailioRpc == null || !endpoint.equals(rpcEndpoint)) {
            if (kamailioRpc != null) {
                kamailioRpc.close();
            }
            kamailioRpc = new XmlRpcClient(endpoint, Duration.ofSeconds(2), Duration.ofSeconds(5));
            rpcEndpoint = endpoint;
        }
        return kamailioRpc;
    }

    private static boolean sameContent(Path file, String content) throws IOException {
        return Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content);
    }

    private boolean writeIfChanged(Path file, String content) throws IOException {
        if (sameContent(file, content)) {
            return false;
        }
        writer.write(file, content);
        return true;
    }

    private List<String> wantedSockets(List<Listener> listeners) {
        Set<String> sockets = new TreeSet<>();
        for (Listener listener : listeners) {
            sockets.add(KamailioFiles.socket("udp", listener.ip(), 5060));
            sockets.add(KamailioFiles.socket("tcp", listener.ip(), 5060));
            if (settings.tls()) {
                sockets.add(KamailioFiles.socket("tls", listener.ip(), 5061));
            }
        }
        return List.copyOf(sockets);
    }

    @SuppressWarnings("unchecked")
    private List<String> liveSockets(Object answer) {
        Set<String> sockets = new TreeSet<>();
        if (answer instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> socket) {
                    String proto = String.valueOf(socket.get("PROTO"));
                    String name = String.valueOf(socket.get("NAME")).replace("[", "").replace("]", "");
                    String port = String.valueOf(socket.get("PORT"));
                    if (String.valueOf(settings.rpcPort()).equals(port) && "tcp".equals(proto)) {
                        continue;
                    }
                    try {
                        sockets.add(KamailioFiles.socket(proto, IpLiteral.parse(name), Integer.parseInt(port)));
                    } catch (RuntimeException notAnAddress) {
                        sockets.add(proto + ":" + name + ":" + port);
                    }
                }
            }
        }
        return List.copyOf(sockets);
    }

    /** Whether this host can bind {@code ip}: Kamailio would not start with a listener it cannot. */
    static boolean canBind(IpLiteral ip) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip.value()), 0))) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        if (kamailioRpc != null) {
            kamailioRpc.close();
        }
    }
}
