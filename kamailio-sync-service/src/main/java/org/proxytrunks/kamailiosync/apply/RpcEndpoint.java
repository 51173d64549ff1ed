package org.proxytrunks.kamailiosync.apply;

import java.util.Optional;

/** Where the applier reaches Kamailio's XML-RPC. */
interface RpcEndpoint extends AutoCloseable {

    /** The way to call Kamailio, or empty while it cannot be known yet (the main address has not been registered). */
    Optional<Rpc> rpc();

    @Override
    void close();
}
