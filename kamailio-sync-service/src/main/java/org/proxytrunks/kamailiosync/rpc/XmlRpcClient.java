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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
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
    private final Duration connectTimeout;
    private final Duration timeout;

    public XmlRpcClient(URI endpoint, Duration connectTimeout, Duration timeout) {
        this.endpoint = endpoint;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
    }

    /**
     * Calls {@code method} with {@code params} (each a String or an Integer). Every call has a
     * connection of its own, closed after the answer: Kamailio closes idle HTTP connections, and a
     * pooled one it had closed would fail the next call.
     *
     * @return the result: String, Integer, Boolean, Double, {@code Map<String, Object>} or {@code List<Object>}
     * @throws XmlRpcFaultException when Kamailio answers with a fault
     * @throws IOException          when Kamailio cannot be reached or answers something that is not XML-RPC
     */
    public Object call(String method, Object... params) throws IOException, XmlRpcFaultException {
        byte[] request = encode(method, params).getBytes(StandardCharsets.UTF_8);
        HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection(Proxy.NO_PROXY);
        try {
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            connection.setDoOutput(true);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "text/xml");
            connection.setRequestProperty("Connection", "close");
            connection.setFixedLengthStreamingMode(request.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(request);
            }
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IOException(method + " answered HTTP " + status);
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (body.length > MAX_RESPONSE_BYTES) {
                    throw new IOException(method + " answered more than " + MAX_RESPONSE_BYTES + " bytes");
                }
                return decode(method, body);
            }
        } finally {
            connection.disconnect();
        }
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
