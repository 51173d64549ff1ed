package org.proxytrunks.projector.query;

import org.proxytrunks.events.ProviderKind;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the query API answers. */
public final class Views {

    private Views() {
    }

    /** A page of results, newest or first by id. */
    public record Page<T>(List<T> items, int page, int size, long total) {

        /** Page {@code page} of {@code size} items of {@code all}, a list already in memory and in order. */
        public static <T> Page<T> of(List<T> all, int page, int size) {
            int from = (int) Math.min(all.size(), (long) page * size);
            int to = (int) Math.min(all.size(), (long) from + size);
            return new Page<>(List.copyOf(all.subList(from, to)), page, size, all.size());
        }
    }

    /** A provider that uses an address. */
    public record ProviderRef(String brandId, String kind, String providerId) {
    }

    /**
     * An address with the brands that may use it and the providers that do, and how many of each:
     * a dashboard shows the counts and asks for the names a page at a time
     * ({@code /api/addresses/{id}/brands}, {@code /providers}). The lists stay for the clients
     * that read them.
     */
    public record AddressView(String id, String name, String ip, String advertisedIp, boolean main, String state,
                              List<String> brands, List<ProviderRef> providers, Usage usage) {

        /** The view with the counts of exactly the brands and providers it holds, so a confined view counts what it shows. */
        public AddressView(String id, String name, String ip, String advertisedIp, boolean main, String state,
                           List<String> brands, List<ProviderRef> providers) {
            this(id, name, ip, advertisedIp, main, state, brands, providers, Usage.of(brands, providers));
        }
    }

    /** How many brands may use an address, and how many carriers and DDI providers use it. */
    public record Usage(int brands, int carriers, int ddiProviders) {

        static Usage of(List<String> brands, List<ProviderRef> providers) {
            return new Usage(brands.size(), count(providers, ProviderKind.CARRIER), count(providers, ProviderKind.DDI_PROVIDER));
        }

        private static int count(List<ProviderRef> providers, ProviderKind kind) {
            return (int) providers.stream().filter(p -> kind.name().equals(p.kind())).count();
        }
    }

    /** A brand, briefly: its state and how many addresses, carriers and DDI providers it has. */
    public record BrandSummary(String brandId, String state, int addresses, int carriers, int ddiProviders) {
    }

    /** An address, briefly. */
    public record AddressSummary(String id, String name, String ip, String advertisedIp, String state) {
    }

    /** A provider and the address it uses. */
    public record ProviderAddress(String providerId, String addressId) {
    }

    /** A brand: its addresses, carriers and DDI providers. */
    public record BrandView(String brandId, String state, List<AddressSummary> addresses, List<ProviderAddress> carriers,
                            List<ProviderAddress> ddiProviders) {
    }

    /**
     * What a carrier or DDI provider uses: the address and the Kamailio sockets traffic to it
     * leaves from.
     */
    public record ProviderView(String brandId, String kind, String providerId, AddressSummary address,
                               Map<String, String> sockets) {
    }

    /** Who caused an event. */
    public record Actor(String subject, String role, String brand) {
    }

    /** One event of the history. */
    public record AuditEntry(String id, Instant time, Actor actor, String aggregate, long sequence, String type,
                             String revision, String topic, Map<String, Object> payload) {
    }

    /**
     * A change to the read models, as the change stream tells it: the event that made it, once
     * its effect can be read.
     *
     * @param position  {@code <aggregate>:<sequence>}, as {@code X-Event-Position} and {@code waitFor} name it
     * @param aggregate the aggregate id
     * @param sequence  the event's sequence in it
     * @param type      the event type's simple name
     * @param brand     the brand of a brand's event, else null
     */
    public record Change(String position, String aggregate, long sequence, String type, String brand) {
    }
}
