package org.proxytrunks.kamailiosync.rpc;

/** Kamailio answered a call with an XML-RPC fault (for example an unknown htable: code 500). */
public class XmlRpcFaultException extends Exception {

    private final int code;

    public XmlRpcFaultException(int code, String message) {
        super("XML-RPC fault " + code + ": " + message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
