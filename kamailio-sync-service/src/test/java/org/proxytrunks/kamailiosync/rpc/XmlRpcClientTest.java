package org.proxytrunks.kamailiosync.rpc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlRpcClientTest {

    private static Object decode(String xml) throws Exception {
        return XmlRpcClient.decode("test", xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodesStringsEscapedAndInts() {
        assertThat(XmlRpcClient.encode("htable.reload", "a<b&c", 7)).isEqualTo("<?xml version=\"1.0\"?><methodCall>"
                + "<methodName>htable.reload</methodName><params><param><value><string>a&lt;b&amp;c</string></value></param>"
                + "<param><value><int>7</int></value></param></params></methodCall>");
    }

    @Test
    void decodesStructsArraysAndScalars() throws Exception {
        Object result = decode("""
                <?xml version="1.0"?>
                <methodResponse><params><param><value><array><data>
                <value><struct><member><name>NAME</name><value><string>127.0.0.1</string></value></member>
                <member><name>PORT</name><value><int>5060</int></value></member>
                <member><name>plain</name><value>text</value></member></struct></value>
                <value><boolean>1</boolean></value>
                </data></array></value></param></params></methodResponse>""");
        assertThat(result).isEqualTo(List.of(Map.of("NAME", "127.0.0.1", "PORT", 5060, "plain", "text"), true));
    }

    @Test
    void aFaultIsAnException() {
        assertThatThrownBy(() -> decode("""
                <?xml version="1.0"?><methodResponse><fault><value><struct>
                <member><name>faultCode</name><value><int>500</int></value></member>
                <member><name>faultString</name><value><string>No such htable</string></value></member>
                </struct></value></fault></methodResponse>"""))
                .isInstanceOf(XmlRpcFaultException.class)
                .hasMessageContaining("No such htable")
                .satisfies(e -> assertThat(((XmlRpcFaultException) e).code()).isEqualTo(500));
    }

    @Test
    void entitiesAndDoctypesAreRefused() {
        assertThatThrownBy(() -> decode("""
                <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <methodResponse><params><param><value>&x;</value></param></params></methodResponse>"""))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> decode("not xml")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> decode("<other/>")).isInstanceOf(IOException.class);
    }
}
