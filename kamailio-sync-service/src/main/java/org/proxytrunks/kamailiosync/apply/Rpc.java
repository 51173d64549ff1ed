package org.proxytrunks.kamailiosync.apply;

import org.proxytrunks.kamailiosync.rpc.XmlRpcFaultException;

import java.io.IOException;

/** One call to Kamailio's XML-RPC: what the parts of the applier need of it (a fake in their unit tests). */
@FunctionalInterface
interface Rpc {

    Object call(String method, Object... params) throws IOException, XmlRpcFaultException;
}
