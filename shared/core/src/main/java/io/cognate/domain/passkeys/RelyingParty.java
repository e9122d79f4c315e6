package io.cognate.domain.passkeys;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The WebAuthn relying party a pool's passkeys are bound to: its id (the pool's domain, e.g.
 * {@code auth.example.com}), which every authenticator hashes into its answers, and the origins
 * (scheme, host, port) whose pages may register and use them. Each origin's host must be the id
 * or a subdomain of it (WebAuthn's rule for an RP id), and must be {@code https} unless the host
 * is {@code localhost}, which browsers treat as a secure context.
 */
public record RelyingParty(String id, List<String> origins) {
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final String LOCALHOST = "localhost";

    public RelyingParty {
        if (id == null || id.length() > 253 || !HOST.matcher(id).matches()) {
            throw new IllegalArgumentException("the relying party id must be a lower-case host name such as auth.example.com");
        }
        if (origins == null || origins.isEmpty()) {
            throw new IllegalArgumentException("a relying party needs at least one origin");
        }
        origins = origins.stream().map(origin -> checkedOrigin(id, origin)).distinct().toList();
    }

    /** The id, with its one origin {@code https://<id>}. */
    public static RelyingParty of(String id) {
        return new RelyingParty(id, List.of("https://" + id));
    }

    private static String checkedOrigin(String id, String origin) {
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("origin is not a URL: " + origin);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!bare || host.isEmpty()) {
            throw new IllegalArgumentException("an origin is scheme, host and port only: " + origin);
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && host.equals(LOCALHOST))) {
            throw new IllegalArgumentException("an origin must be https (http only for localhost): " + origin);
        }
        if (!host.equals(id) && !host.endsWith("." + id)) {
            throw new IllegalArgumentException("origin " + origin + " is not " + id + " or a subdomain of it");
        }
        return scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
