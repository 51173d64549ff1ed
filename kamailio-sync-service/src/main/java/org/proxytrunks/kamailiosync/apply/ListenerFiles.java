package org.proxytrunks.kamailiosync.apply;

import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.kamailiosync.render.AtomicFileWriter;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.state.DesiredState;
import org.proxytrunks.kamailiosync.state.DesiredState.Listener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Kamailio's two listener files ({@code main_address.cfg}, {@code additional_addresses.cfg}):
 * planned from the desired state with the addresses this host cannot bind left out (Kamailio
 * would not start with them), checked with {@code kamailio -c} and written only when their
 * content changes. Kamailio needs a restart only when the set of {@code listen=} lines changes;
 * a comment or the order of the lines is no reason to cut its calls.
 */
final class ListenerFiles {

    /**
     * The listeners as they should be written.
     *
     * @param bindable        the listeners written
     * @param refused         the addresses left out ("id ip"), which this host cannot bind
     * @param mainLines       the main address file
     * @param additionalLines the additional addresses file
     */
    record Plan(List<Listener> bindable, List<String> refused, String mainLines, String additionalLines) {

        /** The files {@code state} asks for: TLS lines too when {@code tls}, the addresses {@code canBind} refuses left out. */
        static Plan of(DesiredState state, boolean tls, Predicate<IpLiteral> canBind) {
            List<Listener> bindable = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            List<Listener> listeners = new ArrayList<>();
            state.main().ifPresent(listeners::add);
            listeners.addAll(state.additional());
            for (Listener listener : listeners) {
                if (canBind.test(listener.ip())) {
                    bindable.add(listener);
                } else {
                    refused.add(listener.id().value() + " " + listener.ip().value());
                }
            }
            return new Plan(bindable, refused,
                    KamailioFiles.listenLines(bindable.stream().filter(Listener::main).toList(), tls),
                    KamailioFiles.listenLines(bindable.stream().filter(l -> !l.main()).toList(), tls));
        }

        /** The set of {@code listen=} lines of both files: when it changes, Kamailio must restart. */
        Set<String> listenLines() {
            return ListenerFiles.listenLines(mainLines, additionalLines);
        }
    }

    private final DesiredState state;
    private final SyncSettings settings;
    private final AtomicFileWriter writer;
    private final Predicate<IpLiteral> canBind;
    private final ConfigCheck check;

    /** @param check {@code kamailio -c} on the shipped template, or null where it cannot run */
    ListenerFiles(DesiredState state, SyncSettings settings, AtomicFileWriter writer, Predicate<IpLiteral> canBind, ConfigCheck check) {
        this.state = state;
        this.settings = settings;
        this.writer = writer;
        this.canBind = canBind;
        this.check = check;
    }

    Plan plan() {
        return Plan.of(state, settings.tls(), canBind);
    }

    /** Whether the files differ from {@code plan}. */
    boolean differ(Plan plan) throws IOException {
        return !plan.mainLines().equals(read(mainFile())) || !plan.additionalLines().equals(read(additionalFile()));
    }

    /**
     * Writes the files that differ from {@code plan}, once {@code kamailio -c} accepts them;
     * answers whether the set of listen lines changed, so that Kamailio must restart.
     */
    boolean write(Plan plan) throws IOException, InterruptedException {
        String main = read(mainFile());
        String additional = read(additionalFile());
        if (plan.mainLines().equals(main) && plan.additionalLines().equals(additional)) {
            return false;
        }
        Optional<String> refusal = check == null || state.main().isEmpty() ? Optional.empty()
                : check.refusal(plan.mainLines(), plan.additionalLines(), state.main().get().ip(), settings.rpcPort());
        if (refusal.isPresent()) {
            throw new IOException(refusal.get());
        }
        if (!plan.mainLines().equals(main)) {
            writer.write(mainFile(), plan.mainLines());
        }
        if (!plan.additionalLines().equals(additional)) {
            writer.write(additionalFile(), plan.additionalLines());
        }
        return !listenLines(main, additional).equals(plan.listenLines());
    }

    /** The sockets Kamailio should listen on for {@code listeners}: UDP and TCP on 5060, TLS on 5061 when enabled. */
    List<String> wantedSockets(List<Listener> listeners) {
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

    /** The {@code listen=} lines of files' contents, whatever their order and comments. */
    static Set<String> listenLines(String... contents) {
        return Stream.of(contents).flatMap(String::lines).map(String::strip).filter(line -> line.startsWith("listen="))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private Path mainFile() {
        return settings.configDirectory().resolve("main_address.cfg");
    }

    private Path additionalFile() {
        return settings.configDirectory().resolve("additional_addresses.cfg");
    }
}
