package org.proxytrunks.projector.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the query API answers. */
public final class Views {

    private Views() {
    }

    /** A page of results, newest or first by id. */
    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    /** A provider that uses an address. */
    public record ProviderRef(String brandId, String kind, String providerId) {
    }

    /** An address with the brands that may use it and the providers that do. */
    public record AddressView(String id, String name, String ip, String advertisedIp, boolean main, String state,
                              List<String> brands, List<ProviderRef> providers) {
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
}
