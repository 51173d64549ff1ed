package org.proxytrunks.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressAdvertisedIpChangedEvent;
import org.proxytrunks.events.address.AddressEvent;
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.events.address.AddressRetirementCancelledEvent;
import org.proxytrunks.events.address.AddressRetirementStartedEvent;
import org.proxytrunks.events.assignment.AddressGrantedToBrandEvent;
import org.proxytrunks.events.assignment.AddressReleasedByBrandEvent;
import org.proxytrunks.events.assignment.AddressRetirementCheckStartedEvent;
import org.proxytrunks.events.assignment.AddressRetirementConfirmedEvent;
import org.proxytrunks.events.assignment.AddressRetirementRefusedEvent;
import org.proxytrunks.events.assignment.AddressUsageEndedEvent;
import org.proxytrunks.events.assignment.AddressUsageTrackedEvent;
import org.proxytrunks.events.assignment.AssignmentEvent;
import org.proxytrunks.events.assignment.BrandAddressAssignedEvent;
import org.proxytrunks.events.assignment.BrandAddressRetirementAcceptedEvent;
import org.proxytrunks.events.assignment.BrandAddressRetirementWithdrawnEvent;
import org.proxytrunks.events.assignment.BrandAddressUnassignedEvent;
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.events.assignment.BrandRetiredEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.ProviderRetiredEvent;
import org.proxytrunks.events.assignment.UnassignmentReason;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every published event, in every form it can take, serializes to JSON that its schema
 * accepts and reads back equal; a field added to a record without a schema change fails here.
 */
class EventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AddressId ID = new AddressId("9b2f6c1e-0d4a-4e55-8f1a-2c3d4e5f6a7b");
    private static final BrandId BRAND = new BrandId("Brand-1");

    static List<Object> samples() {
        return List.of(
                new AddressAddedEvent(AddressId.MAIN, AddressName.MAIN, IpLiteral.parse("127.0.0.1"), null, true),
                new AddressAddedEvent(ID, new AddressName("Madrid — carriers"), IpLiteral.parse("2001:db8::10"),
                        IpLiteral.parse("203.0.113.7"), false),
                new AddressRenamedEvent(ID, new AddressName("Madrid")),
                new AddressIpChangedEvent(ID, IpLiteral.parse("127.0.0.3"), IpLiteral.parse("127.0.0.2")),
                new AddressAdvertisedIpChangedEvent(ID, IpLiteral.parse("198.51.100.1")),
                new AddressAdvertisedIpChangedEvent(ID, null),
                new AddressRetirementStartedEvent(ID),
                new AddressRetirementStartedEvent(ID, AddressId.MAIN),
                new AddressRetirementCancelledEvent(ID, List.of("carrier 7 of brand 3 uses it")),
                new AddressRemovedEvent(ID, IpLiteral.parse("127.0.0.3")),
                new BrandRegisteredEvent(BRAND, List.of(AddressId.MAIN, ID)),
                new BrandAddressAssignedEvent(BRAND, ID),
                new BrandAddressUnassignedEvent(BRAND, ID, UnassignmentReason.ADDRESS_REMOVED),
                new BrandRetiredEvent(BRAND),
                new ProviderAddressSetEvent(BRAND, ProviderKind.CARRIER, new ProviderId("carrier_7"), ID, null),
                new ProviderAddressSetEvent(BRAND, ProviderKind.DDI_PROVIDER, new ProviderId("42"), ID, AddressId.MAIN),
                new ProviderRetiredEvent(BRAND, ProviderKind.DDI_PROVIDER, new ProviderId("42"), ID),
                new BrandAddressRetirementAcceptedEvent(BRAND, ID),
                new BrandAddressRetirementAcceptedEvent(BRAND, ID, AddressId.MAIN),
                new BrandAddressRetirementWithdrawnEvent(BRAND, ID),
                new AddressUsageTrackedEvent(ID),
                new AddressGrantedToBrandEvent(ID, BRAND),
                new AddressReleasedByBrandEvent(ID, BRAND),
                new AddressRetirementCheckStartedEvent(ID, 3, List.of(BRAND)),
                new AddressRetirementConfirmedEvent(ID, 3),
                new AddressRetirementRefusedEvent(ID, 5, List.of("carrier carrier_7 of brand Brand-1 uses it")),
                new AddressUsageEndedEvent(ID));
    }

    static Stream<Class<?>> eventTypes() {
        return Stream.of(AddressEvent.class, AssignmentEvent.class).flatMap(EventContractTest::concreteTypes);
    }

    private static Stream<Class<?>> concreteTypes(Class<?> type) {
        return type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()).flatMap(EventContractTest::concreteTypes) : Stream.of(type);
    }

    @Test
    void everyEventTypeHasASample() {
        Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(eventTypes().toList());
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void everyEventTypeHasARevisionAndJavadocStyleSchema(Class<?> type) throws IOException {
        assertThat(EventSchemas.revisionOf(type)).isNotBlank();
        JsonNode schema = readSchema(type);
        assertThat(schema.path("title").asText()).isEqualTo(type.getSimpleName());
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        Set<String> components = Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toSet());
        Set<String> properties = Set.copyOf(iterableToList(schema.path("properties").fieldNames()));
        assertThat(properties).isEqualTo(components);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void serializesToJsonThatItsSchemaAcceptsAndReadsBackEqual(Object event) throws IOException {
        JsonNode json = JSON.valueToTree(event);
        assertThat(validate(event.getClass(), json)).isEmpty();
        assertThat(JSON.treeToValue(json, event.getClass())).isEqualTo(event);
    }

    @Test
    void theSchemaRefusesAWrongType() throws IOException {
        ObjectNode json = JSON.valueToTree(samples().get(1));
        json.put("main", "yes");
        json.put("ip", "sip.example.org");
        assertThat(validate(AddressAddedEvent.class, json)).hasSize(2);
    }

    @Test
    void aNonCanonicalValueIsRefusedWhenRead() {
        String text = "{\"addressId\":\"x\",\"ip\":\"2001:DB8::1\"}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JSON.readValue(text, AddressRemovedEvent.class))
                .hasMessageContaining("canonical");
    }

    /**
     * Revision 2 of the removal's events added an optional fallback: a revision 1 payload still
     * reads (without one), and an event without one is written as revision 1 wrote it, so a
     * consumer that knows only revision 1's schema still accepts every plain removal.
     */
    @Test
    void theFallbackOfARemovalIsOptionalBothWays() throws IOException {
        String started = "{\"addressId\":\"" + ID + "\"}";
        assertThat(JSON.readValue(started, AddressRetirementStartedEvent.class)).isEqualTo(new AddressRetirementStartedEvent(ID, null));
        assertThat(JSON.writeValueAsString(new AddressRetirementStartedEvent(ID))).isEqualTo(started);
        String accepted = "{\"brandId\":\"" + BRAND + "\",\"addressId\":\"" + ID + "\"}";
        assertThat(JSON.readValue(accepted, BrandAddressRetirementAcceptedEvent.class))
                .isEqualTo(new BrandAddressRetirementAcceptedEvent(BRAND, ID, null));
        assertThat(JSON.writeValueAsString(new BrandAddressRetirementAcceptedEvent(BRAND, ID))).isEqualTo(accepted);
        ObjectNode wrong = JSON.valueToTree(new AddressRetirementStartedEvent(ID, AddressId.MAIN));
        wrong.put("fallbackAddressId", "Not An Id");
        assertThat(validate(AddressRetirementStartedEvent.class, wrong)).hasSize(1);
    }

    private static Set<ValidationMessage> validate(Class<?> type, JsonNode json) throws IOException {
        try (InputStream in = EventSchemas.open(type)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            return schema.validate(json);
        }
    }

    private static JsonNode readSchema(Class<?> type) throws IOException {
        try (InputStream in = EventSchemas.open(type)) {
            return JSON.readTree(in);
        }
    }

    private static <T> List<T> iterableToList(java.util.Iterator<T> it) {
        List<T> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
