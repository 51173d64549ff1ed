package org.proxytrunks.benchmark;

import org.proxytrunks.kamailiosync.rpc.XmlRpcClient;
import org.proxytrunks.kamailiosync.rpc.XmlRpcFaultException;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The two Kamailio RPCs the benchmark needs: {@code core.version} (is it up?) and
 * {@code htable.get} (what socket does a provider's traffic leave from?), through the sync
 * service's own XML-RPC client, which keeps one HTTP connection open between calls (the poller
 * calls it hundreds of times a second).
 */
final class KamailioRpc implements AutoCloseable {

    private final URI endpoint;
    private final XmlRpcClient client;

    KamailioRpc(URI endpoint) {
        this.endpoint = endpoint;
        this.client = new XmlRpcClient(endpoint, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    URI endpoint() {
        return endpoint;
    }

    /** Whether Kamailio answers {@code core.version}. */
    boolean answers() {
        try {
            client.call("core.version");
            return true;
        } catch (IOException | XmlRpcFaultException e) {
            return false;
        }
    }

    /** The value of {@code key} in htable {@code table}, or null when the key is not there. */
    String htableGet(String table, String key) throws IOException {
        Object answer;
        try {
            answer = client.call("htable.get", table, key);
        } catch (XmlRpcFaultException fault) {
            if (fault.getMessage().contains("doesn't exist") || fault.getMessage().contains("not found")) {
                return null;
            }
            throw new IOException("htable.get " + table + " " + key + " failed: " + fault.getMessage(), fault);
        }
        if (answer instanceof Map<?, ?> result && result.get("item") instanceof Map<?, ?> item && item.get("value") != null) {
            return String.valueOf(item.get("value"));
        }
        throw new IOException("htable.get " + table + " " + key + " answered no item: " + answer);
    }

    @Override
    public void close() {
        client.close();
    }
}
