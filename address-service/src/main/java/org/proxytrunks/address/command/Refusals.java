package org.proxytrunks.address.command;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;

/** Why the address aggregate refuses a command; the web layer maps each type to a problem detail. */
public final class Refusals {

    private Refusals() {
    }

    /** A field of the command breaks a rule of the address (A1, A3): the caller must change it. */
    public static final class InvalidAddressFieldException extends RuntimeException {
        private final String field;

        public InvalidAddressFieldException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Another address has this IP already (A2). */
    public static final class DuplicateIpException extends RuntimeException {
        private final IpLiteral ip;
        private final AddressId owner;

        public DuplicateIpException(IpLiteral ip, AddressId owner, String ownerName) {
            super(ip + " is already the IP of address '" + ownerName + "' (id " + owner
                    + "); change or remove that address first, or choose another IP");
            this.ip = ip;
            this.owner = owner;
        }

        public IpLiteral ip() {
            return ip;
        }

        public AddressId owner() {
            return owner;
        }
    }

    /** The main address cannot be removed or renamed (A3). */
    public static final class MainAddressProtectedException extends RuntimeException {
        public MainAddressProtectedException(String message) {
            super(message);
        }
    }

    /** The address is being removed and cannot be changed meanwhile. */
    public static final class AddressRetiringException extends RuntimeException {
        public AddressRetiringException(AddressId id) {
            super("address " + id + " is being removed; wait for the removal to finish or be refused");
        }
    }

    /** A step of the removal handshake that does not fit the address's state or round. */
    public static final class NotRetiringException extends RuntimeException {
        public NotRetiringException(AddressId id) {
            super("address " + id + " is not being removed in that round");
        }
    }
}
