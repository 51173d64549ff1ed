package org.proxytrunks.kamailiosync.rpc;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.Text;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A small XML-RPC client for the few Kamailio RPCs this service calls. It sends string and int
 * parameters and reads strings, ints, booleans, doubles, structs, arrays and faults — nothing
 * else, and never deserializes Java objects. Kamailio answers without a Content-Type and with an
 * extra {@code Sia:} header; neither matters here. A path Kamailio does not serve gets no answer
 * at all, so every call has a bounded connect and read time. Answers are bounded too: at most
 * {@value #MAX_RESPONSE_BYTES} bytes, arrays and structs nested at most {@value #MAX_DEPTH} deep,
 * and scalars that are text only — anything else is an {@link IOException}, never a stack overflow.
 */
public final class XmlRpcClient implements AutoCloseable {

    private static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    private static final int MAX_HEADER_LINE = 8 * 1024;
    /** Kamailio's answers nest a few levels (htable.dump: array, struct, array, struct). */
    static final int MAX_DEPTH = 64;

    private final URI endpoint;
    private final Duration connectTimeout;
    private final Duration timeout;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public XmlRpcClient(URI endpoint, Duration connectTimeout, Duration timeout) {
        if (!"http".equals(endpoint.getScheme()) || endpoint.getHost() == null || endpoint.getPort() < 0) {
            throw new IllegalArgumentException("an XML-RPC endpoint is http://host:port/path, not " + endpoint);
        }
        this.endpoint = endpoint;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
    }

    /**
     * Calls {@code method} with {@code params} (each a String or an Integer) over one HTTP/1.1
     * connection kept open between calls (a new TCP connection per call cost more than the call
     * itself). Kamailio closes connections that stay idle: when a call on a reused connection
     * fails, it is sent once more on a new one — every method this service calls can be repeated
     * without changing the outcome.
     *
     * @return the result: String, Integer, Boolean, Double, {@code Map<String, Object>} or {@code List<Object>}
     * @throws XmlRpcFaultException when Kamailio answers with a fault
     * @throws IOException          when Kamailio cannot be reached or answers something that is not XML-RPC
     */
    public synchronized Object call(String method, Object... params) throws IOException, XmlRpcFaultException {
        byte[] request = encode(method, params).getBytes(StandardCharsets.UTF_8);
        byte[] answer;
        boolean reused = socket != null;
        try {
            answer = exchange(method, request);
        } catch (IOException failed) {
            close();
            if (!reused) {
                throw failed;
            }
            try {
                answer = exchange(method, request);
            } catch (IOException again) {
                close();
                throw again;
            }
        }
        return decode(method, answer);
    }

    private byte[] exchange(String method, byte[] request) throws IOException {
        if (socket == null) {
            Socket opened = new Socket(Proxy.NO_PROXY);
            try {
                opened.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), (int) connectTimeout.toMillis());
                opened.setSoTimeout((int) timeout.toMillis());
                opened.setTcpNoDelay(true);
                in = new BufferedInputStream(opened.getInputStream());
                out = new BufferedOutputStream(opened.getOutputStream());
            } catch (IOException e) {
                opened.close();
                throw e;
            }
            socket = opened;
        }
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort()
                + "\r\nContent-Type: text/xml\r\nContent-Length: " + request.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(request);
        out.flush();

        String status = headerLine();
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new IOException(method + " answered something that is not HTTP: " + status);
        }
        long length = -1;
        boolean closing = false;
        for (String header = headerLine(); !header.isEmpty(); header = headerLine()) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).trim();
            String value = colon < 0 ? "" : header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException(method + " answered a Content-Length that is not a number: " + value);
                }
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                closing = true;
            }
        }
        if (length < 0) {
            throw new IOException(method + " answered without a Content-Length");
        }
        if (length > MAX_RESPONSE_BYTES) {
            throw new IOException(method + " answered " + length + " bytes, more than the " + MAX_RESPONSE_BYTES + " an answer may have");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new IOException(method + " answered a body shorter than its Content-Length");
        }
        if (!status.substring(9, 12).equals("200")) {
            throw new IOException(method + " answered HTTP " + status.substring(9, 12));
        }
        if (closing) {
            close();
        }
        return body;
    }

    /** One line of the answer's head, without its CR LF; bounded in length. */
    private String headerLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed during the answer's head");
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw new IOException("an answer's header line is longer than " + MAX_HEADER_LINE + " bytes");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** Closes the kept connection; the next call opens a new one. */
    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
            in = null;
            out = null;
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
            Object value = value(child(fault, "value"), 0);
            if (value instanceof Map<?, ?> map) {
                Object code = map.get("faultCode");
                throw new XmlRpcFaultException(code instanceof Integer i ? i : -1, String.valueOf(map.get("faultString")));
            }
            throw new XmlRpcFaultException(-1, String.valueOf(value));
        }
        Element params = child(response, "params");
        Element param = params == null ? null : child(params, "param");
        return param == null ? null : value(child(param, "value"), 0);
    }

    /** A {@code <value>} inside {@code depth} arrays and structs. */
    private static Object value(Element value, int depth) throws IOException {
        if (value == null) {
            return null;
        }
        Element typed = firstElement(value);
        if (typed == null) {
            return text(value);
        }
        if (depth >= MAX_DEPTH && (typed.getTagName().equals("struct") || typed.getTagName().equals("array"))) {
            throw new IOException("the answer nests arrays and structs deeper than " + MAX_DEPTH + " levels");
        }
        return switch (typed.getTagName()) {
            case "string" -> text(typed);
            case "int", "i4" -> number(typed, Integer::parseInt);
            case "boolean" -> "1".equals(text(typed).trim());
            case "double" -> number(typed, Double::parseDouble);
            case "nil" -> null;
            case "struct" -> struct(typed, depth + 1);
            case "array" -> array(typed, depth + 1);
            default -> throw new IOException("unexpected XML-RPC type <" + typed.getTagName() + ">");
        };
    }

    private static Object number(Element typed, Function<String, Object> parser) throws IOException {
        String text = text(typed).trim();
        try {
            return parser.apply(text);
        } catch (NumberFormatException e) {
            throw new IOException("malformed XML-RPC number: " + text, e);
        }
    }

    /**
     * The text of a scalar or a name: its text and CDATA children. An element inside is refused
     * rather than read (DOM's getTextContent would recurse through any depth of them).
     */
    private static String text(Element element) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Text part) {
                text.append(part.getData());
            } else if (node instanceof Element inner) {
                throw new IOException("<" + element.getTagName() + "> holds an element <" + inner.getTagName() + ">, not text");
            }
        }
        return text.toString();
    }

    private static Map<String, Object> struct(Element struct, int depth) throws IOException {
        Map<String, Object> members = new LinkedHashMap<>();
        for (Node node = struct.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element member && "member".equals(member.getTagName())) {
                Element name = child(member, "name");
                members.put(name == null ? "" : text(name), value(child(member, "value"), depth));
            }
        }
        return members;
    }

    private static List<Object> array(Element array, int depth) throws IOException {
        List<Object> items = new ArrayList<>();
        Element data = child(array, "data");
        if (data == null) {
            return items;
        }
        for (Node node = data.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element value && "value".equals(value.getTagName())) {
                items.add(value(value, depth));
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
