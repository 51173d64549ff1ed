package org.proxytrunks.kamailiosync.apply;

import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.state.DesiredState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What events would change in Kamailio, for the command services' dry runs: the events are
 * applied to a copy of the desired state (the live one is never touched), and the copy before and
 * after is planned and rendered as the applier does it ({@link ListenerFiles.Plan},
 * {@link KamailioFiles}), so that how Kamailio's files and tables are made stays in one place.
 *
 * <p>The comparison is between the desired state before and after the events, not with what
 * Kamailio holds at the moment: the preview is of the events, whatever the applier has still to
 * catch up on.
 */
public final class KamailioPreview {

    private final DesiredState live;
    private final boolean tls;
    private final Predicate<IpLiteral> canBind;

    /** Previews against {@code live}, with the listener planning of {@code settings} and this host's bindable addresses. */
    public KamailioPreview(DesiredState live, SyncSettings settings) {
        this(live, settings.tls(), KamailioApplier::canBind);
    }

    KamailioPreview(DesiredState live, boolean tls, Predicate<IpLiteral> canBind) {
        this.live = live;
        this.tls = tls;
        this.canBind = canBind;
    }

    /** What {@code events}, applied in order, would change; events that change nothing in Kamailio change nothing here either. */
    public PreviewEffect of(List<?> events) {
        DesiredState before = live.copy();
        DesiredState after = before.copy();
        events.forEach(after::apply);
        Predicate<IpLiteral> bindable = testedOnce(canBind);
        ListenerFiles.Plan now = ListenerFiles.Plan.of(before, tls, bindable);
        ListenerFiles.Plan then = ListenerFiles.Plan.of(after, tls, bindable);
        Set<String> linesNow = now.listenLines();
        Set<String> linesThen = then.listenLines();
        return new PreviewEffect(new PreviewEffect.Listen(gained(linesNow, linesThen), gained(linesThen, linesNow)),
                !linesNow.equals(linesThen), List.copyOf(then.refused()), keyChanges(before, after));
    }

    private static List<PreviewEffect.KeyChange> keyChanges(DesiredState before, DesiredState after) {
        List<PreviewEffect.KeyChange> changes = new ArrayList<>();
        TableFiles.TABLES.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(table -> {
            ProviderKind kind = table.getKey();
            Map<String, String> from = KamailioFiles.tableValues(before.providerSockets(kind));
            Map<String, String> to = KamailioFiles.tableValues(after.providerSockets(kind));
            Set<String> keys = new TreeSet<>(from.keySet());
            keys.addAll(to.keySet());
            for (String key : keys) {
                if (!Objects.equals(from.get(key), to.get(key))) {
                    changes.add(new PreviewEffect.KeyChange(table.getValue(), key, from.get(key), to.get(key)));
                }
            }
        });
        return changes;
    }

    /** The lines {@code to} has and {@code from} has not, sorted. */
    private static List<String> gained(Set<String> from, Set<String> to) {
        return to.stream().filter(line -> !from.contains(line)).sorted().toList();
    }

    /** Binding a socket to test an address costs a system call or two: both plans of one preview ask about each address once. */
    private static Predicate<IpLiteral> testedOnce(Predicate<IpLiteral> canBind) {
        Map<IpLiteral, Boolean> known = new HashMap<>();
        return ip -> known.computeIfAbsent(ip, canBind::test);
    }
}
