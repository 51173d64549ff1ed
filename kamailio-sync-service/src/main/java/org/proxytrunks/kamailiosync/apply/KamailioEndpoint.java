package org.proxytrunks.kamailiosync.apply;

import org.proxytrunks.kamailiosync.rpc.XmlRpcClient;
import org.proxytrunks.kamailiosync.state.DesiredState;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where Kamailio's XML-RPC is: a fixed URL when configured, otherwise the main address (which
 * comes from the events). One client, with its kept connection, while the endpoint stays the same.
 */
final class KamailioEndpoint implements RpcEndpoint {

    private final SyncSettings settings;
    private final DesiredState state;
    private XmlRpcClient client;
    private URI endpoint;

    KamailioEndpoint(SyncSettings settings, DesiredState state) {
        this.settings = settings;
        this.state = state;
    }

    @Override
    public synchronized Optional<Rpc> rpc() {
        URI wanted;
        if (settings.rpcUrl() != null && !settings.rpcUrl().isBlank()) {
            wanted = URI.create(settings.rpcUrl());
        } else if (state.main().isPresent()) {
            wanted = URI.create("http://" + state.main().get().ip().sipHost() + ":" + settings.rpcPort() + "/RPC2");
        } else {
            return Optional.empty();
        }
        if (client == null || !wanted.equals(endpoint)) {
            close();
            client = new XmlRpcClient(wanted, Duration.ofSeconds(2), Duration.ofSeconds(5));
            endpoint = wanted;
        }
        return Optional.of(client::call);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
