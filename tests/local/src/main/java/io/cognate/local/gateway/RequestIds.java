package io.cognate.local.gateway;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids shaped like API Gateway's ("JKJaXmPLvHcESHA="): 88 random bits, so collisions don't happen in practice. */
final class RequestIds {

    private RequestIds() {
    }

    static String next() {
        byte[] bytes = new byte[11];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
