package io.cognate.domain.federation.saml;

/**
 * A SAML message or metadata that is refused. The reason is for the log (it names the failed
 * check, never a value from the message); the caller is told only that the response is invalid,
 * so a probe learns nothing about which check failed.
 */
public final class SamlRejected extends RuntimeException {
    public SamlRejected(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
