package org.proxytrunks.kamailiosync.apply;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What events would change in Kamailio ({@link KamailioPreview}).
 *
 * @param listen     the {@code listen=} lines the listener files would gain and lose
 * @param restart    whether Kamailio would restart: the set of listen lines changes
 * @param unbindable the addresses ("id ip") left out of the listener files after the events, as this host cannot bind them
 * @param tables     the htable keys that would change, by table then key
 */
public record PreviewEffect(Listen listen, boolean restart, List<String> unbindable, List<KeyChange> tables) {

    /**
     * @param added   the listen lines the files would gain, sorted
     * @param removed the listen lines the files would lose, sorted
     */
    public record Listen(List<String> added, List<String> removed) {
    }

    /**
     * One htable key that would change.
     *
     * @param table {@code carriers} or {@code ddi_providers}
     * @param key   the provider id
     * @param from  the socket it holds now ({@code udp:127.0.0.2:5060}), null when it holds none
     * @param to    the socket it would hold, null when it would be deleted
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record KeyChange(String table, String key, String from, String to) {
    }
}
