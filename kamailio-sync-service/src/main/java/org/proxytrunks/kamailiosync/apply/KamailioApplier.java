package org.proxytrunks.kamailiosync.apply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.kamailiosync.render.AtomicFileWriter;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Makes Kamailio follow the {@link DesiredState}. Changes are coalesced: a burst of events marks
 * the state dirty many times and is applied in few rounds. A round writes what changed
 * (atomically), reloads the provider tables over XML-RPC on the main address, restarts Kamailio
 * for a changed listener set (or reports that a restart is required), and reads the live sockets
 * back. A failed round is retried with back-off and nothing is dropped: a table is reloaded again
 * until a reload of it has succeeded, and after a restart of this service every table is. With
 * nothing to do it still reads the live sockets back every few seconds, to report drift.
 */
public final class KamailioApplier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KamailioApplier.class);
    private static final Duration COALESCE = Duration.ofMillis(150);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    static final Map<ProviderKind, String> TABLES = Map.of(ProviderKind.CARRIER, "carriers", ProviderKind.DDI_PROVIDER, "ddi_providers");

    private final DesiredState state;
    private final SyncSettings settings;
    private final AtomicFileWriter writer;
    private final Clock clock;
    private final Counter reloadCounter;
    private final ConfigCheck configCheck;
    private final Set<ProviderKind> unconfirmed = EnumSet.allOf(ProviderKind.class);
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
        Gauge.builder("proxytrunks.kamailio.pending", () -> pending() ? 1 : 0).description("1 while changes wait to be applied")
                .register(meters);
        Gauge.builder("proxytrunks.kamailio.unbindable", () -> unbindable.size()).description("addresses this host cannot bind")
                .register(meters);
        Gauge.builder("proxytrunks.kamailio.drift", () -> missing().size() + unexpected().size())
                .description("sockets wanted but not live, or live but not wanted").register(meters);
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
            return dirty || !unconfirmed.isEmpty();
        }
    }

    public SyncStatus status(Map<String, Long> positions) {
        Map<String, Map<String, String>> providers = new LinkedHashMap<>();
        TABLES.forEach((kind, table) -> {
            Map<String, String> sockets = new java.util.TreeMap<>();
            state.providerSockets(kind).forEach((provider, ip) -> sockets.put(provider, KamailioFiles.socket("udp", ip, 5060)));
            providers.put(table, sockets);
        });
        return new SyncStatus(positions, pending(), lastReloadAt, lastResult, (long) reloadCounter.count(), restartRequired,
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
                lastResult = "failed: " + e.getMessage();
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
                signal.wait(5000);
                if (!dirty && unconfirmed.isEmpty()) {
                    dirty = true;
                }
            }
        }
        Thread.sleep(COALESCE.toMillis());
        synchronized (signal) {
            dirty = false;
        }
    }

    /** One round: files, reloads, restart, live sockets. */
    void applyOnce() throws IOException, XmlRpcFaultException, InterruptedException {
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
        if (!refused.equals(unbindable) && !refused.isEmpty()) {
            LOG.warn("Addresses this host cannot bind are left out of Kamailio's listeners: {}", refused);
        }
        unbindable = List.copyOf(refused);
        wanted = wantedSockets(bindable);

        String mainListeners = KamailioFiles.listenLines(bindable.stream().filter(Listener::main).toList(), settings.tls());
        String additionalListeners = KamailioFiles.listenLines(bindable.stream().filter(l -> !l.main()).toList(), settings.tls());
        Path mainFile = settings.configDirectory().resolve("main_address.cfg");
        Path additionalFile = settings.configDirectory().resolve("additional_addresses.cfg");
        boolean listenersChanged = false;
        if (!sameContent(mainFile, mainListeners) || !sameContent(additionalFile, additionalListeners)) {
            Optional<String> rejection = configCheck == null || state.main().isEmpty() ? Optional.empty()
                    : configCheck.refusal(mainListeners, additionalListeners, state.main().get().ip(), settings.rpcPort());
            if (rejection.isPresent()) {
                throw new IOException(rejection.get());
            }
            listenersChanged = writeIfChanged(mainFile, mainListeners) | writeIfChanged(additionalFile, additionalListeners);
        }
        for (Map.Entry<ProviderKind, String> table : TABLES.entrySet()) {
            if (writeIfChanged(settings.tablesDirectory().resolve(table.getValue()),
                    KamailioFiles.providerTable(state.providerSockets(table.getKey())))) {
                synchronized (signal) {
                    unconfirmed.add(table.getKey());
                }
            }
        }
        if (listenersChanged) {
            restart();
        }
        XmlRpcClient rpc = rpc();
        if (rpc == null) {
            throw new NotReadyException("the main address is not known yet, so Kamailio's XML-RPC cannot be reached");
        }
        if (listenersChanged && !restartRequired) {
            awaitKamailio(rpc);
        }
        for (ProviderKind kind : List.copyOf(unconfirmed)) {
            rpc.call("htable.reload", TABLES.get(kind));
            reloadCounter.increment();
            lastReloadAt = clock.instant();
            synchronized (signal) {
                unconfirmed.remove(kind);
            }
        }
        live = liveSockets(rpc.call("corex.list_sockets"));
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

    private XmlRpcClient rpc() {
        if (settings.rpcUrl() != null && !settings.rpcUrl().isBlank()) {
            return new XmlRpcClient(URI.create(settings.rpcUrl()), Duration.ofSeconds(2), Duration.ofSeconds(5));
        }
        return state.main().map(main -> new XmlRpcClient(
                        URI.create("http://" + main.ip().sipHost() + ":" + settings.rpcPort() + "/RPC2"),
                        Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .orElse(null);
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
    }
}
