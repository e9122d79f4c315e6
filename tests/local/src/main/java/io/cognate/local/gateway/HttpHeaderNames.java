package io.cognate.local.gateway;

import java.util.Locale;
import java.util.Set;

/** Header names that describe one hop of an HTTP connection and must not be copied to the next hop. */
final class HttpHeaderNames {

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade");

    /** The JDK server frames bodies and stamps Date itself; copying these would duplicate or contradict it. */
    private static final Set<String> SET_BY_SERVER = Set.of("content-length", "date");

    private HttpHeaderNames() {
    }

    static boolean isHopByHop(String name) {
        return HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT));
    }

    /** True for headers a response writer must leave to the JDK server. */
    static boolean isManagedByServer(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return HOP_BY_HOP.contains(lower) || SET_BY_SERVER.contains(lower);
    }
}
