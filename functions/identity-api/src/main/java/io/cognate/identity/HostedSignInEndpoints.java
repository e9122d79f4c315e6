package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.domain.AppClient;
import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.User;
import io.cognate.domain.UserStatus;
import io.cognate.domain.mfa.MfaSignIn;
import io.cognate.domain.oauth.AuthorizationRequest;
import io.cognate.domain.oauth.AuthorizationRequests;
import io.cognate.domain.oauth.HostedSession;
import io.cognate.domain.oauth.HostedSessions;
import io.cognate.domain.signin.ChoiceSignIn;
import io.cognate.domain.signin.NewPasswordChallenge;
import io.cognate.http.HttpApiEvents;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser side of OAuth: {@code GET /oauth2/authorize}, the hosted sign-in pages
 * ({@code /login}, the TOTP step {@code /mfa}, the NEW_PASSWORD_REQUIRED step
 * {@code /newPassword}, the passkey step {@code /passkey}) and {@code GET /logout}. Sign-in goes
 * through the same services as the Cognito API ({@link IdentityService#checkPassword},
 * {@link MfaSignIn}, {@link NewPasswordChallenge}, and for passkeys USER_AUTH's WEB_AUTHN
 * challenge in {@link ChoiceSignIn}), so the same lockout counter, MFA, anti-enumeration and
 * password rules apply. Every form post
 * carries a CSRF token that must equal the pre-session cookie (double submit); a request to
 * authorize is checked again on every post.
 */
final class HostedSignInEndpoints {
    static final String AUTHORIZE = "/oauth2/authorize";
    static final String LOGIN = "/login";
    static final String MFA = "/mfa";
    static final String NEW_PASSWORD = "/newPassword";
    static final String PASSKEY = "/passkey";
    /** The login form's passkey button: its name and value, USER_AUTH's parameter and factor. */
    static final String PREFERRED_CHALLENGE = "preferred_challenge";
    static final String LOGOUT = "/logout";
    private static final Logger LOG = LoggerFactory.getLogger(HostedSignInEndpoints.class);
    /** The CSRF cookie outlives a slow sign-in but not a day. */
    private static final long CSRF_MAX_AGE_SECONDS = 3600;
    private static final int MAX_USERNAME = 128;
    private static final int MAX_PASSWORD = 256;
    static final String POOL_USERS_REFUSED = "This app signs in only through its identity providers.";
    private static final String PASSKEYS_UNAVAILABLE = "Signing in with a passkey is not available for this app.";

    private final Supplier<OAuthWiring> wiring;

    HostedSignInEndpoints(Supplier<OAuthWiring> wiring) {
        this.wiring = wiring;
    }

    static boolean serves(String method, String path) {
        return switch (path) {
            case AUTHORIZE, LOGOUT -> method.equals("GET");
            case LOGIN -> method.equals("GET") || method.equals("POST");
            case MFA, NEW_PASSWORD, PASSKEY -> method.equals("POST");
            default -> false;
        };
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        String path = HttpApiEvents.path(event);
        String method = HttpApiEvents.method(event);
        OAuthWiring oauth = wiring.get();
        String nonce = oauth.randomToken();
        try {
            return switch (path) {
                case AUTHORIZE -> authorize(oauth, event, nonce);
                case LOGOUT -> logout(oauth, event, nonce);
                case LOGIN -> method.equals("GET") ? loginPage(oauth, event, nonce) : login(oauth, event, nonce);
                case MFA -> mfa(oauth, event, nonce);
                case PASSKEY -> passkey(oauth, event, nonce);
                default -> newPassword(oauth, event, nonce);
            };
        } catch (RuntimeException e) {
            // Only the class: a message could quote the request.
            LOG.error("operation=hosted path={} outcome=server_error requestId={} cause={}", path,
                    HttpApiEvents.requestId(event), e.getClass().getName());
            return HostedHttp.html(500, HostedPages.error(nonce, "server_error", "Something went wrong. Try again."),
                    nonce, Optional.empty(), List.of());
        }
    }

    private APIGatewayV2HTTPResponse authorize(OAuthWiring oauth, APIGatewayV2HTTPEvent event, String nonce) {
        Optional<Map<String, String>> query = HostedHttp.query(event);
        if (query.isEmpty()) {
            return errorPage(nonce, "invalid_request", "The request is malformed.");
        }
        var checked = oauth.requests().check(query.get());
        if (!(checked instanceof AuthorizationRequests.Valid valid)) {
            return refused(checked, nonce);
        }
        AuthorizationRequest request = valid.request();
        if (AuthorizationRequests.namesFederatedProvider(request)) {
            return upstream(oauth, event, request);
        }
        Optional<HostedSession> session = signedIn(oauth, event)
                .filter(current -> AuthorizationRequests.acceptsSession(valid.client(), current));
        if (session.isPresent() && !request.forcesLogin()) {
            return HostedHttp.redirect(codeRedirect(oauth, request, session.get()), List.of());
        }
        if (request.forbidsLogin()) {
            return HostedHttp.redirect(new AuthorizationRequests.RedirectError(request.redirectUri(), "login_required",
                    "The user is not signed in.", request.state()).location(), List.of());
        }
        if (!AuthorizationRequests.signsInPoolUsers(valid.client())) {
            List<String> providers = AuthorizationRequests.federatedProviders(valid.client());
            if (providers.isEmpty() || request.identityProvider().isPresent()) {
                // identity_provider=COGNITO at a client without it, or a client with no provider at all.
                return HostedHttp.redirect(new AuthorizationRequests.RedirectError(request.redirectUri(),
                        "unauthorized_client", "The client does not sign in with this identity provider.",
                        request.state()).location(), List.of());
            }
            if (providers.size() == 1) {
                // Nothing to choose: Cognito goes straight to the client's one provider.
                return upstream(oauth, event, request.through(providers.getFirst()));
            }
        }
        return HostedHttp.redirect(LOGIN + "?" + request.query(), List.of());
    }

    /** On to the upstream provider the request names, through federation's authorize step. */
    private static APIGatewayV2HTTPResponse upstream(OAuthWiring oauth, APIGatewayV2HTTPEvent event,
                                                     AuthorizationRequest request) {
        Optional<String> upstream = oauth.federation().upstreamRedirect(request,
                FederatedLanding.idpResponseUri(oauth.issuer(), event));
        if (upstream.isEmpty()) {
            return HostedHttp.redirect(new AuthorizationRequests.RedirectError(request.redirectUri(), "invalid_request",
                    "The identity provider does not exist.", request.state()).location(), List.of());
        }
        return HostedHttp.redirect(upstream.get(), List.of());
    }

    /** The hosted session in the request's cookie, if it opens, is current and its user may still sign in. */
    private static Optional<HostedSession> signedIn(OAuthWiring oauth, APIGatewayV2HTTPEvent event) {
        return HostedHttp.cookie(event, HostedHttp.SESSION_COOKIE)
                .flatMap(oauth.sessions()::open)
                .filter(session -> oauth.directory().findBySub(session.sub())
                        .filter(User::enabled).filter(user -> user.status() == UserStatus.CONFIRMED
                                || user.status() == UserStatus.EXTERNAL_PROVIDER).isPresent());
    }

    private static String codeRedirect(OAuthWiring oauth, AuthorizationRequest request, HostedSession session) {
        String code = oauth.codes().issue(request, session.sub(), session.authTime());
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("code", code);
        request.state().ifPresent(state -> parameters.put("state", state));
        return AuthorizationRequest.redirect(request.redirectUri(), parameters);
    }

    private APIGatewayV2HTTPResponse loginPage(OAuthWiring oauth, APIGatewayV2HTTPEvent event, String nonce) {
        Optional<Map<String, String>> query = HostedHttp.query(event);
        if (query.isEmpty()) {
            return errorPage(nonce, "invalid_request", "The request is malformed.");
        }
        var checked = oauth.requests().check(query.get());
        if (!(checked instanceof AuthorizationRequests.Valid valid)) {
            return refused(checked, nonce);
        }
        var cookies = new ArrayList<String>();
        String csrf = csrfToken(oauth, event, cookies);
        return loginForm(oauth, valid.client(), valid.request(), nonce, csrf, cookies, "", Optional.empty(),
                Optional.empty(), 200);
    }

    private APIGatewayV2HTTPResponse login(OAuthWiring oauth, APIGatewayV2HTTPEvent event, String nonce) {
        Posted posted = posted(oauth, event, nonce);
        if (posted.refusal() != null) {
            return posted.refusal();
        }
        if (ChoiceSignIn.WEB_AUTHN.equals(posted.form().get(PREFERRED_CHALLENGE))) {
            return startPasskey(oauth, event, posted, nonce);
        }
        AuthorizationRequest request = posted.request();
        String username = posted.form().getOrDefault("username", "").strip();
        String password = posted.form().getOrDefault("password", "");
        if (username.isEmpty() || username.length() > MAX_USERNAME) {
            return loginForm(oauth, posted.client(), request, nonce, posted.csrf(), List.of(), username, Optional.of("Enter your username."),
                    Optional.of("username"), 400);
        }
        if (password.isEmpty() || password.length() > MAX_PASSWORD) {
            return loginForm(oauth, posted.client(), request, nonce, posted.csrf(), List.of(), username, Optional.of("Enter your password."),
                    Optional.of("password"), 400);
        }
        IdentityService.Authenticating<MfaSignIn.Step> signedIn;
        try {
            var checkedPassword = oauth.identity().get().checkPassword(posted.client(), username, password);
            signedIn = IdentityService.authenticatingOnly(() -> oauth.mfaSignIn().get().afterPassword(checkedPassword));
        } catch (CognitoException refused) {
            LOG.info("operation=hosted/login outcome={} requestId={}", refused.type(), HttpApiEvents.requestId(event));
            return loginForm(oauth, posted.client(), request, nonce, posted.csrf(), List.of(), username,
                    Optional.of(shown(refused)), Optional.empty(), 400);
        }
        return next(oauth, posted.client(), request, signedIn, username, nonce, posted.csrf());
    }

    private APIGatewayV2HTTPResponse mfa(OAuthWiring oauth, APIGatewayV2HTTPEvent event, String nonce) {
        Posted posted = posted(oauth, event, nonce);
        if (posted.refusal() != null) {
            return posted.refusal();
        }
        String username = posted.form().getOrDefault("username", "");
        String session = posted.form().getOrDefault("session", "");
        String code = posted.form().getOrDefault("code", "").strip();
        if (code.isEmpty()) {
            return mfaForm(posted.request(), nonce, posted.csrf(), username, session, Optional.of("Enter the code from your authenticator app."));
        }
        IdentityService.Authenticating<MfaSignIn.Step> signedIn;
        try {
            signedIn = IdentityService.authenticatingOnly(() -> oauth.mfaSignIn().get().answer(
                    posted.client().clientId(), "SOFTWARE_TOKEN_MFA", session,
                    Map.of("USERNAME", username, "SOFTWARE_TOKEN_MFA_CODE", code)));
        } catch (CognitoException refused) {
            LOG.info("operation=hosted/mfa outcome={} requestId={}", refused.type(), HttpApiEvents.requestId(event));
            if (refused.type().equals("CodeMismatchException")) {
                return mfaForm(posted.request(), nonce, posted.csrf(), username, session, Optional.of(refused.getMessage()));
            }
            return loginForm(oauth, posted.client(), posted.request(), nonce, posted.csrf(), List.of(), username,
                    Optional.of("Your sign-in has expired. Sign in again."), Optional.empty(), 400);
        }
        return next(oauth, posted.client(), posted.request(), signedIn, username, nonce, posted.csrf());
    }

    /**
     * The login form's passkey button: USER_AUTH with PREFERRED_CHALLENGE=WEB_AUTHN, as the API
     * starts it. Every username gets the same page (ChoiceSignIn's options list no credentials,
     * and a username without a user gets a decoy challenge and session), so the step tells
     * nobody who exists or has a passkey.
     */
    private APIGatewayV2HTTPResponse startPasskey(OAuthWiring oauth, APIGatewayV2HTTPEvent event, Posted posted,
                                                  String nonce) {
        AuthorizationRequest request = posted.request();
        String username = posted.form().getOrDefault("username", "").strip();
        if (!passkeysOffered(oauth, posted.client())) {
            return loginForm(oauth, posted.client(), request, nonce, posted.csrf(), List.of(), username,
                    Optional.of(PASSKEYS_UNAVAILABLE), Optional.empty(), 400);
        }
        if (username.isEmpty() || username.length() > MAX_USERNAME) {
            return loginForm(oauth, posted.client(), request, nonce, posted.csrf(), List.of(), username,
                    Optional.of("Enter your username."), Optional.of("username"), 400);
        }
        MfaSignIn.Step step;
        try {
            step = oauth.choiceSignIn().get().start(posted.client().clientId(),
                    Map.of("USERNAME", username, "PREFERRED_CHALLENGE", ChoiceSignIn.WEB_AUTHN));
        } catch (CognitoException refused) {
            LOG.info("operation=hosted/passkey/start outcome={} requestId={}", refused.type(), HttpApiEvents.requestId(event));
            return loginForm(oauth, posted.client(), request, nonce, posted.csrf(), List.of(), username,
                    Optional.of(refused.getMessage()), Optional.empty(), 400);
        }
        if (!(step instanceof MfaSignIn.Challenge challenge) || !challenge.name().equals(ChoiceSignIn.WEB_AUTHN)) {
            throw new IllegalStateException("USER_AUTH with WEB_AUTHN preferred answered another step");
        }
        var carried = new LinkedHashMap<>(request.parameters());
        // The name the challenge answers with (case-folded, the same for every user), as the API's client sends it back.
        carried.put("username", challenge.parameters().get("USERNAME"));
        carried.put("session", challenge.session());
        String page = HostedPages.passkey(nonce, PASSKEY, posted.csrf(), carried,
                challenge.parameters().get("CREDENTIAL_REQUEST_OPTIONS"), LOGIN + "?" + request.query());
        return HostedHttp.html(200, page, nonce, callbackOrigin(request), List.of(), true);
    }

    /**
     * The passkey page's post: the assertion answers the WEB_AUTHN challenge through
     * {@link ChoiceSignIn#respond}, the API's own check: the same verifier, the challenge sealed
     * in the session and its use claimed once, and every failed check counted on the user's
     * lockout counter like a wrong password.
     */
    private APIGatewayV2HTTPResponse passkey(OAuthWiring oauth, APIGatewayV2HTTPEvent event, String nonce) {
        Posted posted = posted(oauth, event, nonce);
        if (posted.refusal() != null) {
            return posted.refusal();
        }
        String username = posted.form().getOrDefault("username", "");
        String session = posted.form().getOrDefault("session", "");
        String credential = posted.form().getOrDefault("credential", "");
        if (!passkeysOffered(oauth, posted.client())) {
            return loginForm(oauth, posted.client(), posted.request(), nonce, posted.csrf(), List.of(), username,
                    Optional.of(PASSKEYS_UNAVAILABLE), Optional.empty(), 400);
        }
        if (credential.isEmpty() || username.isEmpty() || session.isEmpty()) {
            return loginForm(oauth, posted.client(), posted.request(), nonce, posted.csrf(), List.of(), username,
                    Optional.of("The passkey was not used. Sign in again."), Optional.empty(), 400);
        }
        IdentityService.Authenticating<MfaSignIn.Step> signedIn;
        try {
            signedIn = IdentityService.authenticatingOnly(() -> oauth.choiceSignIn().get().respond(
                    posted.client().clientId(), ChoiceSignIn.WEB_AUTHN, session,
                    Map.of("USERNAME", username, "CREDENTIAL", credential)));
        } catch (CognitoException refused) {
            LOG.info("operation=hosted/passkey outcome={} requestId={}", refused.type(), HttpApiEvents.requestId(event));
            return loginForm(oauth, posted.client(), posted.request(), nonce, posted.csrf(), List.of(), username,
                    Optional.of(shown(refused)), Optional.empty(), 400);
        }
        return next(oauth, posted.client(), posted.request(), signedIn, username, nonce, posted.csrf());
    }

    /**
     * What the login form says of a refused password or passkey: an unknown user reads exactly
     * as a failed check, whatever the client's PreventUserExistenceErrors (Cognito's hosted pages
     * never tell them apart); the other refusals come only after a right password or passkey.
     */
    private static String shown(CognitoException refused) {
        return refused.type().equals("UserNotFoundException")
                ? io.cognate.domain.PasswordSignIn.INCORRECT_CREDENTIALS : refused.getMessage();
    }

    /**
     * Whether the login page offers passkeys to this client's users: as Cognito's managed login,
     * when the client allows USER_AUTH and the pool's first factors include WEB_AUTHN (not with
     * MFA on), and the pool has a relying party to bind passkeys to.
     */
    static boolean passkeysOffered(OAuthWiring oauth, AppClient client) {
        return oauth.passkeysConfigured() && client.allows(AppClient.ALLOW_USER_AUTH)
                && oauth.choiceSignIn().get().firstFactors().contains(ChoiceSignIn.WEB_AUTHN);
    }

    private APIGatewayV2HTTPResponse newPassword(OAuthWiring oauth, APIGatewayV2HTTPEvent event, String nonce) {
        Posted posted = posted(oauth, event, nonce);
        if (posted.refusal() != null) {
            return posted.refusal();
        }
        String username = posted.form().getOrDefault("username", "");
        String session = posted.form().getOrDefault("session", "");
        String password = posted.form().getOrDefault("new_password", "");
        if (password.isEmpty() || password.length() > MAX_PASSWORD) {
            return newPasswordForm(posted.request(), nonce, posted.csrf(), username, session, Optional.of("Enter a new password."));
        }
        IdentityService.Authenticating<MfaSignIn.Step> signedIn;
        try {
            signedIn = IdentityService.authenticatingOnly(() -> oauth.newPassword().get().answer(
                    posted.client().clientId(), session, Map.of("USERNAME", username, "NEW_PASSWORD", password)));
        } catch (CognitoException refused) {
            LOG.info("operation=hosted/newPassword outcome={} requestId={}", refused.type(), HttpApiEvents.requestId(event));
            if (refused.type().equals("InvalidPasswordException")) {
                return newPasswordForm(posted.request(), nonce, posted.csrf(), username, session, Optional.of(refused.getMessage()));
            }
            return loginForm(oauth, posted.client(), posted.request(), nonce, posted.csrf(), List.of(), username,
                    Optional.of("Your sign-in has expired. Sign in again."), Optional.empty(), 400);
        }
        return next(oauth, posted.client(), posted.request(), signedIn, username, nonce, posted.csrf());
    }

    /** After a sign-in step: the next step's page, or the hosted session and the code. */
    private APIGatewayV2HTTPResponse next(OAuthWiring oauth, AppClient client, AuthorizationRequest request,
                                          IdentityService.Authenticating<MfaSignIn.Step> signedIn, String username,
                                          String nonce, String csrf) {
        if (signedIn.step() instanceof MfaSignIn.Challenge challenge) {
            return switch (challenge.name()) {
                case "SOFTWARE_TOKEN_MFA" -> mfaForm(request, nonce, csrf, username, challenge.session(), Optional.empty());
                case NewPasswordChallenge.NAME -> newPasswordForm(request, nonce, csrf, username, challenge.session(), Optional.empty());
                default -> loginForm(oauth, client, request, nonce, csrf, List.of(), username,
                        Optional.of("This account needs a sign-in step the hosted pages do not offer yet ("
                                + challenge.name() + ")."), Optional.empty(), 400);
            };
        }
        // Signed in: who, and when, as the sign-in recorded it; the tokens come from the code.
        IdentityService.Authenticated who = signedIn.authenticated().orElseThrow(() ->
                new IllegalStateException("a hosted sign-in step completed without signing anybody in"));
        HostedSession session = oauth.sessions().start(who.sub(), AuthorizationRequests.COGNITO,
                Instant.ofEpochSecond(who.at().getEpochSecond()));
        String cookie = HostedHttp.setCookie(HostedHttp.SESSION_COOKIE, oauth.sessions().seal(session),
                HostedSessions.VALIDITY.toSeconds(), oauth.secureCookies());
        return HostedHttp.redirect(codeRedirect(oauth, request, session), List.of(cookie));
    }

    private APIGatewayV2HTTPResponse logout(OAuthWiring oauth, APIGatewayV2HTTPEvent event, String nonce) {
        Optional<Map<String, String>> query = HostedHttp.query(event);
        if (query.isEmpty()) {
            return errorPage(nonce, "invalid_request", "The request is malformed.");
        }
        Map<String, String> parameters = query.get();
        String clientId = parameters.getOrDefault("client_id", "");
        Optional<AppClient> client = clientId.isEmpty() ? Optional.empty() : oauth.directory().findClient(clientId);
        if (client.isEmpty()) {
            return errorPage(nonce, "invalid_request", "The client does not exist.");
        }
        String cleared = HostedHttp.setCookie(HostedHttp.SESSION_COOKIE, "", 0, oauth.secureCookies());
        String logoutUri = parameters.getOrDefault("logout_uri", "");
        if (!logoutUri.isEmpty()) {
            // Exact match only: an unlisted logout_uri is never followed (an open redirect otherwise).
            if (!client.get().settings().logoutUrls().contains(logoutUri)) {
                return errorPage(nonce, "invalid_request", "The logout_uri is not one of the client's sign-out URLs.");
            }
            return HostedHttp.redirect(logoutUri, List.of(cleared));
        }
        if (parameters.containsKey("redirect_uri") || parameters.containsKey("response_type")) {
            // Sign out and sign in again: the request is checked as an authorization request.
            var checked = oauth.requests().check(parameters);
            if (!(checked instanceof AuthorizationRequests.Valid valid)) {
                return refused(checked, nonce);
            }
            return HostedHttp.redirect(LOGIN + "?" + valid.request().query(), List.of(cleared));
        }
        return errorPage(nonce, "invalid_request", "Missing logout_uri.");
    }

    /** A checked form post: the CSRF token matched and the authorization request is still valid. */
    record Posted(Map<String, String> form, AuthorizationRequest request, AppClient client, String csrf,
                          APIGatewayV2HTTPResponse refusal) {
    }

    static Posted posted(OAuthWiring oauth, APIGatewayV2HTTPEvent event, String nonce) {
        Optional<Map<String, String>> form = HostedHttp.form(event);
        if (form.isEmpty()) {
            return new Posted(null, null, null, null, errorPage(nonce, "invalid_request", "The form is malformed."));
        }
        Optional<String> cookie = HostedHttp.cookie(event, HostedHttp.CSRF_COOKIE);
        if (cookie.isEmpty() || !HostedHttp.sameSecret(cookie.get(), form.get().get("_csrf"))) {
            LOG.info("operation=hosted outcome=csrf_refused requestId={}", HttpApiEvents.requestId(event));
            return new Posted(null, null, null, null, HostedHttp.html(403, HostedPages.error(nonce, "invalid_request",
                    "This form has expired or did not come from this site. Go back and sign in again."),
                    nonce, Optional.empty(), List.of()));
        }
        var checked = oauth.requests().check(form.get());
        if (!(checked instanceof AuthorizationRequests.Valid valid)) {
            return new Posted(null, null, null, null, refused(checked, nonce));
        }
        if (!AuthorizationRequests.signsInPoolUsers(valid.client())) {
            // A client that lists only upstream providers has no password, passkey or account form to post.
            LOG.info("operation=hosted outcome=pool_users_refused requestId={}", HttpApiEvents.requestId(event));
            return new Posted(null, null, null, null, errorPage(nonce, "invalid_request", POOL_USERS_REFUSED));
        }
        return new Posted(form.get(), valid.request(), valid.client(), cookie.get(), null);
    }

    static String csrfToken(OAuthWiring oauth, APIGatewayV2HTTPEvent event, List<String> cookies) {
        Optional<String> existing = HostedHttp.cookie(event, HostedHttp.CSRF_COOKIE).filter(value -> value.length() == 22);
        if (existing.isPresent()) {
            return existing.get();
        }
        String token = oauth.randomToken();
        cookies.add(HostedHttp.setCookie(HostedHttp.CSRF_COOKIE, token, CSRF_MAX_AGE_SECONDS, oauth.secureCookies()));
        return token;
    }

    private static APIGatewayV2HTTPResponse loginForm(OAuthWiring oauth, AppClient client, AuthorizationRequest request,
                                                      String nonce, String csrf, List<String> cookies, String username,
                                                      Optional<String> error, Optional<String> errorField, int status) {
        if (!AuthorizationRequests.signsInPoolUsers(client)) {
            List<HostedPages.Link> providers = providerLinks(client, request);
            return HostedHttp.html(providers.isEmpty() ? 400 : status, providers.isEmpty()
                    ? HostedPages.error(nonce, "invalid_request", POOL_USERS_REFUSED)
                    : HostedPages.choices(nonce, "Sign in", providers), nonce, callbackOrigin(request), cookies);
        }
        String page = loginPage(oauth, client, request, nonce, csrf, username, error, errorField, Optional.empty());
        return HostedHttp.html(status, page, nonce, callbackOrigin(request), cookies);
    }

    /**
     * The sign-in form of a client that signs in the pool's own users, wherever it is shown (the
     * login page, and after sign-up, confirmation or a password reset, with {@code notice}): the
     * username and password, the passkey button where passkeys are offered, the client's
     * providers and the account pages' links.
     */
    static String loginPage(OAuthWiring oauth, AppClient client, AuthorizationRequest request, String nonce,
                            String csrf, String username, Optional<String> error, Optional<String> errorField,
                            Optional<String> notice) {
        var links = new ArrayList<>(providerLinks(client, request));
        links.addAll(HostedAccountEndpoints.links(request));
        Optional<HostedPages.Alternative> passkeyButton = passkeysOffered(oauth, client)
                ? Optional.of(new HostedPages.Alternative(PREFERRED_CHALLENGE, ChoiceSignIn.WEB_AUTHN, "Sign in with a passkey"))
                : Optional.empty();
        return HostedPages.form("Sign in", nonce, LOGIN, csrf, request.parameters(), List.of(
                        new HostedPages.Field("username", "Username", "text", "username", username),
                        new HostedPages.Field("password", "Password", "password", "current-password", "")),
                error, errorField, "Sign in", notice, links, passkeyButton);
    }

    /**
     * The account selection: one link per upstream provider the client lists, to
     * {@code /oauth2/authorize} with the same request and {@code identity_provider} set, so the
     * choice goes through the same checks as an app's own link to that provider.
     */
    private static List<HostedPages.Link> providerLinks(AppClient client, AuthorizationRequest request) {
        return AuthorizationRequests.federatedProviders(client).stream()
                .map(name -> new HostedPages.Link(AUTHORIZE + "?" + request.query() + "&identity_provider="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8), "Sign in with " + name))
                .toList();
    }

    private static APIGatewayV2HTTPResponse mfaForm(AuthorizationRequest request, String nonce, String csrf,
                                                    String username, String session, Optional<String> error) {
        var carried = new LinkedHashMap<>(request.parameters());
        carried.put("username", username);
        carried.put("session", session);
        String page = HostedPages.form("Enter your authentication code", nonce, MFA, csrf, carried, List.of(
                        new HostedPages.Field("code", "Code from your authenticator app", "text", "one-time-code", "")),
                error, error.map(e -> "code"), "Sign in");
        return HostedHttp.html(error.isPresent() ? 400 : 200, page, nonce, callbackOrigin(request), List.of());
    }

    private static APIGatewayV2HTTPResponse newPasswordForm(AuthorizationRequest request, String nonce, String csrf,
                                                            String username, String session, Optional<String> error) {
        var carried = new LinkedHashMap<>(request.parameters());
        carried.put("username", username);
        carried.put("session", session);
        String page = HostedPages.form("Change your password", nonce, NEW_PASSWORD, csrf, carried, List.of(
                        new HostedPages.Field("new_password", "New password", "password", "new-password", "")),
                error, error.map(e -> "new_password"), "Change password and sign in");
        return HostedHttp.html(error.isPresent() ? 400 : 200, page, nonce, callbackOrigin(request), List.of());
    }

    /** The callback's origin, where a form post may end after the code's redirect (CSP form-action). */
    static Optional<String> callbackOrigin(AuthorizationRequest request) {
        try {
            URI uri = URI.create(request.redirectUri());
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return Optional.empty();
            }
            return Optional.of(uri.getScheme() + "://" + uri.getRawAuthority());
        } catch (IllegalArgumentException notAUri) {
            return Optional.empty();
        }
    }

    static APIGatewayV2HTTPResponse refused(AuthorizationRequests.Checked checked, String nonce) {
        return switch (checked) {
            case AuthorizationRequests.ErrorPage page -> errorPage(nonce, page.error(), page.description());
            case AuthorizationRequests.RedirectError redirect -> HostedHttp.redirect(redirect.location(), List.of());
            case AuthorizationRequests.Valid valid -> throw new IllegalArgumentException("not a refusal");
        };
    }

    static APIGatewayV2HTTPResponse errorPage(String nonce, String error, String description) {
        return HostedHttp.html(400, HostedPages.error(nonce, error, description), nonce, Optional.empty(), List.of());
    }
}
