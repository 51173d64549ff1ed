package org.proxytrunks.kamailiosync.apply;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.InvalidValueException;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressAdvertisedIpChangedEvent;
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.ProviderRetiredEvent;
import org.proxytrunks.kamailiosync.render.AtomicFileWriter;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.state.DesiredState;
import org.proxytrunks.kamailiosync.state.DesiredState.Listener;
import org.proxytrunks.testing.DbTextTable;
import org.proxytrunks.testing.HostileInputs;
import org.proxytrunks.testing.ShippedKamailioCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whatever the API accepts renders to files Kamailio accepts. Addresses and providers typed by
 * anyone (names in any script or full of separators, IPv4 and IPv6 written any way, almost-IPs,
 * hostile provider ids) go through the value types that guard the API; what they accept becomes
 * events, folded into the sync service's desired state and written by its own listener and table
 * writers. The shipped configuration then passes {@code kamailio -c} listening on exactly the
 * wanted sockets, the listener files hold nothing but listen lines and comments, and the tables
 * read back the way db_text reads them, one row per provider. Skipped where Kamailio is not
 * installed ({@code ./test.sh} installs it).
 */
class RenderedKamailioFilesIT {

    private static final String BINARY = ShippedKamailioCheck.binary();
    private static final int RPC_PORT = 8000;
    private static final BrandId BRAND = new BrandId("fuzz");

    /** Skips what needs the binary where it does not run. */
    static final class KamailioInstalled implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return BINARY == null ? SkipResult.skip("kamailio is not installed (./test.sh installs it)") : SkipResult.doNotSkip();
        }
    }

    /** An address as typed into the API. */
    record TypedAddress(String name, String ip, String advertisedIp) {
    }

    /** A provider as typed: its kind, its id, and the address it uses (an index into the accepted addresses). */
    record TypedProvider(ProviderKind kind, String id, int address) {
    }

    /** A later change of an address (an index into the accepted addresses): a new IP or advertised IP, or its removal. */
    record TypedChange(int address, String ip, String advertisedIp, boolean remove) {
    }

    /** What was typed, in order: the main address's IP, the additional addresses, the providers, the changes, the retirements. */
    record Typed(String mainIp, List<TypedAddress> addresses, List<TypedProvider> providers, List<TypedChange> changes,
                 List<Integer> retirements) {
    }

    @Provide
    Arbitrary<Typed> typed() {
        Arbitrary<String> ips = Arbitraries.frequencyOf(Tuple.of(8, HostileInputs.anyIps()), Tuple.of(1, HostileInputs.almostIps()),
                Tuple.of(1, HostileInputs.strings()));
        Arbitrary<String> advertised = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(null)), Tuple.of(3, HostileInputs.anyIps()),
                Tuple.of(1, HostileInputs.almostIps()));
        Arbitrary<String> names = Arbitraries.frequencyOf(Tuple.of(3, HostileInputs.printableNames()), Tuple.of(1, HostileInputs.strings()));
        Arbitrary<TypedAddress> address = Combinators.combine(names, ips, advertised).as(TypedAddress::new);
        Arbitrary<String> providerIds = Arbitraries.frequencyOf(Tuple.of(2, HostileInputs.wellFormedIds()), Tuple.of(1, HostileInputs.strings()));
        Arbitrary<TypedProvider> provider = Combinators.combine(Arbitraries.of(ProviderKind.values()), providerIds,
                Arbitraries.integers().between(0, 20)).as(TypedProvider::new);
        Arbitrary<TypedChange> change = Combinators.combine(Arbitraries.integers().between(0, 20),
                Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(null)), Tuple.of(2, ips)), advertised,
                Arbitraries.of(true, false, false, false, false, false)).as(TypedChange::new);
        return Combinators.combine(HostileInputs.anyIps(), address.list().ofMinSize(3).ofMaxSize(12), provider.list().ofMaxSize(20),
                change.list().ofMaxSize(6), Arbitraries.integers().between(0, 20).list().ofMaxSize(4)).as(Typed::new);
    }

    /**
     * Everything typed that the API would accept, as the events it would publish: value types
     * parse, names are not reserved, IPs are unicast and held by one address at a time, a
     * provider uses an address that exists, an address in use is not removed.
     */
    static List<Object> accepted(Typed typed) {
        List<Object> events = new ArrayList<>();
        Map<AddressId, IpLiteral> ips = new TreeMap<>(Comparator.comparing(AddressId::value));
        IpLiteral mainIp = hostAddress(typed.mainIp()).orElse(IpLiteral.parse("127.0.0.1"));
        events.add(new AddressAddedEvent(AddressId.MAIN, AddressName.MAIN, mainIp, null, true));
        ips.put(AddressId.MAIN, mainIp);
        List<AddressId> added = new ArrayList<>(List.of(AddressId.MAIN));
        for (TypedAddress address : typed.addresses()) {
            Optional<AddressName> name = parsed(() -> new AddressName(address.name())).filter(n -> !n.isReserved());
            Optional<IpLiteral> ip = hostAddress(address.ip()).filter(i -> !ips.containsValue(i));
            Optional<IpLiteral> advertised = address.advertisedIp() == null ? Optional.empty() : hostAddress(address.advertisedIp());
            if (name.isPresent() && ip.isPresent() && (address.advertisedIp() == null || advertised.isPresent())) {
                AddressId id = new AddressId("a" + added.size());
                events.add(new AddressAddedEvent(id, name.get(), ip.get(), advertised.orElse(null), false));
                ips.put(id, ip.get());
                added.add(id);
            }
        }
        Map<String, AddressId> used = new HashMap<>();
        List<ProviderAddressSetEvent> set = new ArrayList<>();
        for (TypedProvider provider : typed.providers()) {
            Optional<ProviderId> id = parsed(() -> new ProviderId(provider.id()));
            if (id.isPresent()) {
                AddressId address = added.get(provider.address() % added.size());
                ProviderAddressSetEvent event = new ProviderAddressSetEvent(BRAND, provider.kind(), id.get(), address,
                        used.get(provider.kind() + id.get().value()));
                events.add(event);
                set.add(event);
                used.put(provider.kind() + id.get().value(), address);
            }
        }
        for (TypedChange change : typed.changes()) {
            AddressId address = added.get(change.address() % added.size());
            if (!ips.containsKey(address)) {
                continue;
            }
            if (change.remove()) {
                if (!address.isMain() && !used.containsValue(address)) {
                    events.add(new AddressRemovedEvent(address, ips.remove(address)));
                }
                continue;
            }
            Optional<IpLiteral> ip = change.ip() == null ? Optional.empty() : hostAddress(change.ip()).filter(i -> !ips.containsValue(i));
            if (ip.isPresent()) {
                events.add(new AddressIpChangedEvent(address, ip.get(), ips.put(address, ip.get())));
            }
            Optional<IpLiteral> advertised = change.advertisedIp() == null ? Optional.empty() : hostAddress(change.advertisedIp());
            if (change.advertisedIp() == null || advertised.isPresent()) {
                events.add(new AddressAdvertisedIpChangedEvent(address, advertised.orElse(null)));
            }
        }
        for (int retirement : typed.retirements()) {
            if (!set.isEmpty()) {
                ProviderAddressSetEvent provider = set.get(retirement % set.size());
                AddressId address = used.remove(provider.kind() + provider.providerId().value());
                if (address != null) {
                    events.add(new ProviderRetiredEvent(BRAND, provider.kind(), provider.providerId(), address));
                }
            }
        }
        return events;
    }

    private static Optional<IpLiteral> hostAddress(String typed) {
        return parsed(() -> IpLiteral.parse(typed)).filter(ip -> ip.unicastProblem().isEmpty());
    }

    private static <T> Optional<T> parsed(Supplier<T> parse) {
        try {
            return Optional.of(parse.get());
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }

    @Property(tries = 40)
    @AddLifecycleHook(KamailioInstalled.class)
    void whatTheApiAcceptsRendersToFilesKamailioAccepts(@ForAll("typed") Typed typed) throws Exception {
        DesiredState state = new DesiredState();
        accepted(typed).forEach(state::apply);
        int providers = state.providerSockets(ProviderKind.CARRIER).size() + state.providerSockets(ProviderKind.DDI_PROVIDER).size();
        Statistics.label("additional listeners").collect(Math.min(state.additional().size(), 3));
        Statistics.label("IPv6 main address").collect(state.main().orElseThrow().ip().isIpv6());
        Statistics.label("providers").collect(Math.min(providers, 3));
        Statistics.label("additional listeners").coverage(coverage -> coverage.check(3).percentage(p -> p >= 25));
        Statistics.label("IPv6 main address").coverage(coverage -> coverage.check(true).percentage(p -> p >= 20));
        Statistics.label("providers").coverage(coverage -> coverage.check(3).percentage(p -> p >= 10));
        Path directory = Files.createTempDirectory("rendered-kamailio");
        try {
            Path tables = directory.resolve("proxytrunks/tables");
            SyncSettings settings = new SyncSettings(directory.resolve("proxytrunks"), tables, RPC_PORT, null, "", false,
                    ShippedKamailioCheck.template(), BINARY, Duration.ofSeconds(10));
            AtomicFileWriter writer = new AtomicFileWriter(Clock.systemUTC());
            TableFiles tableFiles = new TableFiles(state, tables, writer, Clock.systemUTC());
            tableFiles.write(true);
            ListenerFiles listeners = new ListenerFiles(state, settings, writer, ip -> true,
                    new ConfigCheck(settings.configTemplate(), BINARY, tables));
            ListenerFiles.Plan plan = listeners.plan();
            listeners.write(plan);

            String main = Files.readString(settings.configDirectory().resolve("main_address.cfg"));
            String additional = Files.readString(settings.configDirectory().resolve("additional_addresses.cfg"));
            assertThat(Stream.concat(main.lines(), additional.lines()))
                    .as("nothing but listen lines and comments of address ids").allMatch(line -> line.matches(
                            "listen=(udp|tcp):(\\d+\\.\\d+\\.\\d+\\.\\d+|\\[[0-9a-f:.]+]):5060( advertise (\\d+\\.\\d+\\.\\d+\\.\\d+|\\[[0-9a-f:.]+]):5060)?"
                                    + "|# address [a-z0-9-]+|# Generated by kamailio-sync-service from the address events; do not edit\\."));
            String carriers = Files.readString(tables.resolve("carriers"));
            String ddiProviders = Files.readString(tables.resolve("ddi_providers"));
            IpLiteral mainIp = state.main().orElseThrow().ip();
            ShippedKamailioCheck.Result check = ShippedKamailioCheck.check(BINARY, directory.resolve("check"), mainIp.value(), RPC_PORT,
                    main, additional, carriers, ddiProviders);
            assertThat(check.accepted()).as(check.output()).isTrue();
            assertThat(plan.bindable()).as("every listener is written").hasSize(state.additional().size() + 1);
            assertThat(listening(check)).as(check.output()).isEqualTo(wanted(plan.bindable(), mainIp));

            assertTable(carriers, state.providerSockets(ProviderKind.CARRIER));
            assertTable(ddiProviders, state.providerSockets(ProviderKind.DDI_PROVIDER));
        } finally {
            delete(directory);
        }
    }

    /**
     * Found by the property above: with an IPv6 main address the template's XML-RPC listener
     * read {@code listen=tcp:::1:8000}, which Kamailio refuses (so the sync service's check
     * refused every listener set), or, for {@code 2001:db8::1}, took the address
     * {@code 2001:db8::1:8000} on port 5060.
     */
    @Example
    @AddLifecycleHook(KamailioInstalled.class)
    void anIpv6MainAddressServesXmlRpcOnItselfAndPassesTheCheck() throws Exception {
        Path tables = Files.createTempDirectory("ipv6-main");
        try {
            Files.writeString(tables.resolve("carriers"), KamailioFiles.providerTable(Map.of()));
            Files.writeString(tables.resolve("ddi_providers"), KamailioFiles.providerTable(Map.of()));
            ConfigCheck check = new ConfigCheck(ShippedKamailioCheck.template(), BINARY, tables);
            for (String ip : List.of("::1", "2001:db8::1", "fe80::1:2")) {
                IpLiteral main = IpLiteral.parse(ip);
                String listeners = KamailioFiles.listenLines(List.of(new Listener(AddressId.MAIN, main, null, true)), false);
                assertThat(check.refusal(listeners, "", main, RPC_PORT)).as(ip).isEmpty();
                ShippedKamailioCheck.Result result = ShippedKamailioCheck.check(BINARY, tables.resolve(ip.replace(':', '_')), ip,
                        RPC_PORT, listeners, "", KamailioFiles.providerTable(Map.of()), KamailioFiles.providerTable(Map.of()));
                assertThat(listening(result)).as(result.output())
                        .contains("tcp:[" + ip + "]:" + RPC_PORT + " name rpc", "udp:[" + ip + "]:5060");
            }
        } finally {
            delete(tables);
        }
    }

    /** The sockets Kamailio listed, as the sync service names them, with what they advertise and their name. */
    private static Set<String> listening(ShippedKamailioCheck.Result check) {
        Set<String> sockets = new TreeSet<>();
        for (ShippedKamailioCheck.Socket socket : check.sockets()) {
            sockets.add(KamailioFiles.socket(socket.protocol(), IpLiteral.parse(socket.ip()), socket.port())
                    + (socket.advertise() == null ? "" : " advertise " + canonical(socket.advertise()))
                    + (socket.name() == null ? "" : " name " + socket.name()));
        }
        return sockets;
    }

    /**
     * An advertised {@code host:port} as Kamailio lists it, its host in canonical form: Kamailio
     * prints an IPv6 address of {@code ::/96} with an IPv4 tail ({@code ::1:0} as {@code ::0.1.0.0}).
     */
    private static String canonical(String advertise) {
        int colon = advertise.lastIndexOf(':');
        String host = advertise.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return IpLiteral.parse(host).value() + advertise.substring(colon);
    }

    private static Set<String> wanted(List<Listener> listeners, IpLiteral mainIp) {
        Set<String> sockets = new TreeSet<>();
        for (Listener listener : listeners) {
            for (String protocol : List.of("udp", "tcp")) {
                sockets.add(KamailioFiles.socket(protocol, listener.ip(), 5060)
                        + (listener.advertisedIp() == null ? "" : " advertise " + listener.advertisedIp().value() + ":5060"));
            }
        }
        sockets.add(KamailioFiles.socket("tcp", mainIp, RPC_PORT) + " name rpc");
        return sockets;
    }

    private static void assertTable(String file, Map<String, IpLiteral> sockets) {
        DbTextTable table = DbTextTable.parse(file);
        assertThat(table.columns()).containsExactly("id", "key_name", "key_type", "value_type", "key_value", "expires");
        assertThat(table.column("key_name")).as(file).containsExactlyElementsOf(sockets.keySet());
        assertThat(table.column("key_value")).as(file).containsExactlyElementsOf(
                sockets.values().stream().map(ip -> KamailioFiles.socket("udp", ip, 5060)).toList());
        assertThat(Stream.of("key_type", "value_type", "expires").flatMap(column -> table.column(column).stream())).allMatch("0"::equals);
        assertThat(new HashSet<>(table.column("id"))).hasSize(sockets.size());
    }

    /**
     * A provider id the API accepts reaches a table as the key of one row, and the table writer
     * refuses by itself any id that could break a row (anything but letters, digits, '-' and '_'):
     * no separator, line break or escape of db_text gets through.
     */
    @Property(tries = 2000)
    void aProviderIdReachesATableOnlyAsTheKeyOfOneRow(@ForAll("providerIds") String id) {
        Map<String, IpLiteral> sockets = Map.of(id, IpLiteral.parse("2001:db8::5"));
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            assertThat(parsed(() -> new ProviderId(id))).as("refused by the API").isEmpty();
            assertThatThrownBy(() -> KamailioFiles.providerTable(sockets)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("\n");
            return;
        }
        DbTextTable table = DbTextTable.parse(KamailioFiles.providerTable(sockets));
        assertThat(table.rows()).hasSize(1);
        assertThat(table.column("key_name")).containsExactly(id);
        assertThat(table.column("key_value")).containsExactly("udp:[2001:db8::5]:5060");
    }

    @Provide
    Arbitrary<String> providerIds() {
        return Arbitraries.oneOf(HostileInputs.wellFormedIds(), HostileInputs.strings(),
                HostileInputs.wellFormedIds().map(id -> id + ":0:0:udp\\:6.6.6.6\\:5060:0\n9:x"));
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
