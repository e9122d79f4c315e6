package io.cognate.domain.branding;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One SetUICustomization as stored: for the pool's default ({@link #ALL}) or for one app client,
 * its CSS and logo (either may be absent), the version every write counts up (what the hosted
 * pages put in the stylesheet's and logo's URLs, so a browser caches each version for good) and
 * when it was first and last set.
 */
public record UiCustomization(String clientKey, Optional<String> css, Optional<Logo> logo, long version,
                              Instant created, Instant lastModified) {
    /** Cognito's client ID for the pool's default, used by every client without its own setting. */
    public static final String ALL = "ALL";

    public UiCustomization {
        Objects.requireNonNull(clientKey);
        Objects.requireNonNull(css);
        Objects.requireNonNull(logo);
    }

    /** The same setting stored as {@code version}. */
    public UiCustomization withVersion(long version) {
        return new UiCustomization(clientKey, css, logo, version, created, lastModified);
    }

    /** Cognito's CSSVersion: a string that changes with every write of the setting. */
    public String cssVersion() {
        return Long.toString(version);
    }

    /** A logo image, PNG or JPEG as its bytes say ({@link UiCustomizationRules#logoContentType}). */
    public record Logo(byte[] bytes, String contentType) {
        public Logo {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Logo logo && contentType.equals(logo.contentType) && Arrays.equals(bytes, logo.bytes);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(bytes) + contentType.hashCode();
        }

        @Override
        public String toString() {
            return "Logo[" + contentType + ", " + bytes.length + " bytes]";
        }
    }
}
