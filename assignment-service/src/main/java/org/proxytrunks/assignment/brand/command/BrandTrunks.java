package org.proxytrunks.assignment.brand.command;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.proxytrunks.assignment.brand.command.BrandCommands.AssignAddressToBrandCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.ConfirmAddressRetirementCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.DefineBrandAddressesCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.DropRemovedAddressCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.MoveProvidersToFallbackCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.RetireBrandCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.RetireProviderCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.SetProviderAddressCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.UnassignAddressFromBrandCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.WithdrawAddressRetirementCommand;
import org.proxytrunks.assignment.brand.command.BrandRefusals.AddressNotInBrandException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.AddressRetiringException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.AssignmentRuleException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.UnknownBrandException;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.assignment.BrandAddressAssignedEvent;
import org.proxytrunks.events.assignment.BrandAddressRetirementAcceptedEvent;
import org.proxytrunks.events.assignment.BrandAddressRetirementWithdrawnEvent;
import org.proxytrunks.events.assignment.BrandAddressUnassignedEvent;
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.events.assignment.BrandRetiredEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.ProviderRetiredEvent;
import org.proxytrunks.events.assignment.UnassignmentReason;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One brand's assignments: the addresses God gave it and the address of each of its carriers
 * and DDI providers. The brand-local rules hold together here, under one lock: a brand keeps
 * at least one address it can use (B2); an address leaves the brand only when no provider uses
 * it (B3); a provider's address is one of the brand's (P1), and the brand's only address is the
 * default.
 *
 * <p>During the removal handshake of an address the brand is asked whether it may go; if so it
 * holds the address as <em>retiring</em>: it no longer counts towards B2 and is assigned to no
 * provider (nor to the brand itself) until the handshake ends. A removal may name a fallback:
 * then a brand whose providers use the address confirms only when the fallback is one of its
 * usable addresses, and keeps that fallback (it cannot be taken from the brand nor confirmed for
 * removal) until the handshake ends, so that once every brand has confirmed, each can move its
 * providers there; nothing is moved when any brand refuses. The aggregate can come to exist
 * through that question alone, before the brand is registered, so that a registration racing
 * the handshake is refused.
 *
 * <p>A provider id is global per kind (it is the key of Kamailio's table), so one brand's
 * aggregate cannot keep rule P4 alone: a brand {@linkplain ProviderClaims claims} a provider
 * before it takes it, and a brand that does not hold a provider may not retire it while another
 * brand does.
 */
@Aggregate(cache = "aggregateCache")
class BrandTrunks {

    private static final Comparator<AddressId> BY_ID = Comparator.comparing(AddressId::value);

    @AggregateIdentifier
    private String id;
    private BrandId brandId;
    private boolean registered;
    private boolean retired;
    private final Set<AddressId> addresses = new TreeSet<>(BY_ID);
    private final Set<AddressId> retiring = new TreeSet<>(BY_ID);
    /** Retiring address to the fallback its providers are to move to, kept while the handshake runs. */
    private final Map<AddressId, AddressId> fallbacks = new LinkedHashMap<>();
    private final Map<Provider, AddressId> providers = new LinkedHashMap<>();

    BrandTrunks() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    List<AddressId> handle(DefineBrandAddressesCommand command) {
        if (retired) {
            throw new UnknownBrandException(command.brandId(), true);
        }
        if (registered && command.registrationOnly()) {
            throw new BrandRefusals.AlreadyRegisteredException(brandId);
        }
        Set<AddressId> wanted = new TreeSet<>(BY_ID);
        wanted.addAll(command.addressIds());
        if (wanted.isEmpty()) {
            throw new AssignmentRuleException("a brand needs at least one address");
        }
        List<AddressId> blocked = wanted.stream().filter(a -> retiring.contains(a) && !addresses.contains(a)).toList();
        if (!blocked.isEmpty()) {
            throw new AddressRetiringException(blocked.get(0));
        }
        if (!registered) {
            apply(new BrandRegisteredEvent(command.brandId(), List.copyOf(wanted)));
            return List.copyOf(addresses);
        }
        List<AddressId> leaving = addresses.stream().filter(a -> !wanted.contains(a)).toList();
        List<String> reasons = new ArrayList<>();
        leaving.forEach(a -> reasons.addAll(usersOf(a)));
        leaving.forEach(a -> reasons.addAll(fallbackFor(a)));
        if (wanted.stream().allMatch(retiring::contains)) {
            reasons.add("brand " + brandId + " would keep no address it can use: the addresses " + wanted + " are being removed");
        }
        if (!reasons.isEmpty()) {
            throw new AssignmentRuleException(reasons);
        }
        wanted.stream().filter(a -> !addresses.contains(a)).forEach(a -> apply(new BrandAddressAssignedEvent(brandId, a)));
        leaving.forEach(a -> apply(new BrandAddressUnassignedEvent(brandId, a, UnassignmentReason.UNASSIGNED)));
        return List.copyOf(addresses);
    }

    @CommandHandler
    List<AddressId> handle(AssignAddressToBrandCommand command) {
        requireRegistered(command.brandId());
        if (!addresses.contains(command.addressId())) {
            if (retiring.contains(command.addressId())) {
                throw new AddressRetiringException(command.addressId());
            }
            apply(new BrandAddressAssignedEvent(brandId, command.addressId()));
        }
        return List.copyOf(addresses);
    }

    @CommandHandler
    List<AddressId> handle(UnassignAddressFromBrandCommand command) {
        requireRegistered(command.brandId());
        AddressId address = command.addressId();
        if (!addresses.contains(address)) {
            return List.copyOf(addresses);
        }
        List<String> reasons = new ArrayList<>(usersOf(address));
        reasons.addAll(fallbackFor(address));
        if (usable().stream().allMatch(address::equals)) {
            reasons.add("it is the last address of brand " + brandId + " that is not being removed; a brand keeps at least one");
        }
        if (!reasons.isEmpty()) {
            throw new AssignmentRuleException(reasons);
        }
        apply(new BrandAddressUnassignedEvent(brandId, address, UnassignmentReason.UNASSIGNED));
        return List.copyOf(addresses);
    }

    @CommandHandler
    AddressId handle(SetProviderAddressCommand command, ProviderClaims claims) {
        requireRegistered(command.brandId());
        Provider provider = new Provider(command.kind(), command.providerId());
        AddressId current = providers.get(provider);
        AddressId address = command.addressId() != null ? command.addressId() : current != null ? current : onlyUsableAddress();
        if (!addresses.contains(address)) {
            throw new AddressNotInBrandException(brandId, address);
        }
        if (retiring.contains(address)) {
            throw new AddressRetiringException(address);
        }
        claims.claim(provider, brandId, current != null);
        if (!address.equals(current)) {
            apply(new ProviderAddressSetEvent(brandId, command.kind(), command.providerId(), address, current));
        }
        return address;
    }

    @CommandHandler
    void handle(RetireProviderCommand command, ProviderClaims claims) {
        Provider provider = new Provider(command.kind(), command.providerId());
        claims.refuseIfAnotherHolds(provider, command.brandId());
        AddressId address = providers.get(provider);
        if (address != null) {
            apply(new ProviderRetiredEvent(brandId, provider.kind(), provider.id(), address));
            claims.releaseAfterCommit(provider, brandId);
        }
    }

    @CommandHandler
    List<AddressId> handle(RetireBrandCommand command, ProviderClaims claims) {
        if (!registered || retired) {
            return List.of();
        }
        List<AddressId> held = List.copyOf(addresses);
        List.copyOf(providers.entrySet()).forEach(e -> {
            apply(new ProviderRetiredEvent(brandId, e.getKey().kind(), e.getKey().id(), e.getValue()));
            claims.releaseAfterCommit(e.getKey(), brandId);
        });
        held.forEach(a -> apply(new BrandAddressUnassignedEvent(brandId, a, UnassignmentReason.BRAND_RETIRED)));
        apply(new BrandRetiredEvent(brandId));
        return held;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    List<String> handle(ConfirmAddressRetirementCommand command) {
        AddressId address = command.addressId();
        if (retiring.contains(address) || retired) {
            return List.of();
        }
        BrandId brand = brandId == null ? command.brandId() : brandId;
        List<String> users = usersOf(address);
        AddressId fallback = users.isEmpty() ? null : command.fallback();
        List<String> reasons = new ArrayList<>(fallbackFor(address));
        if (fallback == null) {
            reasons.addAll(users);
        } else if (fallback.equals(address) || !usable().contains(fallback)) {
            reasons.add("brand " + brand + " cannot move its providers to the fallback address " + fallback
                    + " (not one of its addresses, or being removed): " + String.join(", ", users));
        }
        if (addresses.contains(address) && usable().stream().allMatch(address::equals)) {
            reasons.add("it is the last address of brand " + brand);
        }
        if (reasons.isEmpty()) {
            apply(new BrandAddressRetirementAcceptedEvent(brand, address, fallback));
        }
        return reasons;
    }

    @CommandHandler
    void handle(MoveProvidersToFallbackCommand command) {
        AddressId address = command.addressId();
        AddressId fallback = fallbacks.get(address);
        if (fallback == null) {
            return;
        }
        List.copyOf(providers.entrySet()).stream().filter(e -> e.getValue().equals(address)).forEach(e ->
                apply(new ProviderAddressSetEvent(brandId, e.getKey().kind(), e.getKey().id(), fallback, address)));
    }

    @CommandHandler
    void handle(WithdrawAddressRetirementCommand command) {
        if (retiring.contains(command.addressId())) {
            apply(new BrandAddressRetirementWithdrawnEvent(brandId, command.addressId()));
        }
    }

    @CommandHandler
    void handle(DropRemovedAddressCommand command) {
        if (addresses.contains(command.addressId())) {
            apply(new BrandAddressUnassignedEvent(brandId, command.addressId(), UnassignmentReason.ADDRESS_REMOVED));
        } else if (retiring.contains(command.addressId())) {
            apply(new BrandAddressRetirementWithdrawnEvent(brandId, command.addressId()));
        }
    }

    @EventSourcingHandler
    void on(BrandRegisteredEvent event) {
        id = BrandCommands.aggregateId(event.brandId());
        brandId = event.brandId();
        registered = true;
        addresses.addAll(event.addressIds());
    }

    @EventSourcingHandler
    void on(BrandAddressAssignedEvent event) {
        addresses.add(event.addressId());
    }

    @EventSourcingHandler
    void on(BrandAddressUnassignedEvent event) {
        addresses.remove(event.addressId());
        retiring.remove(event.addressId());
        fallbacks.remove(event.addressId());
    }

    @EventSourcingHandler
    void on(ProviderAddressSetEvent event) {
        providers.put(new Provider(event.kind(), event.providerId()), event.addressId());
    }

    @EventSourcingHandler
    void on(ProviderRetiredEvent event) {
        providers.remove(new Provider(event.kind(), event.providerId()));
    }

    @EventSourcingHandler
    void on(BrandRetiredEvent event) {
        retired = true;
    }

    @EventSourcingHandler
    void on(BrandAddressRetirementAcceptedEvent event) {
        id = BrandCommands.aggregateId(event.brandId());
        brandId = event.brandId();
        retiring.add(event.addressId());
        if (event.fallbackAddressId() != null) {
            fallbacks.put(event.addressId(), event.fallbackAddressId());
        }
    }

    @EventSourcingHandler
    void on(BrandAddressRetirementWithdrawnEvent event) {
        retiring.remove(event.addressId());
        fallbacks.remove(event.addressId());
    }

    private void requireRegistered(BrandId requested) {
        if (!registered || retired) {
            throw new UnknownBrandException(requested, retired);
        }
    }

    /** The address of a provider that names none: the brand's only usable one (P1). */
    private AddressId onlyUsableAddress() {
        List<AddressId> usable = usable();
        if (usable.size() != 1) {
            throw new AssignmentRuleException("brand " + brandId + " has " + usable.size()
                    + " addresses a provider can use; name one of " + usable);
        }
        return usable.get(0);
    }

    /** The addresses a provider may be given: the brand's, but those being removed. */
    private List<AddressId> usable() {
        return addresses.stream().filter(a -> !retiring.contains(a)).toList();
    }

    /** Why {@code address} must stay with the brand while it is the fallback of a removal under way. */
    private List<String> fallbackFor(AddressId address) {
        return fallbacks.entrySet().stream()
                .filter(e -> e.getValue().equals(address))
                .map(e -> "address " + address + " of brand " + brandId + " is the fallback for the providers of address "
                        + e.getKey() + ", which is being removed")
                .toList();
    }

    private List<String> usersOf(AddressId address) {
        return providers.entrySet().stream()
                .filter(e -> e.getValue().equals(address))
                .map(e -> e.getKey() + " of brand " + brandId + " uses address " + address)
                .toList();
    }
}
