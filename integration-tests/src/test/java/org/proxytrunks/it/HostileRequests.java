package org.proxytrunks.it;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.InvalidValueException;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.testing.HostileInputs;
import org.proxytrunks.testing.Tokens;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Requests to every endpoint of the platform as a careless or hostile client sends them, as
 * jqwik arbitraries: path variables, query parameters and bodies made of
 * {@link HostileInputs}, JSON of the wrong types, deep, malformed, oversized or with repeated
 * keys, wrong media types, chunked bodies, odd methods and refused tokens.
 *
 * <p>Each value carries what the published contract says of it ({@link Validity}): the value
 * types of {@code shared-events} ({@link AddressName}, {@link IpLiteral}, {@link AddressId},
 * {@link BrandId}, {@link ProviderId}), the documented JSON types and limits of the bodies, the
 * paging limits and the ISO-8601 instants of the queries. The test asserts the services agree.
 *
 * <p>Things that exist (addresses, brands, providers) are named by their position in
 * {@link World} and resolved when the request is sent, so that a request generated early still
 * names something real and a shrunk sample stays meaningful.
 */
final class HostileRequests {

    /** The most body bytes a service reads ({@code MAX_BODY_BYTES}, 16 KiB). */
    static final int BODY_LIMIT = 16_384;
    /** The kamailio-sync-service's preview reads a list of events, which a removal makes long: its own limit. */
    static final int PREVIEW_BODY_LIMIT = 4 * 1024 * 1024;
    /** In a query value, the brand whose admin the fuzz calls as (the first of {@link World#brands}), filled in when sent. */
    static final String OWN_BRAND = brand(0);
    /** A field no request body has. */
    static final String UNKNOWN_FIELD = "x-fuzz";

    private HostileRequests() {
    }

    /** The four services. */
    enum Service {
        ADDRESS("address-service"), ASSIGNMENT("assignment-service"), PROJECTOR("projector-service"), SYNC("kamailio-sync-service");

        final String label;

        Service(String label) {
            this.label = label;
        }
    }

    /** The query parameters of the query endpoints. */
    enum Param {
        PAGE("page"), SIZE("size"), LIMIT("limit"), NAME("name"), IP_PREFIX("ipPrefix"), BRAND("brand"), AGGREGATE("aggregate"),
        ACTOR("actor"), TYPE("type"), FROM("from"), TO("to"), WAIT_FOR("waitFor"), ID("id"), KIND("kind"),
        /** The instant a query answers at; any value of it is refused by the change stream, which is live only. */
        AT("at"), LIVE_ONLY_AT("at"),
        MOVE_PROVIDERS_TO("moveProvidersTo"),
        /** The removal round a retirement preview is about. */
        ROUND("round");

        final String label;

        Param(String label) {
            this.label = label;
        }
    }

    /** The request bodies the endpoints read. */
    enum Shape {
        NONE, ADD_ADDRESS, CHANGE_ADDRESS, DEFINE_BRAND, SET_PROVIDER, PREVIEW_EVENTS
    }

    /** What a value is to the contract: accepted wherever it goes, refused as a field error, or either. */
    enum Validity {
        VALID, SUSPECT, WRONG
    }

    /** The kinds of things that exist, which requests name by position: addresses (removed ones too), addresses not removed, brands, providers. */
    enum Pool {
        ADDRESS, LIVE_ADDRESS, BRAND, PROVIDER
    }

    /** An endpoint: its service, method and path pattern, the query parameters it reads and its body. */
    record Endpoint(Service service, String method, String pattern, List<Param> params, Shape body) {

        String mapping() {
            return service.label + " " + method + " " + pattern;
        }

        /** The largest body the endpoint's service reads for it. */
        int bodyLimit() {
            return body == Shape.PREVIEW_EVENTS ? PREVIEW_BODY_LIMIT : BODY_LIMIT;
        }

        List<String> variables() {
            List<String> names = new ArrayList<>();
            Matcher variable = VARIABLE.matcher(pattern);
            while (variable.find()) {
                names.add(variable.group(1));
            }
            return names;
        }

        @Override
        public String toString() {
            return mapping();
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final Set<Param> FIRST_VALUE_WINS = Set.of(Param.PAGE, Param.SIZE, Param.LIMIT, Param.WAIT_FOR);
    private static final List<Param> PAGED_ADDRESSES = List.of(Param.NAME, Param.IP_PREFIX, Param.BRAND, Param.AT, Param.PAGE, Param.SIZE,
            Param.WAIT_FOR);
    private static final List<Param> PAGED_BRANDS = List.of(Param.ID, Param.AT, Param.PAGE, Param.SIZE, Param.WAIT_FOR);
    private static final List<Param> PAGED_ADDRESS_PROVIDERS = List.of(Param.KIND, Param.AT, Param.PAGE, Param.SIZE, Param.WAIT_FOR);
    private static final List<Param> PAGED_AT = List.of(Param.AT, Param.PAGE, Param.SIZE, Param.WAIT_FOR);
    private static final List<Param> ONE_AT = List.of(Param.AT, Param.WAIT_FOR);
    private static final List<Param> PAGED_AUDIT = List.of(Param.AGGREGATE, Param.ACTOR, Param.BRAND, Param.TYPE, Param.FROM, Param.TO,
            Param.PAGE, Param.SIZE, Param.WAIT_FOR);

    /** Every command and query endpoint of the four services. */
    static final List<Endpoint> ENDPOINTS = endpoints();

    private static List<Endpoint> endpoints() {
        List<Endpoint> all = new ArrayList<>(List.of(
                new Endpoint(Service.ADDRESS, "POST", "/api/addresses", List.of(), Shape.ADD_ADDRESS),
                new Endpoint(Service.ADDRESS, "PATCH", "/api/addresses/{id}", List.of(), Shape.CHANGE_ADDRESS),
                new Endpoint(Service.ADDRESS, "DELETE", "/api/addresses/{id}", List.of(Param.MOVE_PROVIDERS_TO), Shape.NONE),
                new Endpoint(Service.ADDRESS, "GET", "/api/addresses/{id}/removal", List.of(), Shape.NONE),
                new Endpoint(Service.ASSIGNMENT, "PUT", "/api/brands/{brandId}", List.of(), Shape.DEFINE_BRAND),
                new Endpoint(Service.ASSIGNMENT, "DELETE", "/api/brands/{brandId}", List.of(), Shape.NONE),
                new Endpoint(Service.ASSIGNMENT, "POST", "/api/brands/{brandId}/addresses/{addressId}", List.of(), Shape.NONE),
                new Endpoint(Service.ASSIGNMENT, "DELETE", "/api/brands/{brandId}/addresses/{addressId}", List.of(), Shape.NONE),
                new Endpoint(Service.ASSIGNMENT, "PUT", "/api/brands/{brandId}/carriers/{providerId}", List.of(), Shape.SET_PROVIDER),
                new Endpoint(Service.ASSIGNMENT, "DELETE", "/api/brands/{brandId}/carriers/{providerId}", List.of(), Shape.NONE),
                new Endpoint(Service.ASSIGNMENT, "PUT", "/api/brands/{brandId}/ddi-providers/{providerId}", List.of(), Shape.SET_PROVIDER),
                new Endpoint(Service.ASSIGNMENT, "DELETE", "/api/brands/{brandId}/ddi-providers/{providerId}", List.of(), Shape.NONE),
                new Endpoint(Service.ASSIGNMENT, "POST", "/api/addresses/{addressId}/retirement-preview",
                        List.of(Param.ROUND, Param.MOVE_PROVIDERS_TO), Shape.NONE),
                new Endpoint(Service.PROJECTOR, "GET", "/api/addresses", PAGED_ADDRESSES, Shape.NONE),
                new Endpoint(Service.PROJECTOR, "GET", "/api/addresses/{id}", ONE_AT, Shape.NONE),
                new Endpoint(Service.PROJECTOR, "GET", "/api/addresses/{id}/providers", PAGED_ADDRESS_PROVIDERS, Shape.NONE),
                new Endpoint(Service.PROJECTOR, "GET", "/api/addresses/{id}/brands", PAGED_AT, Shape.NONE),
                new Endpoint(Service.PROJECTOR, "GET", "/api/brands", PAGED_BRANDS, Shape.NONE),
                new Endpoint(Service.PROJECTOR, "GET", "/api/brands/{brandId}", ONE_AT, Shape.NONE),
                new Endpoint(Service.PROJECTOR, "GET", "/api/brands/{brandId}/carriers/{providerId}", ONE_AT, Shape.NONE),
                new Endpoint(Service.PROJECTOR, "GET", "/api/brands/{brandId}/ddi-providers/{providerId}", ONE_AT, Shape.NONE),
                new Endpoint(Service.PROJECTOR, "GET", "/api/audit", PAGED_AUDIT, Shape.NONE),
                new Endpoint(Service.PROJECTOR, "POST", "/api/replay", List.of(), Shape.NONE),
                new Endpoint(Service.PROJECTOR, "GET", "/api/replay", List.of(), Shape.NONE),
                new Endpoint(Service.PROJECTOR, "GET", "/api/parked", List.of(Param.LIMIT), Shape.NONE),
                // a stream that stays open: RawHttp reads its status and head, then closes it
                new Endpoint(Service.PROJECTOR, "GET", "/api/changes", List.of(Param.LIVE_ONLY_AT), Shape.NONE),
                new Endpoint(Service.SYNC, "GET", "/api/status", List.of(), Shape.NONE),
                new Endpoint(Service.SYNC, "GET", "/api/parked", List.of(Param.LIMIT), Shape.NONE),
                new Endpoint(Service.SYNC, "POST", "/api/rebuild", List.of(), Shape.NONE),
                new Endpoint(Service.SYNC, "POST", "/api/preview", List.of(), Shape.PREVIEW_EVENTS)));
        for (Service service : Service.values()) {
            all.add(new Endpoint(service, "GET", "/api/dead-letters", List.of(Param.LIMIT), Shape.NONE));
            all.add(new Endpoint(service, "POST", "/api/dead-letters/retry", List.of(), Shape.NONE));
            all.add(new Endpoint(service, "GET", "/v3/api-docs", List.of(), Shape.NONE));
            all.add(new Endpoint(service, "GET", "/v3/api-docs.yaml", List.of(), Shape.NONE));
        }
        return List.copyOf(all);
    }

    /**
     * What the fuzz has made exist, named by position: every address it added (removed ones too)
     * and the main one; the registered brands it uses, the first the brand whose admin calls (a
     * retired one is replaced by a new one in its place); the providers.
     */
    static final class World {

        static final List<String> PROVIDERS = List.of("fz-c1", "fz-c2", "fz-c3");

        final List<String> addresses = new CopyOnWriteArrayList<>(List.of(AddressId.MAIN.value()));
        final Set<String> removed = ConcurrentHashMap.newKeySet();
        final List<String> brands = new CopyOnWriteArrayList<>(List.of("fz-own", "fz-b1", "fz-b2"));

        String name(Pool pool, int index) {
            List<String> names = switch (pool) {
                case ADDRESS -> addresses;
                case LIVE_ADDRESS -> addresses.stream().filter(address -> !removed.contains(address)).toList();
                case BRAND -> brands;
                case PROVIDER -> PROVIDERS;
            };
            return names.get(index % names.size());
        }

        String ownBrand() {
            return brands.get(0);
        }

        /** {@code encoded} with the brands named by position ({@link #brand(int)}) filled in. */
        String fillBrands(String encoded) {
            String filled = encoded;
            for (int i = 0; i < brands.size(); i++) {
                filled = filled.replace(HostileInputs.percentEncoded(brand(i)), brands.get(i));
            }
            return filled;
        }
    }

    /** In a query value, the brand at {@code index} of {@link World#brands}, filled in when sent. */
    static String brand(int index) {
        return "{brand" + index + "}";
    }

    /** Who calls: the header {@code Authorization} it sends, and whether a server can read that header at all. */
    enum Caller {
        GOD(world -> "Bearer " + Tokens.god(), true),
        BRAND_ADMIN(world -> "Bearer " + Tokens.brandAdmin(world.ownBrand()), true),
        SERVICE(world -> "Bearer " + Tokens.service(), true),
        NONE(world -> null, true),
        EXPIRED(world -> "Bearer " + Tokens.expiredGod(), true),
        WITHOUT_EXPIRY(world -> "Bearer " + Tokens.godWithoutExpiry(), true),
        TAMPERED(world -> "Bearer " + tampered(Tokens.god()), true),
        NOT_BEARER(world -> "Basic Zm9vOmJhcg==", true),
        EMPTY_BEARER(world -> "Bearer ", true),
        LATIN1(world -> "Bearer \u00e9\u00ff", true),
        CONTROL(world -> "Bearer a\u0001b", false),
        HUGE(world -> "Bearer " + "x".repeat(20_000), false);

        private final Function<World, String> authorization;
        final boolean readable;

        Caller(Function<World, String> authorization, boolean readable) {
            this.authorization = authorization;
            this.readable = readable;
        }

        String authorization(World world) {
            return authorization.apply(world);
        }

        private static String tampered(String token) {
            char last = token.charAt(token.length() - 1);
            return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        }
    }

    /** A path variable: something that exists, named by position, or a segment as typed (already percent-encoded, or a raw trap). */
    record Segment(Pool pool, int index, String typed, Validity validity) {

        String resolve(World world) {
            return typed != null ? typed : world.name(pool, index);
        }

        @Override
        public String toString() {
            return typed != null ? "'" + RawHttp.abbreviate(typed, 120) + "'" : pool.name().toLowerCase(Locale.ROOT) + "#" + index;
        }
    }

    /**
     * A query parameter as it goes into the target.
     *
     * @param name      the name, encoded
     * @param value     the value, encoded unless {@code clean} is false
     * @param param     the parameter of the endpoint it is, or null
     * @param validity  what the contract says of the value
     * @param clean     whether the value is percent-encoded (a raw one may not even be HTTP)
     */
    record QueryEntry(String name, String value, Param param, Validity validity, boolean clean) {

        @Override
        public String toString() {
            return RawHttp.abbreviate(name + "=" + value, 160) + (param == null ? "" : "(" + validity + ")");
        }
    }

    /** A JSON value of a body. */
    sealed interface Json permits JsonText, JsonExisting, JsonList {

        String render(World world);

        Validity validity();
    }

    /**
     * A JSON literal as typed.
     *
     * @param literal  the JSON text
     * @param validity what the contract says of it where it is
     * @param text     the string it holds, or null when it is not a string
     */
    record JsonText(String literal, Validity validity, String text) implements Json {

        /** A field left out that may be. */
        static final JsonText ABSENT = new JsonText(null, Validity.VALID, null);
        /** A required field left out. */
        static final JsonText MISSING = new JsonText(null, Validity.WRONG, null);

        boolean absent() {
            return literal == null;
        }

        @Override
        public String render(World world) {
            return literal;
        }

        @Override
        public String toString() {
            return literal == null ? "(absent)" : RawHttp.abbreviate(literal, 160) + "(" + validity + ")";
        }
    }

    /** The id of something that exists, as a JSON string. */
    record JsonExisting(Pool pool, int index) implements Json {

        @Override
        public String render(World world) {
            return "\"" + world.name(pool, index) + "\"";
        }

        @Override
        public Validity validity() {
            return Validity.VALID;
        }

        @Override
        public String toString() {
            return pool.name().toLowerCase(Locale.ROOT) + "#" + index;
        }
    }

    /** A JSON array, and what the contract says of the array as a whole (empty, too long). */
    record JsonList(List<Json> items, Validity validity) implements Json {

        @Override
        public String render(World world) {
            return items.stream().map(item -> item.render(world)).collect(Collectors.joining(",", "[", "]"));
        }

        @Override
        public String toString() {
            return items.size() > 8 ? "[" + items.size() + " items](" + validity + ")" : items + "(" + validity + ")";
        }
    }

    /** A request body. */
    sealed interface Body permits NoBody, Shaped, Raw {

        /** The bytes sent, or null for no body. */
        byte[] bytes(World world);
    }

    /** No body at all. */
    record NoBody() implements Body {

        @Override
        public byte[] bytes(World world) {
            return null;
        }

        @Override
        public String toString() {
            return "no body";
        }
    }

    /**
     * A JSON object with the fields of an endpoint's body.
     *
     * @param shape        the body it is shaped as
     * @param fields       field name to value, {@link JsonText#ABSENT} for a field left out
     * @param unknownField whether a field no body has is added
     * @param duplicated   a field sent twice, or null
     * @param padTo        spaces are added up to this many bytes (0: none)
     */
    record Shaped(Shape shape, Map<String, Json> fields, boolean unknownField, String duplicated, int padTo) implements Body {

        @Override
        public byte[] bytes(World world) {
            List<String> members = new ArrayList<>();
            fields.forEach((name, value) -> {
                if (!absent(value)) {
                    members.add("\"" + name + "\":" + value.render(world));
                }
            });
            if (unknownField) {
                members.add("\"" + UNKNOWN_FIELD + "\":1");
            }
            if (duplicated != null) {
                members.add("\"" + duplicated + "\":" + fields.get(duplicated).render(world));
            }
            byte[] json = ("{" + String.join(",", members) + "}").getBytes(StandardCharsets.UTF_8);
            if (padTo <= json.length) {
                return json;
            }
            byte[] padded = new byte[padTo];
            Arrays.fill(padded, (byte) ' ');
            System.arraycopy(json, 0, padded, 0, json.length);
            return padded;
        }

        static boolean absent(Json value) {
            return value instanceof JsonText text && text.absent();
        }

        /** Whether the field is sent (with a value or null). */
        boolean has(String field) {
            Json value = fields.get(field);
            return value != null && !absent(value);
        }

        /** The fields and array items the contract refuses, by the name a field error gives them. */
        Set<String> wrong() {
            Set<String> wrong = new LinkedHashSet<>();
            fields.forEach((name, value) -> {
                if (value.validity() == Validity.WRONG) {
                    wrong.add(name);
                }
                if (value instanceof JsonList list) {
                    for (int i = 0; i < list.items().size(); i++) {
                        if (list.items().get(i).validity() == Validity.WRONG) {
                            wrong.add(name + "[" + i + "]");
                        }
                    }
                }
            });
            if (shape == Shape.CHANGE_ADDRESS && fields.values().stream().allMatch(Shaped::absent) && !unknownField) {
                wrong.add("body");
            }
            if (unknownField) {
                wrong.add(UNKNOWN_FIELD);
            }
            if (duplicated != null) {
                wrong.add(duplicated);
            }
            return wrong;
        }

        /** Whether every field and item is valid but those refused. */
        boolean otherwiseValid() {
            return fields.values().stream().allMatch(value -> value.validity() != Validity.SUSPECT
                    && (!(value instanceof JsonList list) || list.items().stream().allMatch(item -> item.validity() != Validity.SUSPECT)));
        }

        /** Every name a field error may rightly give: the fields, their items, the unknown field and the body. */
        Set<String> blameable() {
            Set<String> names = new LinkedHashSet<>(fields.keySet());
            fields.forEach((name, value) -> {
                if (value instanceof JsonList list) {
                    IntStream.range(0, list.items().size()).forEach(i -> names.add(name + "[" + i + "]"));
                }
            });
            names.add(UNKNOWN_FIELD);
            names.add("body");
            return names;
        }

        @Override
        public String toString() {
            return shape + "" + fields + (unknownField ? " +" + UNKNOWN_FIELD : "") + (duplicated == null ? "" : " twice:" + duplicated)
                    + (padTo > 0 ? " padded to " + padTo : "");
        }
    }

    /**
     * A body that is not an object of the endpoint's fields.
     *
     * @param kind     what it is (malformed, deep, ...)
     * @param text     the text sent
     * @param validity what the contract says of it
     * @param blamed   the names a field error may give it
     */
    record Raw(String kind, String text, Validity validity, Set<String> blamed) implements Body {

        @Override
        public byte[] bytes(World world) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return kind + " " + RawHttp.abbreviate(text, 120) + "(" + validity + ")";
        }
    }

    /**
     * One request of the fuzz.
     *
     * @param endpoint    the endpoint it is aimed at
     * @param caller      who sends it
     * @param method      the method sent (usually the endpoint's)
     * @param path        the path variables, in the order of the pattern
     * @param query       the query parameters
     * @param body        the body
     * @param contentType the Content-Type sent with a body, or null for none
     * @param chunked     whether the body goes chunked
     */
    record Fuzz(Endpoint endpoint, Caller caller, String method, List<Segment> path, List<QueryEntry> query, Body body,
                String contentType, boolean chunked) {

        RawHttp.Request request(World world) {
            Map<String, String> headers = new LinkedHashMap<>();
            String authorization = caller.authorization(world);
            if (authorization != null) {
                headers.put("Authorization", authorization);
            }
            byte[] bytes = body.bytes(world);
            if (bytes != null && contentType != null) {
                headers.put("Content-Type", contentType);
            }
            return new RawHttp.Request(method, target(world), headers, bytes, chunked && bytes != null);
        }

        String target(World world) {
            Matcher variable = VARIABLE.matcher(endpoint.pattern());
            StringBuilder target = new StringBuilder();
            int at = 0;
            while (variable.find()) {
                variable.appendReplacement(target, Matcher.quoteReplacement(path.get(at++).resolve(world)));
            }
            variable.appendTail(target);
            if (!query.isEmpty()) {
                target.append('?').append(query.stream().map(q -> q.value() == null ? q.name() : q.name() + "=" + world.fillBrands(q.value()))
                        .collect(Collectors.joining("&")));
            }
            return target.toString();
        }

        /** The path variable named {@code name}, resolved. */
        String variable(String name, World world) {
            return path.get(endpoint.variables().indexOf(name)).resolve(world);
        }

        /** Whether the method is the endpoint's, so that it is the endpoint that answers. */
        boolean aimed() {
            return method.equals(endpoint.method());
        }

        /** Whether everything but the body is what a server can read as sent: the header, the path variables, the query. */
        boolean clean() {
            return caller.readable && path.stream().allMatch(s -> s.validity() == Validity.VALID) && query.stream().allMatch(QueryEntry::clean);
        }

        boolean readsBody() {
            return endpoint.body() != Shape.NONE;
        }

        int bodyLength(World world) {
            byte[] bytes = body.bytes(world);
            return bytes == null ? 0 : bytes.length;
        }

        /** Whether the body is within the limit and, if the endpoint reads one, goes as plain JSON. */
        boolean plainBody(World world) {
            return bodyLength(world) <= endpoint.bodyLimit() && (!readsBody() || body instanceof NoBody || "application/json".equals(contentType));
        }

        /**
         * What the contract says of each query parameter the endpoint reads, as Spring reads a
         * repeated one: a number, and the {@code waitFor} position, from its first value; text
         * from all its values joined with commas (which the fuzz does not predict).
         */
        Map<Param, Validity> parameters() {
            Map<Param, Validity> validities = new LinkedHashMap<>();
            for (Param param : endpoint.params()) {
                List<QueryEntry> given = query.stream().filter(q -> param.label.equals(percentDecoded(q.name()))).toList();
                if (given.size() == 1 || !given.isEmpty() && FIRST_VALUE_WINS.contains(param)) {
                    validities.put(param, given.get(0).param() == param ? given.get(0).validity() : Validity.SUSPECT);
                } else if (!given.isEmpty()) {
                    validities.put(param, Validity.SUSPECT);
                }
            }
            return validities;
        }

        /** The inputs of the endpoint the contract refuses, by the name a field error gives them. */
        Set<String> wrong() {
            Set<String> wrong = new LinkedHashSet<>();
            parameters().forEach((param, validity) -> {
                if (validity == Validity.WRONG) {
                    wrong.add(param.label);
                }
            });
            if (readsBody()) {
                if (body instanceof Shaped shaped) {
                    wrong.addAll(shaped.wrong());
                } else if (body instanceof Raw raw && raw.validity() == Validity.WRONG) {
                    wrong.addAll(raw.blamed());
                } else if (body instanceof NoBody && endpoint.body() == Shape.PREVIEW_EVENTS) {
                    wrong.add("events");
                } else if (body instanceof NoBody && endpoint.body() != Shape.SET_PROVIDER) {
                    wrong.add("body");
                }
            }
            return wrong;
        }

        /** Whether every input but the refused ones is valid, so that a refusal can only be for those. */
        boolean otherwiseValid() {
            boolean query = !parameters().containsValue(Validity.SUSPECT);
            boolean body = !readsBody() || !(this.body instanceof Raw raw && raw.validity() == Validity.SUSPECT)
                    && !(this.body instanceof Shaped shaped && !shaped.otherwiseValid());
            return query && body;
        }

        /** The names a field error may rightly give for this request (its path variables, parameters and fields); null when any may be right (a raw body). */
        Set<String> blameable() {
            if (readsBody() && body instanceof Raw || endpoint.body() == Shape.PREVIEW_EVENTS) {
                // a raw body may be blamed as anything; a preview names the field inside the events it could not read
                return null;
            }
            Set<String> names = new LinkedHashSet<>(endpoint.variables());
            // a parameter left out may be named as required (a retirement preview's round)
            endpoint.params().forEach(param -> names.add(param.label));
            query.forEach(q -> names.add(q.param() != null ? q.param().label : percentDecoded(q.name())));
            names.add("body");
            if (body instanceof Shaped shaped) {
                names.addAll(shaped.blameable());
            }
            return names;
        }

        /** Whether it asks to wait for an event position: one no event reaches is answered 503 after the wait, by design. */
        boolean waits() {
            return query.stream().anyMatch(q -> q.name().equals(Param.WAIT_FOR.label));
        }

        @Override
        public String toString() {
            return (aimed() ? "" : method + " to ") + endpoint + " as " + caller + " path" + path + " query" + query + " " + body
                    + (contentType == null ? "" : " (" + RawHttp.abbreviate(contentType, 60) + ")") + (chunked ? " chunked" : "");
        }
    }

    /** Requests to every endpoint, to the commands of the address and assignment services three times as often. */
    static Arbitrary<Fuzz> requests() {
        List<Tuple.Tuple2<Integer, Endpoint>> endpoints = ENDPOINTS.stream()
                .map(endpoint -> Tuple.of(endpoint.service().ordinal() <= Service.ASSIGNMENT.ordinal() && !endpoint.method().equals("GET")
                        && !endpoint.pattern().startsWith("/api/dead-letters") ? 3 : 1, endpoint))
                .toList();
        return Arbitraries.frequency(endpoints).flatMap(HostileRequests::requestsTo);
    }

    /**
     * Commands of the address and assignment services that the contract accepts, with values as
     * odd as it allows: names in any script and full of separators, IPs anywhere in the address
     * space written any way RFC 4291 allows; as God, or as the brand admin. Some are still
     * refused, for what exists: an IP another address holds, a provider on an address its brand
     * does not have, a brand admin acting for another brand.
     */
    static Arbitrary<Fuzz> acceptableCommands() {
        List<Endpoint> commands = ENDPOINTS.stream().filter(endpoint -> endpoint.service().ordinal() <= Service.ASSIGNMENT.ordinal()
                && !endpoint.method().equals("GET") && !endpoint.pattern().startsWith("/api/dead-letters")
                && !endpoint.pattern().endsWith("/retirement-preview")).toList();
        return Arbitraries.of(commands).flatMap(endpoint -> {
            boolean provider = endpoint.variables().contains("providerId");
            Arbitrary<Caller> callers = provider
                    ? Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(Caller.GOD)), Tuple.of(1, Arbitraries.just(Caller.BRAND_ADMIN)))
                    : Arbitraries.just(Caller.GOD);
            return callers.flatMap(caller -> Combinators.combine(existing(endpoint, caller), acceptableBodies(endpoint.body()),
                            Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))))
                    .as((path, body, chunked) -> new Fuzz(endpoint, caller, endpoint.method(), path, List.of(), body, "application/json",
                            chunked)));
        });
    }

    /** Path variables naming what exists (an address not removed; the brand admin's own brand). */
    private static Arbitrary<List<Segment>> existing(Endpoint endpoint, Caller caller) {
        List<Arbitrary<Segment>> variables = endpoint.variables().stream().map(name -> {
            Pool pool = pool(name) == Pool.ADDRESS ? Pool.LIVE_ADDRESS : pool(name);
            Arbitrary<Integer> index = pool == Pool.BRAND && caller == Caller.BRAND_ADMIN ? Arbitraries.just(0)
                    : Arbitraries.integers().between(0, 40);
            return index.map(i -> new Segment(pool, i, null, Validity.VALID));
        }).toList();
        return combined(variables, endpoint);
    }

    private static Arbitrary<Body> acceptableBodies(Shape shape) {
        Arbitrary<Json> names = HostileInputs.printableNames().map(HostileRequests::name).filter(name -> name.validity() == Validity.VALID).map(Json.class::cast);
        Arbitrary<Json> ips = Arbitraries.frequencyOf(Tuple.of(3, HostileInputs.unownedIps()), Tuple.of(2, bindableIps()),
                Tuple.of(1, HostileInputs.anyIps())).map(HostileRequests::ip).filter(ip -> ip.validity() == Validity.VALID).map(Json.class::cast);
        Arbitrary<Json> advertised = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(JsonText.ABSENT)),
                Tuple.of(1, Arbitraries.just(new JsonText("null", Validity.VALID, null))), Tuple.of(3, ips));
        Arbitrary<Json> existingAddress = Arbitraries.integers().between(0, 40).map(i -> new JsonExisting(Pool.LIVE_ADDRESS, i));
        Arbitrary<Map<String, Json>> fields = switch (shape) {
            case NONE, PREVIEW_EVENTS -> null;
            case ADD_ADDRESS -> Combinators.combine(names, ips, advertised).as((name, ip, adv) -> fields("name", name, "ip", ip, "advertisedIp", adv));
            case CHANGE_ADDRESS -> Combinators.combine(optional(names), optional(ips), advertised)
                    .as((name, ip, adv) -> fields("name", name, "ip", ip, "advertisedIp", adv));
            case DEFINE_BRAND -> existingAddress.list().ofMinSize(1).ofMaxSize(3)
                    .map(items -> fields("addressIds", new JsonList(items, Validity.VALID)));
            case SET_PROVIDER -> Arbitraries.frequencyOf(Tuple.of(6, existingAddress), Tuple.of(1, Arbitraries.just(JsonText.ABSENT)),
                    Tuple.of(1, Arbitraries.just(new JsonText("null", Validity.VALID, null)))).map(id -> fields("addressId", id));
        };
        return fields == null ? Arbitraries.just(new NoBody()) : fields.map(values -> new Shaped(shape, values, false, null, 0));
    }

    private static Arbitrary<Json> optional(Arbitrary<Json> values) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(JsonText.ABSENT)), Tuple.of(2, values));
    }

    static Arbitrary<Fuzz> requestsTo(Endpoint endpoint) {
        Arbitrary<Caller> callers = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(Caller.GOD)), Tuple.of(7, Arbitraries.just(Caller.BRAND_ADMIN)),
                Tuple.of(1, Arbitraries.of(Caller.SERVICE, Caller.NONE)),
                Tuple.of(1, Arbitraries.of(Caller.EXPIRED, Caller.WITHOUT_EXPIRY, Caller.TAMPERED, Caller.NOT_BEARER,
                        Caller.EMPTY_BEARER, Caller.LATIN1, Caller.CONTROL, Caller.HUGE)));
        Arbitrary<String> methods = Arbitraries.frequencyOf(Tuple.of(19, Arbitraries.just(endpoint.method())),
                Tuple.of(1, Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "get")));
        Arbitrary<List<QueryEntry>> query = Arbitraries.frequencyOf(
                Tuple.of(endpoint.params().isEmpty() ? 4 : 2, Arbitraries.just(List.<QueryEntry>of())),
                Tuple.of(3, queryEntries(endpoint.params()).list().ofMinSize(1).ofMaxSize(4)));
        Arbitrary<String> contentTypes = Arbitraries.frequencyOf(Tuple.of(36, Arbitraries.just("application/json")),
                Tuple.of(3, HostileInputs.contentTypes()), Tuple.of(1, Arbitraries.just((String) null)));
        Arbitrary<Boolean> chunked = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true)));
        return Combinators.combine(callers, methods, pathVariables(endpoint), query, bodies(endpoint.body()), contentTypes, chunked)
                .as((caller, method, path, params, body, type, chunk) -> new Fuzz(endpoint, caller, method, path, params, body, type, chunk));
    }

    private static Arbitrary<List<Segment>> pathVariables(Endpoint endpoint) {
        return combined(endpoint.variables().stream().map(name -> segments(pool(name), endpoint.service() == Service.ASSIGNMENT)).toList(),
                endpoint);
    }

    private static Pool pool(String variable) {
        return switch (variable) {
            case "id", "addressId" -> Pool.ADDRESS;
            case "brandId" -> Pool.BRAND;
            case "providerId" -> Pool.PROVIDER;
            default -> throw new IllegalArgumentException("no values for {" + variable + "}");
        };
    }

    private static Arbitrary<List<Segment>> combined(List<Arbitrary<Segment>> variables, Endpoint endpoint) {
        return switch (variables.size()) {
            case 0 -> Arbitraries.just(List.of());
            case 1 -> variables.get(0).map(List::of);
            case 2 -> Combinators.combine(variables.get(0), variables.get(1)).as(List::of);
            default -> throw new IllegalArgumentException(endpoint + " has more path variables than expected");
        };
    }

    /**
     * Path variables naming something that exists, hostile segments, bytes that are not ASCII
     * (sent unencoded, one byte a character) and ids of the right form.
     * The assignment service waits (up to 10 s, by design) for the event of an address id of the
     * right form it has not heard of; such ids are left out there, or each would cost the wait.
     */
    static Arbitrary<Segment> segments(Pool pool, boolean noUnknownAddressIds) {
        Function<String, Validity> form = typed -> {
            String text = percentDecoded(typed);
            return text != null && text.equals(typed) && isId(pool, text) ? Validity.VALID : Validity.SUSPECT;
        };
        Arbitrary<String> unencoded = Arbitraries.of("caf\u00e9", "a\u0085b", "\u00ff\u00fe", "\u00c3\u00a9", "a\u00a0b");
        Arbitrary<String> typed = Arbitraries.frequencyOf(Tuple.of(6, HostileInputs.pathSegments()), Tuple.of(3, HostileInputs.wellFormedIds()),
                Tuple.of(1, unencoded));
        if (pool == Pool.ADDRESS && noUnknownAddressIds) {
            typed = typed.filter(segment -> !isId(Pool.ADDRESS, percentDecoded(segment)));
        }
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, 40).map(i -> new Segment(pool, i, null, Validity.VALID))),
                Tuple.of(2, typed.map(segment -> new Segment(pool, 0, segment, form.apply(segment)))));
    }

    private static Arbitrary<QueryEntry> queryEntries(List<Param> params) {
        Arbitrary<QueryEntry> unknown = Combinators.combine(HostileInputs.strings(), HostileInputs.strings())
                .as((name, value) -> new QueryEntry(HostileInputs.percentEncoded(name), HostileInputs.percentEncoded(value), null,
                        Validity.SUSPECT, true));
        Arbitrary<QueryEntry> raw = Combinators.combine(Arbitraries.oneOf(Arbitraries.of(Param.values()).map(p -> p.label),
                HostileInputs.strings().map(HostileInputs::percentEncoded)), HostileInputs.strings())
                .as((name, value) -> new QueryEntry(name, value, null, Validity.SUSPECT, false));
        if (params.isEmpty()) {
            return Arbitraries.frequencyOf(Tuple.of(4, unknown), Tuple.of(1, raw));
        }
        Arbitrary<QueryEntry> known = Arbitraries.of(params).flatMap(HostileRequests::values);
        return Arbitraries.frequencyOf(Tuple.of(12, known), Tuple.of(2, unknown), Tuple.of(1, raw));
    }

    /** Values of a query parameter, each with what the contract says of it. */
    private static Arbitrary<QueryEntry> values(Param param) {
        Arbitrary<QueryEntry> hostile = Arbitraries.oneOf(HostileInputs.strings(), HostileInputs.numbers())
                .map(text -> entry(param, text, switch (param) {
                    case FROM, TO, AT -> instant(text);
                    case LIVE_ONLY_AT -> Validity.WRONG;
                    default -> Validity.SUSPECT;
                }));
        Arbitrary<QueryEntry> typed = switch (param) {
            case PAGE -> Arbitraries.oneOf(
                    Arbitraries.integers().between(0, 3).map(i -> entry(param, String.valueOf(i), Validity.VALID)),
                    Arbitraries.of("-1", "x", "1.5", "1e2", "NaN", "10001", "2147483648", "99999999999999999999999999999999")
                            .map(text -> entry(param, text, Validity.WRONG)));
            case SIZE -> Arbitraries.oneOf(
                    Arbitraries.integers().between(1, 200).map(i -> entry(param, String.valueOf(i), Validity.VALID)),
                    Arbitraries.of("0", "-1", "201", "x", "1.5", "1e2", "2147483648").map(text -> entry(param, text, Validity.WRONG)));
            case LIMIT -> Arbitraries.oneOf(
                    Arbitraries.integers().between(1, 1000).map(i -> entry(param, String.valueOf(i), Validity.VALID)),
                    Arbitraries.of("0", "-1", "1001", "x", "1.5", "2147483648").map(text -> entry(param, text, Validity.WRONG)));
            case NAME -> Arbitraries.of("fz", "proxy", "Madrid").map(text -> entry(param, text, Validity.VALID));
            case IP_PREFIX -> Arbitraries.oneOf(Arbitraries.of("127.", "192.0.2", "2001:db8", "::").map(text -> entry(param, text, Validity.VALID)),
                    HostileInputs.almostIps().map(text -> entry(param, text, Validity.SUSPECT)));
            case BRAND -> Arbitraries.of(brand(0), brand(1), brand(2)).map(text -> entry(param, text, Validity.VALID));
            case ID -> Arbitraries.oneOf(Arbitraries.of("fz", brand(0), "own", ".*").map(text -> entry(param, text, Validity.VALID)),
                    Arbitraries.of("", "x".repeat(101)).map(text -> entry(param, text, Validity.WRONG)));
            case KIND -> Arbitraries.oneOf(Arbitraries.of("CARRIER", "DDI_PROVIDER").map(text -> entry(param, text, Validity.VALID)),
                    Arbitraries.of("carrier", "TRUNK", "", "CARRIER ").map(text -> entry(param, text, Validity.WRONG)));
            // the main address takes providers; an id of the right form may be unknown (404) or the address itself (400)
            case MOVE_PROVIDERS_TO -> Arbitraries.oneOf(Arbitraries.just(entry(param, AddressId.MAIN.value(), Validity.VALID)),
                    Arbitraries.of("fz-never-added", "proxytrunks-2").map(text -> entry(param, text, Validity.SUSPECT)),
                    Arbitraries.of("", "Proxytrunks", "-a", "a b", "a".repeat(65), "proxytrunks,proxytrunks")
                            .map(text -> entry(param, text, Validity.WRONG)));
            // a round of the right form may be one the address has passed (409)
            case ROUND -> Arbitraries.oneOf(Arbitraries.of("0", "7", "9223372036854775807").map(text -> entry(param, text, Validity.SUSPECT)),
                    Arbitraries.of("-1", "x", "1.5", "", "9223372036854775808").map(text -> entry(param, text, Validity.WRONG)));
            case AGGREGATE -> Arbitraries.of("brand:" + OWN_BRAND, "proxytrunks", "address-usage:proxytrunks")
                    .map(text -> entry(param, text, Validity.VALID));
            case ACTOR -> Arbitraries.of("god", "brand-admin-" + OWN_BRAND).map(text -> entry(param, text, Validity.VALID));
            case TYPE -> Arbitraries.of("AddressAddedEvent", "ProviderAddressSetEvent", "BrandRetiredEvent")
                    .map(text -> entry(param, text, Validity.VALID));
            case FROM, TO -> Arbitraries.of("1970-01-01T00:00:00Z", "2026-01-31T12:00:00Z", "2026-01-31T12:00:00.123456789Z",
                    "2026-01-31T12:00:00+01:00", "yesterday", "2026-13-01T00:00:00Z", "2026-01-31", "1700000000",
                    "2026-01-31T12:00:00", "").map(text -> entry(param, text, instant(text)));
            case AT -> Arbitraries.of("1970-01-01T00:00:00Z", "2026-01-31T12:00:00.123456789Z", "2026-01-31T12:00:00+01:00",
                    "2999-12-31T23:59:59Z", "+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z", "yesterday", "2026-02-30T00:00:00Z",
                    "2026-01-31", "1700000000", "2026-01-31T12:00:00", "").map(text -> entry(param, text, instant(text)));
            case LIVE_ONLY_AT -> Arbitraries.of("2026-01-31T12:00:00Z", "yesterday", "").map(text -> entry(param, text, Validity.WRONG));
            case WAIT_FOR -> Arbitraries.frequencyOf(
                    Tuple.of(6, Arbitraries.of("brand:" + OWN_BRAND + ":0", "proxytrunks:0").map(text -> entry(param, text, Validity.VALID))),
                    Tuple.of(6, Arbitraries.of("x", "brand:", ":1", "brand:" + OWN_BRAND + ":-1", "brand:" + OWN_BRAND + ":1.5",
                            "brand:" + OWN_BRAND + ":" + "9".repeat(19), "a".repeat(65) + ":1", "brand:fz own:1", "brand:" + OWN_BRAND + ":0:0")
                            .map(text -> entry(param, text, Validity.WRONG))),
                    // a position no event reaches: answered 503 after the wait, by design
                    Tuple.of(1, Arbitraries.just(entry(param, "brand:fz-never:0", Validity.SUSPECT))));
        };
        return Arbitraries.frequencyOf(Tuple.of(4, typed), Tuple.of(1, hostile));
    }

    private static QueryEntry entry(Param param, String text, Validity validity) {
        return new QueryEntry(param.label, HostileInputs.percentEncoded(text), param, validity, true);
    }

    private static Validity instant(String text) {
        try {
            Instant.parse(text);
            return Validity.VALID;
        } catch (DateTimeParseException e) {
            return Validity.WRONG;
        }
    }

    /** Bodies for an endpoint that reads {@code shape}; an endpoint that reads none mostly gets none, sometimes junk. */
    static Arbitrary<Body> bodies(Shape shape) {
        Arbitrary<Body> raw = rawBodies();
        if (shape == Shape.NONE) {
            return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(new NoBody())), Tuple.of(1, raw));
        }
        Arbitrary<Integer> padding = Arbitraries.frequencyOf(Tuple.of(19, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.of(BODY_LIMIT, BODY_LIMIT + 1, 200_000, 1_000_000)));
        Arbitrary<Boolean> unknownField = Arbitraries.frequencyOf(Tuple.of(19, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true)));
        Arbitrary<Boolean> duplicate = Arbitraries.frequencyOf(Tuple.of(19, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true)));
        Arbitrary<Body> shaped = Combinators.combine(fields(shape), unknownField, duplicate, padding).as((fields, unknown, twice, pad) -> {
            String duplicated = twice ? fields.entrySet().stream().filter(e -> !Shaped.absent(e.getValue())).map(Map.Entry::getKey)
                    .findFirst().orElse(null) : null;
            return new Shaped(shape, fields, unknown, duplicated, pad);
        });
        return Arbitraries.frequencyOf(Tuple.of(16, shaped), Tuple.of(3, raw), Tuple.of(1, Arbitraries.just(new NoBody())));
    }

    private static Arbitrary<Body> rawBodies() {
        Arbitrary<Body> malformed = HostileInputs.malformedJson().map(text -> new Raw("malformed", text, Validity.SUSPECT, Set.of()));
        Arbitrary<Body> deep = Combinators.combine(Arbitraries.of(64, 999, 1000, 1001, 3000, 10_000), Arbitraries.integers().between(0, 2))
                .as((depth, form) -> new Raw("deep " + depth, HostileInputs.deepJson(depth, form), Validity.WRONG, Set.of("body", "a")));
        Arbitrary<Body> wrongTop = Arbitraries.of("[]", "\"x\"", "1", "true", "[{}]", "1e400")
                .map(text -> new Raw("not an object", text, Validity.WRONG, Set.of("body")));
        Arbitrary<Body> maybe = Arbitraries.of("null", "", " ").map(text -> new Raw("empty", text, Validity.SUSPECT, Set.of()));
        return Arbitraries.frequencyOf(Tuple.of(3, malformed), Tuple.of(3, deep), Tuple.of(2, wrongTop), Tuple.of(1, maybe));
    }

    private static Arbitrary<Map<String, Json>> fields(Shape shape) {
        return switch (shape) {
            case ADD_ADDRESS -> Combinators.combine(names(false), ips(false), advertisedIps()).as((name, ip, advertised) -> fields(
                    "name", name, "ip", ip, "advertisedIp", advertised));
            case CHANGE_ADDRESS -> Combinators.combine(names(true), ips(true), advertisedIps())
                    .as((name, ip, advertised) -> fields("name", name, "ip", ip, "advertisedIp", advertised));
            case DEFINE_BRAND -> addressLists().map(ids -> fields("addressIds", ids));
            case SET_PROVIDER -> providerAddresses().map(id -> fields("addressId", id));
            case PREVIEW_EVENTS -> previewedEvents().map(events -> fields("events", events));
            case NONE -> throw new IllegalArgumentException("no fields");
        };
    }

    private static Map<String, Json> fields(Object... namesAndValues) {
        Map<String, Json> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], (Json) namesAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(fields);
    }

    /**
     * The events a preview is asked about: lists of contract events (valid), lists whose events it
     * cannot read (suspect: it names the field inside them), and no list at all (wrong).
     */
    private static Arbitrary<Json> previewedEvents() {
        return Arbitraries.oneOf(
                Arbitraries.of("[]", "[{\"type\":\"AddressRenamedEvent\",\"payload\":{\"addressId\":\"proxytrunks\",\"name\":\"fz preview\"}}]",
                                "[{\"type\":\"ProviderAddressSetEvent\",\"payload\":{\"brandId\":\"fz\",\"kind\":\"CARRIER\","
                                        + "\"providerId\":\"fz-previewed\",\"addressId\":\"proxytrunks\"}}]")
                        .map(literal -> new JsonText(literal, Validity.VALID, null)),
                Arbitraries.of("[{\"type\":\"NoSuchEvent\",\"payload\":{}}]", "[{\"type\":\"AddressAddedEvent\",\"payload\":{\"ip\":\"x\"}}]",
                                "[1]", "[null]", "[{\"type\":\"AddressEvent\"}]")
                        .map(literal -> new JsonText(literal, Validity.SUSPECT, null)),
                Arbitraries.of("\"x\"", "{}", "null").map(literal -> new JsonText(literal, Validity.WRONG, null)),
                Arbitraries.just(JsonText.MISSING));
    }

    /** JSON values of the wrong type for a string field. */
    private static Arbitrary<Json> wrongTypes() {
        return Arbitraries.oneOf(Arbitraries.of("true", "false", "[]", "{}", "[\"x\"]", "{\"a\":\"x\"}", "0", "-1.5", "1e2"),
                HostileInputs.hugeJsonNumbers()).map(literal -> new JsonText(literal, Validity.WRONG, null));
    }

    private static Arbitrary<Json> names(boolean optional) {
        Arbitrary<Json> typed = Arbitraries.frequencyOf(Tuple.of(4, HostileInputs.printableNames()), Tuple.of(1, HostileInputs.strings()))
                .map(HostileRequests::name);
        return Arbitraries.frequencyOf(Tuple.of(20, typed), Tuple.of(1, wrongTypes()),
                Tuple.of(1, Arbitraries.just(new JsonText("null", Validity.WRONG, null))),
                Tuple.of(optional ? 8 : 1, Arbitraries.just(optional ? JsonText.ABSENT : JsonText.MISSING)));
    }

    /** A name as typed: refused as a field error when it is no name; the main address's name is refused by the address itself. */
    private static JsonText name(String text) {
        Validity validity = parses(() -> new AddressName(text))
                ? (new AddressName(text).isReserved() ? Validity.SUSPECT : Validity.VALID) : Validity.WRONG;
        return new JsonText(HostileInputs.jsonString(text), validity, text);
    }

    /** Loopback IPs no other test uses, which this host can bind (so they reach the listener files). */
    private static Arbitrary<String> bindableIps() {
        return Combinators.combine(Arbitraries.integers().between(1, 250), Arbitraries.integers().between(1, 250))
                .as((a, b) -> "127.77." + a + "." + b);
    }

    private static Arbitrary<Json> ips(boolean optional) {
        Arbitrary<Json> typed = Arbitraries.frequencyOf(Tuple.of(8, HostileInputs.unownedIps()), Tuple.of(6, bindableIps()),
                Tuple.of(2, HostileInputs.almostIps()), Tuple.of(1, HostileInputs.strings())).map(HostileRequests::ip);
        return Arbitraries.frequencyOf(Tuple.of(20, typed), Tuple.of(1, wrongTypes()),
                Tuple.of(1, Arbitraries.just(new JsonText("null", Validity.WRONG, null))),
                Tuple.of(optional ? 8 : 1, Arbitraries.just(optional ? JsonText.ABSENT : JsonText.MISSING)));
    }

    private static Arbitrary<Json> advertisedIps() {
        Arbitrary<Json> typed = Arbitraries.frequencyOf(Tuple.of(2, HostileInputs.anyIps()), Tuple.of(2, HostileInputs.unownedIps()),
                Tuple.of(1, HostileInputs.almostIps())).map(HostileRequests::ip);
        return Arbitraries.frequencyOf(Tuple.of(6, typed), Tuple.of(1, wrongTypes()),
                Tuple.of(2, Arbitraries.just(new JsonText("null", Validity.VALID, null))), Tuple.of(4, Arbitraries.just(JsonText.ABSENT)));
    }

    /**
     * An IP as typed: refused as a field error when it is no IP literal; unicast literals are
     * accepted, others (unspecified, multicast) refused by the address itself, after other checks.
     */
    private static JsonText ip(String text) {
        Validity validity;
        try {
            validity = IpLiteral.parse(text).unicastProblem().isEmpty() ? Validity.VALID : Validity.SUSPECT;
        } catch (InvalidValueException e) {
            validity = Validity.WRONG;
        }
        return new JsonText(HostileInputs.jsonString(text), validity, text);
    }

    /** Address ids as typed for the assignment service: none of the right form, which it would wait for. */
    private static Arbitrary<Json> typedAddressIds() {
        return Arbitraries.oneOf(HostileInputs.strings(), HostileInputs.wellFormedIds())
                .filter(text -> !isId(Pool.ADDRESS, text))
                .map(text -> new JsonText(HostileInputs.jsonString(text), Validity.WRONG, text));
    }

    private static Arbitrary<Json> addressLists() {
        Arbitrary<Json> item = Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.integers().between(0, 40).map(i -> new JsonExisting(Pool.ADDRESS, i))),
                Tuple.of(1, typedAddressIds()), Tuple.of(1, wrongTypes()),
                Tuple.of(1, Arbitraries.just(new JsonText("null", Validity.WRONG, null))));
        Arbitrary<Json> lists = item.list().ofMinSize(1).ofMaxSize(3).map(items -> new JsonList(items, Validity.VALID));
        Json tooMany = new JsonList(Collections.nCopies(1001, new JsonText("\"a\"", Validity.VALID, "a")), Validity.WRONG);
        return Arbitraries.frequencyOf(Tuple.of(20, lists),
                Tuple.of(1, Arbitraries.just(new JsonList(List.of(), Validity.WRONG))),
                Tuple.of(1, Arbitraries.just(tooMany)),
                Tuple.of(1, Arbitraries.of("null", "\"proxytrunks\"", "{}", "1").map(literal -> new JsonText(literal, Validity.WRONG, null))),
                Tuple.of(1, Arbitraries.just(JsonText.MISSING)));
    }

    private static Arbitrary<Json> providerAddresses() {
        Arbitrary<Json> typed = Arbitraries.oneOf(HostileInputs.strings(), HostileInputs.wellFormedIds())
                .map(text -> new JsonText(HostileInputs.jsonString(text), isId(Pool.ADDRESS, text) ? Validity.SUSPECT : Validity.WRONG, text));
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(0, 40).map(i -> new JsonExisting(Pool.ADDRESS, i))),
                Tuple.of(2, typed), Tuple.of(1, wrongTypes()),
                Tuple.of(1, Arbitraries.just(new JsonText("null", Validity.VALID, null))),
                Tuple.of(2, Arbitraries.just(JsonText.ABSENT)));
    }

    /** Whether {@code text} is an id of the right form for {@code pool}, by the contract's value types. */
    static boolean isId(Pool pool, String text) {
        return text != null && parses(() -> switch (pool) {
            case ADDRESS, LIVE_ADDRESS -> new AddressId(text);
            case BRAND -> new BrandId(text);
            case PROVIDER -> new ProviderId(text);
        });
    }

    private static boolean parses(Supplier<?> parse) {
        try {
            parse.get();
            return true;
        } catch (InvalidValueException e) {
            return false;
        }
    }

    /** A percent-encoded segment decoded as UTF-8, or null when it is not valid percent-encoded UTF-8. */
    static String percentDecoded(String segment) {
        if (segment == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length() || Character.digit(segment.charAt(i + 1), 16) < 0 || Character.digit(segment.charAt(i + 2), 16) < 0) {
                    return null;
                }
                bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
