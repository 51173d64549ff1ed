package org.proxytrunks.kamailiosync.apply;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the sync service writes and how it reaches Kamailio.
 *
 * @param configDirectory the proxytrunks directory Kamailio includes the listener files from
 * @param tablesDirectory the db_text directory of the provider tables (htable {@code db_url})
 * @param rpcPort         the XML-RPC port on the main address
 * @param rpcUrl          a fixed XML-RPC URL instead of {@code http://<main address>:<rpcPort>/RPC2}
 * @param restartCommand  the shell command that restarts Kamailio when the listener set changed;
 *                        empty: the status reports "restart required"
 * @param tls             whether to listen on TLS 5061 too (Kamailio needs its TLS module for that)
 * @param configTemplate  the shipped Kamailio configuration template, to check new listener sets with
 * @param binary          the Kamailio binary for {@code kamailio -c}; the check is skipped where it does not run
 * @param restartTimeout  how long the restart command may take before it is killed (and the restart retried)
 */
@ConfigurationProperties("proxytrunks.kamailio")
public record SyncSettings(Path configDirectory, Path tablesDirectory, int rpcPort, String rpcUrl, String restartCommand,
                           boolean tls, Path configTemplate, String binary,
                           Duration restartTimeout) {

    public SyncSettings {
        binary = binary == null || binary.isBlank() ? "kamailio" : binary;
        restartTimeout = restartTimeout == null ? Duration.ofSeconds(60) : restartTimeout;
    }
}
