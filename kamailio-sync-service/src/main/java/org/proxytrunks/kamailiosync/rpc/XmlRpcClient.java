package org.proxytrunks.kamailiosync.rpc;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small XML-RPC client for the few Kamailio RPCs this service calls. It sends string and int
 * parameters and reads strings, ints, booleans, doubles, structs, arrays and faults — nothing
 * else, and never deserializes Java objects. Kamailio answers without a Content-Type and with an
 * extra {@code Sia:} header; neither matters here. A path Kamailio does not serve gets no answer
 * at all, so every call has a bounded connect and read time.
 */
public final class XmlRpcClient {

    private static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    public XmlRpcClient(URI endpoint, Duration connectTimeout, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Calls {@code method} with {@code params} (each a String or an Integer).
     *
     * @return the result: String, Integer, Boolean, Double, {@code Map<String, Object>} or {@code List<Object>}
     * @throws XmlRpcFaultException when Kamailio answers with a fault
     * @throws IOException          when Kamailio cannot be reached or answers something that is not XML-RPC
     */
    public Object call(String method, Object... params) throws IOException, XmlRpcFaultException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(encode(method, params), StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + method, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(method + " answered HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_RESPONSE_BYTES) {
            throw new IOException(method + " answered more than " + MAX_RESPONSE_BYTES + " bytes");
        }
        return decode(method, response.body());
    }

    static String encode(String method, Object... params) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>")
                .append(escape(method)).append("</methodName><params>");
        for (Object param : params) {
            xml.append("<param><value>");
            if (param instanceof Integer number) {
                xml.append("<int>").append(number).append("</int>");
            } else if (param instanceof String text) {
                xml.append("<string>").append(escape(text)).append("</string>");
            } else {
                throw new IllegalArgumentException("only String and Integer parameters are sent, not " + param);
            }
            xml.append("</value></param>");
        }
        return xml.append("</params></methodCall>").toString();
    }

    static Object decode(String method, byte[] body) throws IOException, XmlRpcFaultException {
        Element response;
        try {
            response = parser().parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (SAXException e) {
            throw new IOException(method + " answered something that is not XML: " + e.getMessage(), e);
        }
        if (!"methodResponse".equals(response.getTagName())) {
            throw new IOException(method + " answered <" + response.getTagName() + ">, not <methodResponse>");
        }
        Element fault = child(response, "fault");
        if (fault != null) {
            Object value = value(child(fault, "value"));
            if (value instanceof Map<?, ?> map) {
                Object code = map.get("faultCode");
                throw new XmlRpcFaultException(code instanceof Integer i ? i : -1, String.valueOf(map.get("faultString")));
            }
            throw new XmlRpcFaultException(-1, String.valueOf(value));
        }
        Element params = child(response, "params");
        Element param = params == null ? null : child(params, "param");
        return param == null ? null : value(child(param, "value"));
    }

    private static Object value(Element value) throws IOException {
        if (value == null) {
            return null;
        }
        Element typed = firstElement(value);
        if (typed == null) {
            return value.getTextContent();
        }
        String text = typed.getTextContent().trim();
        try {
            return switch (typed.getTagName()) {
                case "string" -> typed.getTextContent();
                case "int", "i4" -> Integer.parseInt(text);
                case "boolean" -> "1".equals(text);
                case "double" -> Double.parseDouble(text);
                case "nil" -> null;
                case "struct" -> struct(typed);
                case "array" -> array(typed);
                default -> throw new IOException("unexpected XML-RPC type <" + typed.getTagName() + ">");
            };
        } catch (NumberFormatException e) {
            throw new IOException("malformed XML-RPC number: " + text, e);
        }
    }

    private static Map<String, Object> struct(Element struct) throws IOException {
        Map<String, Object> members = new LinkedHashMap<>();
        for (Node node = struct.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element member && "member".equals(member.getTagName())) {
                Element name = child(member, "name");
                members.put(name == null ? "" : name.getTextContent(), value(child(member, "value")));
            }
        }
        return members;
    }

    private static List<Object> array(Element array) throws IOException {
        List<Object> items = new ArrayList<>();
        Element data = child(array, "data");
        if (data == null) {
            return items;
        }
        for (Node node = data.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element value && "value".equals(value.getTagName())) {
                items.add(value(value));
            }
        }
        return items;
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getTagName())) {
                return element;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return element;
            }
        }
        return null;
    }

    private static DocumentBuilder parser() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IOException("no safe XML parser", e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
