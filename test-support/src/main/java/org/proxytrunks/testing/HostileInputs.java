package org.proxytrunks.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a careless or hostile client sends, as jqwik arbitraries: text with control characters,
 * separators of the formats the platform writes (Kamailio's configuration, db_text tables, URLs,
 * JSON), Unicode that misleads (bidirectional overrides, combining marks, lone surrogates,
 * look-alike digits), numbers past every limit, IP literals that are almost valid, and JSON that
 * is deep, malformed or of the wrong type.
 */
public final class HostileInputs {

    static final List<String> CONTROL = List.of("\u0000", "\r", "\n", "\r\n", "\t", "\u0007", "\b", "\u000b", "\f",
            "\u001b", "\u001f", "\u007f", "\u0085", "\u009b");
    static final List<String> SEPARATORS = List.of(";", ",", ":", "/", "\\", "|", "\"", "'", "<", ">", "=", "&", "?",
            "#", "%", "{", "}", "[", "]", "(", ")", "*", "$", "@", "!", "`", "^", "~", "+", " ", ".", "..", "-", "_");
    static final List<String> UNICODE = List.of("\u202e", "\u200f", "\u061c", "\u0301", "e\u0301\u0301\u0301", "\u200d",
            "\u200b", "\ufeff", "\u2028", "\u2029", "\ud83d\ude00", "\ud800", "\udfff", "\udbff\udfff", "\uffff", "\ufffd",
            "\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd", "\u65e5\u672c\u8a9e", "\uff11\uff12\uff17",
            "\u0661\u0662\u0663", "\u0430", "\u01c5", "\u00df", "\u0130", "\u00a0", "\u3000", "\ue000", "\u0378");
    static final List<String> INJECTIONS = List.of("listen=udp:6.6.6.6:5060", "\nlisten=udp:6.6.6.6:5060\n",
            "1:evil:0:0:udp\\:6.6.6.6\\:5060:0", "x:0:0:udp\\:6.6.6.6\\:5060:0\n2:y", "include_file \"/etc/passwd\"",
            "#!KAMAILIO", "${jndi:ldap://127.0.0.1/x}", "%s%s%n", "../../etc/passwd", "..%2f..%2f", "' OR '1'='1",
            "{\"$gt\":\"\"}", "$where", "<script>alert(1)</script>", "null", "undefined", "true", "[]", "{}",
            "proxytrunks", "PROXYTRUNKS", "brand:x:1", "%00", "\\u0000", "\\n");
    static final List<String> NUMBERS = List.of("0", "-1", "-0", "00", "1e309", "-1e309", "NaN", "Infinity", "0x10",
            "99999999999999999999999999999999", "9223372036854775808", "-9223372036854775809", "2147483648",
            "-2147483649", "1.5", "1,5", "\u0661\u0662", "+1", " 1", "1 ", "1e2", "0.0");

    private HostileInputs() {
    }

    /** Text nobody should have to store: pieces of the lists above, random Unicode, and very long runs. */
    public static Arbitrary<String> strings() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(CONTROL), Arbitraries.of(SEPARATORS), Arbitraries.of(UNICODE),
                Arbitraries.of(INJECTIONS), Arbitraries.of(NUMBERS),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8));
        Arbitrary<String> mixed = piece.list().ofMinSize(2).ofMaxSize(8).map(pieces -> String.join("", pieces));
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(40);
        Arbitrary<String> longRun = Combinators.combine(piece, Arbitraries.integers().between(64, 20_000))
                .as((text, length) -> repeatTo(text, length));
        return Arbitraries.frequencyOf(
                Tuple.of(3, piece),
                Tuple.of(5, mixed),
                Tuple.of(2, anyChars),
                Tuple.of(1, longRun),
                Tuple.of(1, Arbitraries.of("", " ", "\t\n")));
    }

    /** Numbers as text that no field can hold or that are spelt oddly: signs, exponents, other digits, past every integer type. */
    public static Arbitrary<String> numbers() {
        return Arbitraries.of(NUMBERS);
    }

    /**
     * IPv4 and IPv6 literals that are valid but written any way RFC 4291 allows (upper case,
     * leading zeros in groups, uncompressed, a trailing IPv4 part), in ranges no host of a test
     * owns: TEST-NET-1/2/3, the benchmarking range 198.18.0.0/15 and 2001:db8::/32.
     */
    public static Arbitrary<String> unownedIps() {
        Arbitrary<String> ipv4 = Combinators.combine(
                Arbitraries.of("192.0.2.", "198.51.100.", "203.0.113.", "198.18.", "198.19."),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255))
                .as((prefix, a, b) -> prefix.endsWith("18.") || prefix.endsWith("19.") ? prefix + a + "." + b : prefix + a);
        Arbitrary<String> ipv6 = Combinators.combine(
                Arbitraries.integers().between(0, 0xffff).list().ofSize(6), Arbitraries.integers().between(0, 4),
                Arbitraries.of(Ipv6Style.values()))
                .as((groups, zeros, style) -> {
                    List<Integer> all = new ArrayList<>(List.of(0x2001, 0xdb8));
                    all.addAll(groups);
                    for (int i = 0; i < zeros; i++) {
                        all.set(7 - i, 0);
                    }
                    return style.write(all);
                });
        return Arbitraries.oneOf(ipv4, ipv6);
    }

    /**
     * IPv4 and IPv6 literals from anywhere in the address space (loopback, link-local, multicast
     * and reserved ones included), written any way RFC 4291 allows. For tests that bind nothing.
     */
    public static Arbitrary<String> anyIps() {
        Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(octets -> octets.stream().map(String::valueOf).collect(Collectors.joining(".")));
        Arbitrary<String> ipv6 = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 0xffff)), Tuple.of(2, Arbitraries.just(0)))
                        .list().ofSize(8),
                Arbitraries.of(Ipv6Style.values()))
                .as((groups, style) -> style.write(groups));
        return Arbitraries.oneOf(ipv4, ipv6);
    }

    /** How an IPv6 address is spelt. */
    enum Ipv6Style {
        FULL, LEADING_ZEROS, UPPER, COMPRESSED, TRAILING_IPV4;

        String write(List<Integer> groups) {
            return switch (this) {
                case FULL -> groups.stream().map(Integer::toHexString).collect(Collectors.joining(":"));
                case LEADING_ZEROS -> groups.stream().map(g -> String.format("%04x", g)).collect(Collectors.joining(":"));
                case UPPER -> groups.stream().map(g -> Integer.toHexString(g).toUpperCase()).collect(Collectors.joining(":"));
                case COMPRESSED -> compressed(groups);
                case TRAILING_IPV4 -> groups.subList(0, 6).stream().map(Integer::toHexString).collect(Collectors.joining(":"))
                        + ":" + (groups.get(6) >> 8) + "." + (groups.get(6) & 0xff) + "." + (groups.get(7) >> 8) + "." + (groups.get(7) & 0xff);
            };
        }

        private static String compressed(List<Integer> groups) {
            int start = -1;
            int length = 0;
            for (int i = 0; i < groups.size(); i++) {
                int j = i;
                while (j < groups.size() && groups.get(j) == 0) {
                    j++;
                }
                if (j - i > length) {
                    start = i;
                    length = j - i;
                }
            }
            if (start < 0) {
                return FULL.write(groups);
            }
            String head = groups.subList(0, start).stream().map(Integer::toHexString).collect(Collectors.joining(":"));
            String tail = groups.subList(start + length, groups.size()).stream().map(Integer::toHexString).collect(Collectors.joining(":"));
            return head + "::" + tail;
        }
    }

    /**
     * Text that is nearly an IP literal: one character of a valid one changed, added or taken
     * away, and the classic traps (zones, prefixes, ports, brackets, octal and hex parts,
     * look-alike digits, unspecified, multicast and broadcast addresses).
     */
    public static Arbitrary<String> almostIps() {
        Arbitrary<String> traps = Arbitraries.of("256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", " 192.0.2.1",
                "192.0.2.1 ", "192.0.2.1\n", "192.0.2.1\u0000", "192.0.2.0/24", "[2001:db8::1]", "2001:db8::1%eth0",
                "fe80::1%25lo", ":::1", "1::2::3", "12345::", "g::1", "::ffff:192.0.2.1", "0.0.0.0", "0.1.2.3", "::",
                "224.0.0.1", "239.255.255.255", "240.0.0.1", "255.255.255.255", "ff02::1", "localhost", "192.0.2.1:5060",
                "[2001:db8::1]:5060", "\uff11\uff19\uff12.0.2.1", "192.0.2.\u0661", "0x7f.0.0.1", "127.1", "2130706433",
                "1.2.3.-4", "1.2.3.+4", "1..2.3", ".1.2.3", "1.2.3.", "2001:db8::1::", "2001:db8:::1", "::1.2.3",
                "1.2.3.4::", "2001:db8:0:0:0:0:0:0:1", "2001:db8:0:0:0:0:1", "2001:db8::192.0.2.1.5", "::ffff:1.2.3.256",
                "2001:DB8::G", "2001:db8::1 ", "2001:db8::00000", "1e2.0.0.1", "\u202e1.2.0.291");
        Arbitrary<String> mutated = Combinators.combine(unownedIps(), Arbitraries.integers().between(0, 45),
                Arbitraries.of("", ".", ":", "::", "0", "a", " ", "\n", "%", "/", "]", "\u0661", "9999"),
                Arbitraries.of(Mutation.values()))
                .as((ip, at, insert, mutation) -> mutation.apply(ip, Math.min(at, ip.length()), insert));
        return Arbitraries.oneOf(traps, mutated);
    }

    /** One edit of a text. */
    enum Mutation {
        INSERT, REPLACE, DELETE;

        String apply(String text, int at, String piece) {
            return switch (this) {
                case INSERT -> text.substring(0, at) + piece + text.substring(at);
                case REPLACE -> at >= text.length() ? text + piece : text.substring(0, at) + piece + text.substring(at + 1);
                case DELETE -> at >= text.length() ? text.substring(0, text.length() - 1) : text.substring(0, at) + text.substring(at + 1);
            };
        }
    }

    /** Ids of the form the platform keys carriers, DDI providers and brands by: letters, digits, '-' and '_'. */
    public static Arbitrary<String> wellFormedIds() {
        return Combinators.combine(
                Arbitraries.strings().withChars("abcXYZ0189").ofLength(1),
                Arbitraries.strings().withChars("abcdefXYZ0123456789-_").ofMinLength(0).ofMaxLength(40),
                Arbitraries.strings().withChars("qrsQRS789").ofLength(1))
                .as((first, middle, last) -> first + middle + last);
    }

    /** Names an operator may give an address: printable text of any script, marks and symbols, 1 to 100 code points. */
    public static Arbitrary<String> printableNames() {
        Arbitrary<String> words = Arbitraries.of("Madrid", "carriers", "\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd",
                "\u65e5\u672c\u8a9e", "e\u0301", "\ud83d\ude00", "\u00df", "\u0130", "\uff11\uff12\uff17", ";", ":", "\\", "|", "\"",
                "'", "<", ">", "listen=udp:6.6.6.6:5060", "#", "%s", "${x}", "1:evil:0:0");
        return words.list().ofMinSize(1).ofMaxSize(6).map(list -> String.join(" ", list))
                .filter(name -> name.codePointCount(0, name.length()) <= 100);
    }

    /** JSON numbers no field of the platform can hold. */
    public static Arbitrary<String> hugeJsonNumbers() {
        return Arbitraries.oneOf(
                Arbitraries.of("1" + "0".repeat(400), "-1" + "0".repeat(400), "1e400", "-1e400", "1.0e-400", "-0", "-0.0",
                        "9223372036854775808", "2147483648", "4294967296", "0.1", "1E+2"),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(18), java.math.BigInteger.TEN.pow(60)).map(Object::toString));
    }

    /** JSON text nested {@code depth} times: arrays, objects, or both alternating. */
    public static String deepJson(int depth, int shape) {
        return switch (shape % 3) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            default -> IntStream.range(0, depth).mapToObj(i -> i % 2 == 0 ? "{\"a\":" : "[").collect(Collectors.joining())
                    + "1" + IntStream.range(0, depth).mapToObj(i -> (depth - 1 - i) % 2 == 0 ? "}" : "]").collect(Collectors.joining());
        };
    }

    /** Text that is not JSON, or not one JSON value. */
    public static Arbitrary<String> malformedJson() {
        return Arbitraries.of("", " ", "{", "}", "[", "{\"name\":", "{\"name\":\"x\",}", "{'name':'x'}", "{name:\"x\"}",
                "{\"name\":\"x\"} {}", "{\"name\":\"x\"}garbage", "/* c */{}", "\ufeff{}", "nul", "tru", "{\"a\":1e}",
                "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\n\"}", "{\"a\"\u0000:1}", "{\"a\":NaN}", "{\"a\":01}",
                "{\"a\":.5}", "{\"a\":+1}", "{,}", "{\"a\":1,,\"b\":2}", "[1,]", "\"\\ud800\"", "{\"a\":\"\\ud800\"",
                "{\"a\":undefined}", "{\"a\":'x'}", "\u0000", "{\"\":\"\"}");
    }

    /** Media types a JSON endpoint does not take, and broken ones. */
    public static Arbitrary<String> contentTypes() {
        return Arbitraries.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/json; charset=utf-16",
                "application/json; charset=\"bad", "application/json;;;", "*/*", "application/*", "garbage", "application/",
                "application/json, text/plain", "application/problem+json", "application/merge-patch+json",
                "application/octet-stream", "text/html", "application/json; boundary=\u00e9");
    }

    /** A JSON string literal of {@code text}, with control characters and lone surrogates written as escapes. */
    public static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                json.append(c).append(text.charAt(++i));
            } else if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /** Percent-encodes every byte of {@code text}'s UTF-8 form but the unreserved characters of RFC 3986. */
    public static String percentEncoded(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return encoded.toString();
    }

    /** Path segments as a client might send them: encoded hostile text, or already-encoded traps (encoded separators, invalid UTF-8, dot segments). */
    public static Arbitrary<String> pathSegments() {
        Arbitrary<String> raw = Arbitraries.of("%ff", "%c0%af", "%2f", "%2F", "%5c", "%00", "%0a", "%0d%0a", "%3b", "%2e%2e",
                "%2e", "%25", "%25%32%66", "%e2%80%ae", "%ed%a0%80", "%f4%90%80%80", "a;b", "a;jsessionid=1", "a,b", "a:b", "a=b",
                "a@b", "a!b", "a$b", "a&b", "a'b", "a(b)", "a*b", "a+b", "..", ".", "a/b", "a%2fb", "x%20y", "%", "%zz", "%1");
        return Arbitraries.frequencyOf(
                Tuple.of(4, strings().map(HostileInputs::percentEncoded)),
                Tuple.of(1, raw),
                Tuple.of(1, Combinators.combine(raw, raw).as((a, b) -> a + "x" + b)));
    }

    private static String repeatTo(String text, int length) {
        if (text.isEmpty()) {
            return "x".repeat(length);
        }
        StringBuilder out = new StringBuilder(length + text.length());
        while (out.length() < length) {
            out.append(text);
        }
        return out.toString();
    }
}
