package org.proxytrunks.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/**
 * An IPv4 or IPv6 address literal in canonical text form: dotted decimal without leading
 * zeros for IPv4, RFC 5952 for IPv6 (lower case, no leading zeros, the longest run of two or
 * more zero groups compressed, IPv4-mapped addresses in mixed notation).
 *
 * <p>Parsing never consults DNS: host names, zone identifiers, brackets, ports and prefix
 * lengths are refused, so that only a plain address can ever reach a Kamailio file.
 *
 * @param value the canonical text form
 */
public record IpLiteral(String value) {

    private static final int IPV6_GROUPS = 8;

    /**
     * Reads an event or a stored value; the text must already be canonical.
     *
     * @throws InvalidValueException when {@code value} is not a canonical IP literal
     */
    @JsonCreator
    public IpLiteral {
        if (value == null) {
            throw new InvalidValueException("an IP address is required");
        }
        String canonical = canonicalize(value);
        if (!canonical.equals(value)) {
            throw new InvalidValueException("'" + value + "' is not in canonical form; use " + canonical);
        }
    }

    /**
     * Parses any valid IPv4 or IPv6 literal and returns it in canonical form.
     *
     * @throws InvalidValueException naming what is wrong with {@code text}
     */
    public static IpLiteral parse(String text) {
        return new IpLiteral(canonicalize(text));
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** Whether this is an IPv6 address. */
    public boolean isIpv6() {
        return value.indexOf(':') >= 0;
    }

    /** The host part of a SIP URI or Kamailio socket: IPv6 in brackets. */
    public String sipHost() {
        return isIpv6() ? "[" + value + "]" : value;
    }

    /**
     * Why this address cannot be a signalling address of a host (the unspecified address,
     * multicast, broadcast, reserved, IPv4-mapped), or empty when it can.
     */
    public Optional<String> unicastProblem() {
        if (isIpv6()) {
            int[] groups = parseIpv6(value);
            if (allZero(groups, 0, IPV6_GROUPS)) {
                return Optional.of(":: is the unspecified address (every interface); name one address");
            }
            if ((groups[0] & 0xff00) == 0xff00) {
                return Optional.of(value + " is a multicast address");
            }
            if (allZero(groups, 0, 5) && groups[5] == 0xffff) {
                return Optional.of(value + " is an IPv4-mapped address; use the IPv4 form");
            }
            return Optional.empty();
        }
        int first = Integer.parseInt(value.substring(0, value.indexOf('.')));
        if (first == 0) {
            return Optional.of(value + " is in 0.0.0.0/8 (\"this network\"); name one address of the host");
        }
        if (first >= 224 && first <= 239) {
            return Optional.of(value + " is a multicast address");
        }
        if (first >= 240) {
            return Optional.of(value + " is a reserved or broadcast address");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }

    private static String canonicalize(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidValueException("an IP address is required");
        }
        if (text.length() > 45) {
            throw new InvalidValueException("'" + abbreviate(text) + "' is too long to be an IP address");
        }
        if (text.indexOf('%') >= 0) {
            throw new InvalidValueException("'" + text + "' has a zone identifier; give the address without '%zone'");
        }
        if (text.startsWith("[") || text.endsWith("]")) {
            throw new InvalidValueException("'" + text + "' is bracketed; give the bare address");
        }
        if (text.indexOf('/') >= 0) {
            throw new InvalidValueException("'" + text + "' has a prefix length; give one address");
        }
        if (text.indexOf(':') >= 0) {
            return formatIpv6(parseIpv6(text));
        }
        if (text.indexOf('.') >= 0 && text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return formatIpv4(parseIpv4(text, text));
        }
        throw new InvalidValueException("'" + text + "' is not an IP address (host names are not accepted)");
    }

    private static int[] parseIpv4(String text, String whole) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidValueException("'" + whole + "' is not an IPv4 address: it needs four dot-separated numbers");
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidValueException("'" + whole + "' is not an IPv4 address: '" + part + "' is not a number from 0 to 255");
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                throw new InvalidValueException("'" + whole + "' is ambiguous: '" + part + "' has a leading zero");
            }
            octets[i] = Integer.parseInt(part);
            if (octets[i] > 255) {
                throw new InvalidValueException("'" + whole + "' is not an IPv4 address: " + part + " is greater than 255");
            }
        }
        return octets;
    }

    private static int[] parseIpv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            throw new InvalidValueException("'" + text + "' is not an IPv6 address: '::' may appear only once");
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = parseGroups(head, text, doubleColon < 0);
        int[] tailGroups = parseGroups(tail, text, true);
        int given = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? given != IPV6_GROUPS : given > IPV6_GROUPS - 1) {
            throw new InvalidValueException("'" + text + "' is not an IPv6 address: it has "
                    + (given > IPV6_GROUPS - 1 ? "too many" : "too few") + " groups");
        }
        int[] groups = new int[IPV6_GROUPS];
        System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, groups, IPV6_GROUPS - tailGroups.length, tailGroups.length);
        return groups;
    }

    private static int[] parseGroups(String part, String whole, boolean mayEndWithIpv4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] texts = part.split(":", -1);
        boolean endsWithIpv4 = texts[texts.length - 1].indexOf('.') >= 0;
        if (endsWithIpv4 && !mayEndWithIpv4) {
            throw new InvalidValueException("'" + whole + "' is not an IPv6 address: an embedded IPv4 address must come last");
        }
        int[] groups = new int[texts.length + (endsWithIpv4 ? 1 : 0)];
        for (int i = 0; i < texts.length; i++) {
            String group = texts[i];
            if (endsWithIpv4 && i == texts.length - 1) {
                int[] octets = parseIpv4(group, whole);
                groups[i] = octets[0] << 8 | octets[1];
                groups[i + 1] = octets[2] << 8 | octets[3];
                continue;
            }
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(IpLiteral::isHexDigit)) {
                throw new InvalidValueException("'" + whole + "' is not an IPv6 address: '" + group + "' is not a group of 1 to 4 hex digits");
            }
            groups[i] = Integer.parseInt(group, 16);
        }
        return groups;
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String formatIpv4(int[] octets) {
        return octets[0] + "." + octets[1] + "." + octets[2] + "." + octets[3];
    }

    private static String formatIpv6(int[] groups) {
        if (allZero(groups, 0, 5) && groups[5] == 0xffff) {
            return "::ffff:" + formatIpv4(new int[] {groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff});
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < IPV6_GROUPS; ) {
            int j = i;
            while (j < IPV6_GROUPS && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static boolean allZero(int[] groups, int from, int to) {
        for (int i = from; i < to; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() <= 48 ? text : text.substring(0, 45) + "...";
    }
}
