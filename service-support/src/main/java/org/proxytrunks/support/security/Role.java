package org.proxytrunks.support.security;

/** What a token's holder is, from its {@code roles} claim. */
public enum Role {
    /** The platform operator: everything. */
    GOD,
    /** An operator of one brand, named by the {@code brand_id} claim. */
    BRAND_ADMIN,
    /** Another platform service. */
    SERVICE,
    /** This suite itself (bootstrap, handshakes); never granted by a token. */
    SYSTEM;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
