package org.proxytrunks.it;

import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.kamailiosync.KamailioSyncServiceApplication;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.ShippedKamailioCheck;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The sync service against the shared stack without a Kamailio: its XML-RPC is a port nothing
 * listens on, and nothing restarts Kamailio. It still folds the events into the desired state,
 * writes the listener files and reports wanted sockets and each provider's socket; where
 * Kamailio is installed the files are checked against the shipped configuration.
 */
final class SyncWithoutKamailio {

    private SyncWithoutKamailio() {
    }

    /** Starts one, its files in a directory of its own under the shared stack's, named after {@code use}. */
    static Started start(String use) {
        return start(use, SharedTestStack.freePort());
    }

    /** Starts one on {@code port}, its files in a directory of its own under the shared stack's, named after {@code use}. */
    static Started start(String use, int port) {
        SharedTestStack stack = SharedTestStack.get();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path directory = stack.directory().resolve("sync-" + use + "-" + run);
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "it-sync-" + use + "-" + run);
        properties.put("proxytrunks.kamailio.config-directory", directory.resolve("proxytrunks").toString());
        properties.put("proxytrunks.kamailio.tables-directory", directory.resolve("tables").toString());
        properties.put("proxytrunks.kamailio.rpc-url", "http://127.0.0.1:" + SharedTestStack.freePort() + "/RPC2");
        String binary = ShippedKamailioCheck.binary();
        if (binary != null) {
            properties.put("proxytrunks.kamailio.config-template", ShippedKamailioCheck.template().toString());
            properties.put("proxytrunks.kamailio.binary", binary);
        }
        return new Started(RunningService.start(KamailioSyncServiceApplication.application(), properties, port), directory);
    }

    /** The running service and the directory of its files. */
    record Started(RunningService service, Path directory) {
    }
}
