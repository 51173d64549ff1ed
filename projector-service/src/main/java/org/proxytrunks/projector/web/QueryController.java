package org.proxytrunks.projector.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.proxytrunks.events.InvalidValueException;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.projector.query.PointInTimeQueries;
import org.proxytrunks.projector.query.ReadModelQueries;
import org.proxytrunks.projector.query.Views.AddressView;
import org.proxytrunks.projector.query.Views.AuditEntry;
import org.proxytrunks.projector.query.Views.BrandSummary;
import org.proxytrunks.projector.query.Views.BrandView;
import org.proxytrunks.projector.query.Views.Page;
import org.proxytrunks.projector.query.Views.ProviderRef;
import org.proxytrunks.projector.query.Views.ProviderView;
import org.proxytrunks.support.security.Actor;
import org.proxytrunks.support.security.Role;
import org.proxytrunks.support.web.RequestFields;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;


/**
 * The query API. God and platform services read everything; a brand admin reads only its own
 * brand, sees only the addresses assigned to it, and of those only its own brand and providers.
 * Every query but the audit log's takes {@code at=<ISO-8601 instant>} and then answers as things
 * were at that instant ({@link PointInTimeQueries}), confined the same way, by what was assigned
 * to the brand then.
 */
@RestController
@RequestMapping("/api")
@PreAuthorize("hasAnyRole('GOD', 'SERVICE', 'BRAND_ADMIN')")
@Tag(name = "queries", description = "Addresses, brands and providers as they are now or were at an instant (at=), and the audit log")
@SecurityRequirement(name = "bearer")
class QueryController {

    /** The most items one page holds: each address of a page costs a lookup of its providers. */
    static final int MAX_PAGE_SIZE = 200;
    /**
     * The most items a query may skip (page × size): MongoDB walks every skipped item, so deep
     * pages cost like reading them all. Older history is reached with the filters instead
     * (for the audit log, {@code to} before the oldest entry seen).
     */
    static final int MAX_SKIPPED = 10_000;
    private static final int MAX_FILTER_LENGTH = 100;
    /** The earliest instant MongoDB's dates hold; before it, as at it, nothing existed yet. */
    private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);

    private final ReadModelQueries queries;
    private final PointInTimeQueries history;

    QueryController(ReadModelQueries queries, PointInTimeQueries history) {
        this.queries = queries;
        this.history = history;
    }

    @GetMapping("/addresses")
    @Operation(summary = "Addresses with their brands and providers, by name; filters: name (contains), ipPrefix, brand")
    Page<AddressView> addresses(@RequestParam(name = "name", required = false) String name,
                                @RequestParam(name = "ipPrefix", required = false) String ipPrefix,
                                @RequestParam(name = "brand", required = false) String brand,
                                @RequestParam(name = "at", required = false) String at,
                                @RequestParam(name = "page", defaultValue = "0") int page,
                                @RequestParam(name = "size", defaultValue = "50") int size) {
        RequestFields fields = new RequestFields();
        checkPaging(fields, page, size);
        checkFilter(fields, "name", name);
        checkFilter(fields, "ipPrefix", ipPrefix);
        if (ipPrefix != null && !ipPrefix.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            fields.reject("ipPrefix", "may hold only hex digits, '.' and ':'");
        }
        checkFilter(fields, "brand", brand);
        Instant asOf = asOf(fields, at);
        fields.throwIfInvalid();
        Actor actor = actor();
        String scope = brandScope(actor, brand);
        String prefix = ipPrefix == null ? null : ipPrefix.toLowerCase();
        Page<AddressView> found = asOf == null ? queries.addresses(name, prefix, scope, page, size)
                : history.addresses(name, prefix, scope, page, size, asOf);
        return actor.role() == Role.BRAND_ADMIN
                ? new Page<>(found.items().stream().map(a -> Confinement.address(a, actor.brandId())).toList(), found.page(), found.size(), found.total())
                : found;
    }

    @GetMapping("/addresses/{id}")
    @Operation(summary = "One address with its brands and providers")
    AddressView address(@PathVariable("id") String id, @RequestParam(name = "at", required = false) String at) {
        Instant asOf = asOf(at);
        Actor actor = actor();
        AddressView address = (asOf == null ? queries.address(id) : history.address(id, asOf))
                .filter(a -> actor.role() != Role.BRAND_ADMIN || a.brands().contains(actor.brandId()))
                .orElseThrow(() -> new NotFoundException("There is no address '" + printable(id) + "'" + forBrand(actor) + "."));
        return actor.role() == Role.BRAND_ADMIN ? Confinement.address(address, actor.brandId()) : address;
    }

    @GetMapping("/addresses/{id}/providers")
    @Operation(summary = "The carriers and DDI providers that use an address, by brand and provider id; "
            + "filter: kind (CARRIER or DDI_PROVIDER; both when absent)")
    Page<ProviderRef> addressProviders(@PathVariable("id") String id,
                                       @RequestParam(name = "kind", required = false) String kind,
                                       @RequestParam(name = "at", required = false) String at,
                                       @RequestParam(name = "page", defaultValue = "0") int page,
                                       @RequestParam(name = "size", defaultValue = "50") int size) {
        RequestFields fields = new RequestFields();
        checkPaging(fields, page, size);
        ProviderKind providerKind = fields.optional("kind", kind, QueryController::providerKind);
        Instant asOf = asOf(fields, at);
        fields.throwIfInvalid();
        Actor actor = actor();
        visibleBrands(actor, id, asOf); // a 404 unless the caller may see the address
        String kindName = providerKind == null ? null : providerKind.name();
        String scope = brandScope(actor, null);
        return asOf == null ? queries.addressProviders(id, kindName, scope, page, size)
                : history.addressProviders(id, kindName, scope, page, size, asOf);
    }

    @GetMapping("/addresses/{id}/brands")
    @Operation(summary = "The ids of the brands that may use an address, in order")
    Page<String> addressBrands(@PathVariable("id") String id,
                               @RequestParam(name = "at", required = false) String at,
                               @RequestParam(name = "page", defaultValue = "0") int page,
                               @RequestParam(name = "size", defaultValue = "50") int size) {
        RequestFields fields = new RequestFields();
        checkPaging(fields, page, size);
        Instant asOf = asOf(fields, at);
        fields.throwIfInvalid();
        return Page.of(visibleBrands(actor(), id, asOf), page, size);
    }

    @GetMapping("/brands")
    @Operation(summary = "Brands by id, each with its state and how many addresses, carriers and DDI providers it has; "
            + "filter: id (contains); a brand admin gets only its own brand")
    Page<BrandSummary> brands(@RequestParam(name = "id", required = false) String id,
                              @RequestParam(name = "at", required = false) String at,
                              @RequestParam(name = "page", defaultValue = "0") int page,
                              @RequestParam(name = "size", defaultValue = "50") int size) {
        RequestFields fields = new RequestFields();
        checkPaging(fields, page, size);
        checkFilter(fields, "id", id);
        Instant asOf = asOf(fields, at);
        fields.throwIfInvalid();
        String scope = brandScope(actor(), null);
        return asOf == null ? queries.brands(id, scope, page, size) : history.brands(id, scope, page, size, asOf);
    }

    @GetMapping("/brands/{brandId}")
    @Operation(summary = "One brand: its addresses, carriers and DDI providers")
    BrandView brand(@PathVariable("brandId") String brandId, @RequestParam(name = "at", required = false) String at) {
        Instant asOf = asOf(at);
        requireBrand(brandId);
        return (asOf == null ? queries.brand(brandId) : history.brand(brandId, asOf)).orElseThrow(() -> new NotFoundException("There is no brand '" + printable(brandId) + "'."));
    }

    @GetMapping("/brands/{brandId}/carriers/{providerId}")
    @Operation(summary = "The address and sockets a carrier uses")
    ProviderView carrier(@PathVariable("brandId") String brandId, @PathVariable("providerId") String providerId,
                         @RequestParam(name = "at", required = false) String at) {
        return provider(brandId, ProviderKind.CARRIER, providerId, at);
    }

    @GetMapping("/brands/{brandId}/ddi-providers/{providerId}")
    @Operation(summary = "The address and sockets a DDI provider uses")
    ProviderView ddiProvider(@PathVariable("brandId") String brandId, @PathVariable("providerId") String providerId,
                             @RequestParam(name = "at", required = false) String at) {
        return provider(brandId, ProviderKind.DDI_PROVIDER, providerId, at);
    }

    @GetMapping("/audit")
    @Operation(summary = "Every event with time, actor, aggregate, type and payload, newest first; "
            + "filters: aggregate, actor, brand, type, from, to (ISO-8601 instants)")
    Page<AuditEntry> audit(@RequestParam(name = "aggregate", required = false) String aggregate,
                           @RequestParam(name = "actor", required = false) String actorSubject,
                           @RequestParam(name = "brand", required = false) String brand,
                           @RequestParam(name = "type", required = false) String type,
                           @RequestParam(name = "from", required = false) String from,
                           @RequestParam(name = "to", required = false) String to,
                           @RequestParam(name = "page", defaultValue = "0") int page,
                           @RequestParam(name = "size", defaultValue = "50") int size) {
        RequestFields fields = new RequestFields();
        checkPaging(fields, page, size);
        checkFilter(fields, "aggregate", aggregate);
        checkFilter(fields, "actor", actorSubject);
        checkFilter(fields, "brand", brand);
        checkFilter(fields, "type", type);
        Instant fromTime = instant(fields, "from", from);
        Instant toTime = instant(fields, "to", to);
        fields.throwIfInvalid();
        String scope = brandScope(actor(), brand);
        return queries.audit(aggregate, actorSubject, scope, type, fromTime, toTime, page, size);
    }

    private ProviderView provider(String brandId, ProviderKind kind, String providerId, String at) {
        Instant asOf = asOf(at);
        requireBrand(brandId);
        return (asOf == null ? queries.provider(brandId, kind.name(), providerId)
                : history.provider(brandId, kind.name(), providerId, asOf)).orElseThrow(() -> new NotFoundException(
                "Brand '" + printable(brandId) + "' has no " + kind.label() + " '" + printable(providerId) + "'."));
    }

    /**
     * The brands {@code actor} sees on an address: all of them, or a brand admin's own; a 404
     * when the address does not exist or, for a brand admin, is not assigned to its brand (as
     * {@code GET /api/addresses/{id}} answers), at {@code asOf} (null: now).
     */
    private List<String> visibleBrands(Actor actor, String id, Instant asOf) {
        return (asOf == null ? queries.addressBrands(id) : history.addressBrands(id, asOf))
                .filter(brands -> actor.role() != Role.BRAND_ADMIN || brands.contains(actor.brandId()))
                .map(brands -> actor.role() == Role.BRAND_ADMIN ? Confinement.brands(brands, actor.brandId()) : brands)
                .orElseThrow(() -> new NotFoundException("There is no address '" + printable(id) + "'" + forBrand(actor) + "."));
    }

    private static ProviderKind providerKind(String kind) {
        try {
            return ProviderKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("must be CARRIER or DDI_PROVIDER");
        }
    }

    private static Actor actor() {
        return Actor.current().orElseThrow(() -> new AccessDeniedException("no actor"));
    }

    /** The brand a query is confined to: a brand admin's own, whatever it asked for. */
    private static String brandScope(Actor actor, String requested) {
        if (actor.role() != Role.BRAND_ADMIN) {
            return requested;
        }
        if (requested != null && !requested.equals(actor.brandId())) {
            throw new AccessDeniedException("a brand admin reads only its own brand");
        }
        return actor.brandId();
    }

    private static void requireBrand(String brandId) {
        if (!actor().mayActFor(brandId)) {
            throw new AccessDeniedException("a brand admin reads only its own brand");
        }
    }

    private static String forBrand(Actor actor) {
        return actor.role() == Role.BRAND_ADMIN ? " assigned to brand " + actor.brandId() : "";
    }

    private static void checkPaging(RequestFields fields, int page, int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            fields.reject("size", "must be from 1 to " + MAX_PAGE_SIZE);
        }
        if (page < 0) {
            fields.reject("page", "must be 0 or more");
        } else if ((long) page * Math.max(size, 1) > MAX_SKIPPED) {
            fields.reject("page", "page × size must be at most " + MAX_SKIPPED
                    + "; narrow the query with its filters (for the audit log: from, to) to reach further");
        }
    }

    private static void checkFilter(RequestFields fields, String field, String value) {
        if (value != null && (value.isEmpty() || value.length() > MAX_FILTER_LENGTH
                || value.codePoints().anyMatch(Character::isISOControl))) {
            fields.reject(field, "must be 1 to " + MAX_FILTER_LENGTH + " printable characters");
        }
    }

    private static Instant instant(RequestFields fields, String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            fields.reject(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            return null;
        }
    }

    /** The instant of {@code at=} for a query that has no other parameter to check. */
    private static Instant asOf(String at) {
        RequestFields fields = new RequestFields();
        Instant asOf = asOf(fields, at);
        fields.throwIfInvalid();
        return asOf;
    }

    /**
     * The instant a query asks about ({@code at=}, an ISO-8601 instant), or null for now: when it
     * is absent or not in the past, the current read models answer, which the versions would only
     * repeat more slowly.
     */
    private static Instant asOf(RequestFields fields, String at) {
        Instant instant = instant(fields, "at", at);
        if (instant == null || !instant.isBefore(Instant.now())) {
            return null;
        }
        return instant.isBefore(EARLIEST) ? EARLIEST : instant;
    }

    private static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }

    /** Nothing matches the path. */
    static final class NotFoundException extends RuntimeException {
        NotFoundException(String message) {
            super(message);
        }
    }

}
