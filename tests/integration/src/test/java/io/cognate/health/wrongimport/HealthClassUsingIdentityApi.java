package io.cognate.health.wrongimport;

import io.cognate.identity.IdentityApiHandler;

/** A health-check class that reaches into identity-api on purpose (ArchitectureTest); never shipped. */
public final class HealthClassUsingIdentityApi {
    private HealthClassUsingIdentityApi() {
    }

    static String name(IdentityApiHandler handler) {
        return handler.getClass().getName();
    }
}
