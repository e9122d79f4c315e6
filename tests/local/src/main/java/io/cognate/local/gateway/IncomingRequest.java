package io.cognate.local.gateway;

import java.util.List;
import java.util.Map;

/** One HTTP request as the gateway received it, before it becomes an API Gateway event. */
record IncomingRequest(
        String method,
        String rawPath,
        String rawQuery,
        String protocol,
        String peerIp,
        int localPort,
        Map<String, List<String>> headers,
        byte[] body) {
}
