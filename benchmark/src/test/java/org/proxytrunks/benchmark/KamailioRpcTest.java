package org.proxytrunks.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading Kamailio's XML-RPC answers (as Kamailio 5.6 writes them) without a DOM. */
class KamailioRpcTest {

    private static final String FOUND = """
            <?xml version="1.0"?>
            <methodResponse>
            <params>
            <param>
            <value><struct><member><name>item</name><value><struct><member><name>name</name><value><string>bench-b00-c000</string></value></member><member><name>value</name><value><string>udp:127.0.80.2:5060</string></value></member><member><name>flags</name><value><int>2</int></value></member><member><name>expire</name><value><string>NEVER</string></value></member></struct></value></member></struct>
            </value>
            </param>
            </params>
            </methodResponse>
            """;

    private static final String MISSING = """
            <?xml version="1.0"?>
            <methodResponse>
            <fault>
            <value>
            <struct>
            <member>
            <name>faultCode</name>
            <value><int>500</int></value>
            </member>
            <member>
            <name>faultString</name>
            <value><string>Key name doesn't exist in htable.</string></value>
            </member>
            </struct>
            </value>
            </fault>
            </methodResponse>
            """;

    @Test
    void readsTheValueOfAnHtableItem() {
        assertThat(KamailioRpc.fault(FOUND)).isNull();
        assertThat(KamailioRpc.member(FOUND, "value")).isEqualTo("udp:127.0.80.2:5060");
        assertThat(KamailioRpc.member(FOUND, "name")).isEqualTo("bench-b00-c000");
        assertThat(KamailioRpc.member(FOUND, "flags")).isEqualTo("2");
        assertThat(KamailioRpc.member(FOUND, "nothing")).isNull();
    }

    @Test
    void readsAFault() {
        assertThat(KamailioRpc.fault(MISSING)).isEqualTo("Key name doesn't exist in htable.");
        assertThat(KamailioRpc.member(MISSING, "faultCode")).isEqualTo("500");
    }

    @Test
    void unescapesText() {
        String answer = "<member><name>value</name><value><string>a &lt;b&gt; &amp; c</string></value></member>";
        assertThat(KamailioRpc.member(answer, "value")).isEqualTo("a <b> & c");
    }
}
