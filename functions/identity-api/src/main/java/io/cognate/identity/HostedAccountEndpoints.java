package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.domain.CognitoException;
import io.cognate.domain.IdentityService;
import io.cognate.domain.oauth.AuthorizationRequest;
import io.cognate.domain.oauth.AuthorizationRequests;
import io.cognate.http.HttpApiEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosted account pages: {@code /signup}, {@code /confirmUser}, {@code /forgotPassword} and
 * {@code /confirmForgotPassword}. Each calls the service the Cognito API calls (SignUp,
 * ConfirmSignUp, ForgotPassword, ConfirmForgotPassword), so the password policy, attribute rules,
 * the counted code guesses and the anti-enumeration answers are the API's. Every page carries the
 * authorization request in hidden fields and ends on the hosted sign-in form, whose post ends with
 * the code's redirect to the client; every post is checked for the CSRF double submit and the
 * authorization request is checked again, as on {@code /login}. At a region that does not lead,
 * the write goes to the leader ({@link HostedAccountWrites}) and the page here renders its answer.
 */
final class HostedAccountEndpoints {
    static final String SIGN_UP = "/signup";
    static final String CONFIRM_USER = "/confirmUser";
    static final String FORGOT_PASSWORD = "/forgotPassword";
    static final String CONFIRM_FORGOT_PASSWORD = "/confirmForgotPassword";
    private static final Logger LOG = LoggerFactory.getLogger(HostedAccountEndpoints.class);
    /** Cognito's limits: a username of 128 characters, an attribute value of 2048, a password of 256. */
    private static final int MAX_USERNAME = 128;
    private static final int MAX_EMAIL = 2048;
    private static final int MAX_PASSWORD = 256;
    /** Codes are 6 digits; anything longer than this cannot be one and is not compared. */
    private static final int MAX_CODE = 64;
    /**
     * What /forgotPassword says to everyone, known, unknown, unverified or out of codes for the
     * hour: the page must not tell them apart (ForgotPassword with PreventUserExistenceErrors).
     */
    static final String RESET_SENT = "If this account can be reset, a code is on its way to its verified e-mail address.";
    /**
     * What a page says when its write could not be made: at a region that does not lead, the
     * leader did not answer (down, or leadership moving); where it leads, the store failed. The
     * same form comes back, filled in again but for the password and the code, to post again.
     */
    static final String UNAVAILABLE = "This could not be completed just now. Try again in a moment.";
    /**
     * Retry-After on that page: a leader's outage to the first write accepted at the promoted
     * region measured 22 to 23 s at the production failover settings (docs/architecture.md,
     * "RPO and RTO"); 30 s covers it.
     */
    static final int RETRY_AFTER_SECONDS = 30;

    private final Supplier<OAuthWiring> wiring;
    private final HostedAccountWrites writes;

    HostedAccountEndpoints(Supplier<OAuthWiring> wiring, HostedAccountWrites writes) {
        this.wiring = wiring;
        this.writes = writes;
    }

    static boolean serves(String method, String path) {
        return switch (path) {
            case SIGN_UP, CONFIRM_USER, FORGOT_PASSWORD -> method.equals("GET") || method.equals("POST");
            case CONFIRM_FORGOT_PASSWORD -> method.equals("POST");
            default -> false;
        };
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        String path = HttpApiEvents.path(event);
        boolean get = HttpApiEvents.method(event).equals("GET");
        OAuthWiring oauth = wiring.get();
        String nonce = oauth.randomToken();
        try {
            if (get) {
                return page(oauth, event, nonce, path);
            }
            var posted = HostedSignInEndpoints.posted(oauth, event, nonce);
            if (posted.refusal() != null) {
                return posted.refusal();
            }
            return switch (path) {
                case SIGN_UP -> signUp(posted, event, nonce);
                case CONFIRM_USER -> confirmUser(posted, event, nonce);
                case FORGOT_PASSWORD -> forgotPassword(posted, event, nonce);
                default -> confirmForgotPassword(posted, event, nonce);
            };
        } catch (RuntimeException e) {
            // Only the class: a message could quote the request.
            LOG.error("operation=hosted path={} outcome=server_error requestId={} cause={}", path,
                    HttpApiEvents.requestId(event), e.getClass().getName());
            return HostedHttp.html(500, HostedPages.error(nonce, "server_error", "Something went wrong. Try again."),
                    nonce, Optional.empty(), List.of());
        }
    }

    /** A first visit: the empty form, the CSRF cookie set if the browser has none. */
    private APIGatewayV2HTTPResponse page(OAuthWiring oauth, APIGatewayV2HTTPEvent event, String nonce, String path) {
        Optional<Map<String, String>> query = HostedHttp.query(event);
        if (query.isEmpty()) {
            return HostedSignInEndpoints.errorPage(nonce, "invalid_request", "The request is malformed.");
        }
        var checked = oauth.requests().check(query.get());
        if (!(checked instanceof AuthorizationRequests.Valid valid)) {
            return HostedSignInEndpoints.refused(checked, nonce);
        }
        if (!AuthorizationRequests.signsInPoolUsers(valid.client())) {
            return HostedSignInEndpoints.errorPage(nonce, "invalid_request", HostedSignInEndpoints.POOL_USERS_REFUSED);
        }
        var cookies = new ArrayList<String>();
        String csrf = HostedSignInEndpoints.csrfToken(oauth, event, cookies);
        AuthorizationRequest request = valid.request();
        String username = bounded(query.get().getOrDefault("username", ""), MAX_USERNAME);
        Screen screen = switch (path) {
            case SIGN_UP -> signUpForm(request, csrf, "", "", Optional.empty(), Optional.empty());
            case CONFIRM_USER -> confirmUserForm(request, csrf, username, Optional.empty(), Optional.empty());
            default -> forgotPasswordForm(request, csrf, username, Optional.empty());
        };
        return screen.render(nonce, request, cookies);
    }

    private APIGatewayV2HTTPResponse signUp(HostedSignInEndpoints.Posted posted, APIGatewayV2HTTPEvent event, String nonce) {
        AuthorizationRequest request = posted.request();
        String username = posted.form().getOrDefault("username", "").strip();
        String email = posted.form().getOrDefault("email", "").strip();
        String password = posted.form().getOrDefault("password", "");
        if (username.isEmpty() || username.length() > MAX_USERNAME) {
            return signUpForm(request, posted.csrf(), bounded(username, MAX_USERNAME), bounded(email, MAX_EMAIL),
                    Optional.of("Enter a username of at most 128 characters."), Optional.of("username")).render(nonce, request, List.of());
        }
        if (email.isEmpty() || email.length() > MAX_EMAIL) {
            return signUpForm(request, posted.csrf(), username, "", Optional.of("Enter your e-mail address."),
                    Optional.of("email")).render(nonce, request, List.of());
        }
        if (password.isEmpty() || password.length() > MAX_PASSWORD) {
            return signUpForm(request, posted.csrf(), username, email, Optional.of("Enter a password."),
                    Optional.of("password")).render(nonce, request, List.of());
        }
        IdentityService.SignUpResult result;
        try {
            result = writes.signUp(posted.client().clientId(), username, password, email, HttpApiEvents.sourceIp(event));
        } catch (CognitoException refused) {
            LOG.info("operation=hosted/signup outcome={} requestId={}", refused.type(), HttpApiEvents.requestId(event));
            if (unavailable(refused)) {
                return signUpForm(request, posted.csrf(), username, email, Optional.of(UNAVAILABLE), Optional.empty())
                        .unavailable().render(nonce, request, List.of());
            }
            // The API's own answers, no more: SignUp tells UsernameExistsException too.
            Optional<String> field = switch (refused.type()) {
                case "InvalidPasswordException" -> Optional.of("password");
                case "UsernameExistsException" -> Optional.of("username");
                default -> Optional.empty();
            };
            return signUpForm(request, posted.csrf(), username, email, Optional.of(refused.getMessage()), field)
                    .render(nonce, request, List.of());
        }
        LOG.info("operation=hosted/signup outcome=signed_up confirmed={} requestId={}", result.userConfirmed(),
                HttpApiEvents.requestId(event));
        if (result.userConfirmed()) {
            return signInForm(posted, username, "Your account is ready. Sign in.").render(nonce, request, List.of());
        }
        if (result.codeDelivery() == null) {
            return HostedHttp.html(200, HostedPages.message(nonce, "Account created",
                    "An administrator will confirm your account before you can sign in."), nonce, Optional.empty(), List.of());
        }
        return confirmUserForm(request, posted.csrf(), username, Optional.empty(),
                Optional.of("We sent a code by e-mail to " + result.codeDelivery().destination() + ". Enter it to confirm your account."))
                .render(nonce, request, List.of());
    }

    private APIGatewayV2HTTPResponse confirmUser(HostedSignInEndpoints.Posted posted, APIGatewayV2HTTPEvent event,
                                                 String nonce) {
        AuthorizationRequest request = posted.request();
        String username = bounded(posted.form().getOrDefault("username", "").strip(), MAX_USERNAME);
        String code = posted.form().getOrDefault("code", "").strip();
        if (username.isEmpty()) {
            return confirmUserForm(request, posted.csrf(), "", Optional.of("Enter your username."), Optional.empty())
                    .render(nonce, request, List.of());
        }
        if (code.isEmpty() || code.length() > MAX_CODE) {
            return confirmUserForm(request, posted.csrf(), username, Optional.of("Enter the code we sent you."), Optional.empty())
                    .render(nonce, request, List.of());
        }
        try {
            writes.confirmSignUp(posted.client().clientId(), username, code, HttpApiEvents.sourceIp(event));
        } catch (CognitoException refused) {
            LOG.info("operation=hosted/confirmUser outcome={} requestId={}", refused.type(), HttpApiEvents.requestId(event));
            if (unavailable(refused)) {
                return confirmUserForm(request, posted.csrf(), username, Optional.of(UNAVAILABLE), Optional.empty(),
                        Optional.empty()).unavailable().render(nonce, request, List.of());
            }
            // ConfirmSignUp's own answers (an unknown user reads as a wrong code there already).
            return confirmUserForm(request, posted.csrf(), username, Optional.of(refused.getMessage()), Optional.empty())
                    .render(nonce, request, List.of());
        }
        return signInForm(posted, username, "Your account is confirmed. Sign in.").render(nonce, request, List.of());
    }

    private APIGatewayV2HTTPResponse forgotPassword(HostedSignInEndpoints.Posted posted, APIGatewayV2HTTPEvent event,
                                                    String nonce) {
        AuthorizationRequest request = posted.request();
        String username = posted.form().getOrDefault("username", "").strip();
        if (username.isEmpty() || username.length() > MAX_USERNAME) {
            return forgotPasswordForm(request, posted.csrf(), bounded(username, MAX_USERNAME),
                    Optional.of("Enter your username.")).render(nonce, request, List.of());
        }
        try {
            writes.forgotPassword(posted.client().clientId(), username, HttpApiEvents.sourceIp(event));
        } catch (CognitoException refused) {
            LOG.info("operation=hosted/forgotPassword outcome={} requestId={}", refused.type(), HttpApiEvents.requestId(event));
            if (unavailable(refused)) {
                return forgotPasswordForm(request, posted.csrf(), username, Optional.of(UNAVAILABLE), Optional.empty())
                        .unavailable().render(nonce, request, List.of());
            }
            // Refusals that come before any user is looked up (recovery by an administrator only,
            // the client's send budget, a malformed name) are the same for every username.
            return forgotPasswordForm(request, posted.csrf(), username, Optional.of(refused.getMessage()))
                    .render(nonce, request, List.of());
        }
        // The same page for every user: not the masked address, which differs between a real and a decoy answer.
        return resetForm(request, posted.csrf(), username, Optional.empty(), Optional.empty())
                .render(nonce, request, List.of());
    }

    private APIGatewayV2HTTPResponse confirmForgotPassword(HostedSignInEndpoints.Posted posted, APIGatewayV2HTTPEvent event,
                                                           String nonce) {
        AuthorizationRequest request = posted.request();
        String username = bounded(posted.form().getOrDefault("username", "").strip(), MAX_USERNAME);
        String code = posted.form().getOrDefault("code", "").strip();
        String password = posted.form().getOrDefault("new_password", "");
        if (username.isEmpty()) {
            return forgotPasswordForm(request, posted.csrf(), "", Optional.of("Enter your username."))
                    .render(nonce, request, List.of());
        }
        if (code.isEmpty() || code.length() > MAX_CODE) {
            return resetForm(request, posted.csrf(), username, Optional.of("Enter the code we sent you."), Optional.of("code"))
                    .render(nonce, request, List.of());
        }
        if (password.isEmpty() || password.length() > MAX_PASSWORD) {
            return resetForm(request, posted.csrf(), username, Optional.of("Enter a new password."), Optional.of("new_password"))
                    .render(nonce, request, List.of());
        }
        try {
            writes.confirmForgotPassword(posted.client().clientId(), username, code, password, HttpApiEvents.sourceIp(event));
        } catch (CognitoException refused) {
            LOG.info("operation=hosted/confirmForgotPassword outcome={} requestId={}", refused.type(),
                    HttpApiEvents.requestId(event));
            if (unavailable(refused)) {
                return resetForm(request, posted.csrf(), username, Optional.of(UNAVAILABLE), Optional.empty())
                        .unavailable().render(nonce, request, List.of());
            }
            Optional<String> field = switch (refused.type()) {
                case "InvalidPasswordException" -> Optional.of("new_password");
                case "CodeMismatchException", "ExpiredCodeException" -> Optional.of("code");
                default -> Optional.empty();
            };
            return resetForm(request, posted.csrf(), username, Optional.of(refused.getMessage()), field)
                    .render(nonce, request, List.of());
        }
        return signInForm(posted, username, "Your password has been changed. Sign in.")
                .render(nonce, request, List.of());
    }

    /** One form to show: its HTML given the nonce, its status. */
    private record Screen(int status, java.util.function.Function<String, String> html) {
        APIGatewayV2HTTPResponse render(String nonce, AuthorizationRequest request, List<String> cookies) {
            APIGatewayV2HTTPResponse response = HostedHttp.html(status, html.apply(nonce), nonce,
                    HostedSignInEndpoints.callbackOrigin(request), cookies);
            if (status == 503) {
                response.getHeaders().put("retry-after", Integer.toString(RETRY_AFTER_SECONDS));
            }
            return response;
        }

        /** The same form as a 503 with Retry-After: nothing was refused, the write was not made, post it again. */
        Screen unavailable() {
            return new Screen(503, html);
        }
    }

    /**
     * The write was not made and may be made on a retry: {@code InternalErrorException}, which
     * write forwarding answers when the leader does not (WriteForwarding), as the API's callers
     * see it and their SDKs retry.
     */
    private static boolean unavailable(CognitoException refused) {
        return refused.type().equals("InternalErrorException");
    }

    private static Screen signUpForm(AuthorizationRequest request, String csrf, String username, String email,
                                     Optional<String> error, Optional<String> errorField) {
        return new Screen(error.isPresent() ? 400 : 200, nonce -> HostedPages.form("Sign up", nonce, SIGN_UP, csrf,
                request.parameters(), List.of(
                        new HostedPages.Field("username", "Username", "text", "username", username),
                        new HostedPages.Field("email", "E-mail address", "email", "email", email),
                        new HostedPages.Field("password", "Password", "password", "new-password", "")),
                error, errorField, "Sign up"));
    }

    private static Screen confirmUserForm(AuthorizationRequest request, String csrf, String username,
                                          Optional<String> error, Optional<String> notice) {
        return confirmUserForm(request, csrf, username, error, error.map(e -> username.isEmpty() ? "username" : "code"), notice);
    }

    private static Screen confirmUserForm(AuthorizationRequest request, String csrf, String username,
                                          Optional<String> error, Optional<String> errorField, Optional<String> notice) {
        return new Screen(error.isPresent() ? 400 : 200, nonce -> HostedPages.form("Confirm your account", nonce,
                CONFIRM_USER, csrf, request.parameters(), List.of(
                        new HostedPages.Field("username", "Username", "text", "username", username),
                        new HostedPages.Field("code", "Verification code", "text", "one-time-code", "")),
                error, errorField, "Confirm account", notice));
    }

    private static Screen forgotPasswordForm(AuthorizationRequest request, String csrf, String username,
                                             Optional<String> error) {
        return forgotPasswordForm(request, csrf, username, error, error.map(e -> "username"));
    }

    private static Screen forgotPasswordForm(AuthorizationRequest request, String csrf, String username,
                                             Optional<String> error, Optional<String> errorField) {
        return new Screen(error.isPresent() ? 400 : 200, nonce -> HostedPages.form("Forgot your password?", nonce,
                FORGOT_PASSWORD, csrf, request.parameters(), List.of(
                        new HostedPages.Field("username", "Username", "text", "username", username)),
                error, errorField, "Reset my password"));
    }

    private static Screen resetForm(AuthorizationRequest request, String csrf, String username,
                                    Optional<String> error, Optional<String> errorField) {
        var carried = new LinkedHashMap<>(request.parameters());
        carried.put("username", username);
        return new Screen(error.isPresent() ? 400 : 200, nonce -> HostedPages.form("Reset your password", nonce,
                CONFIRM_FORGOT_PASSWORD, csrf, carried, List.of(
                        new HostedPages.Field("code", "Code", "text", "one-time-code", ""),
                        new HostedPages.Field("new_password", "New password", "password", "new-password", "")),
                error, errorField, "Change password", Optional.of(RESET_SENT)));
    }

    /** The hosted sign-in form, as the login page shows it, after a step that ends in signing in. */
    private Screen signInForm(HostedSignInEndpoints.Posted posted, String username, String notice) {
        return new Screen(200, nonce -> HostedSignInEndpoints.loginPage(wiring.get(), posted.client(), posted.request(),
                nonce, posted.csrf(), username, Optional.empty(), Optional.empty(), Optional.of(notice)));
    }

    /** The sign-in form's links to these pages, each carrying the authorization request. */
    static List<HostedPages.Link> links(AuthorizationRequest request) {
        return List.of(new HostedPages.Link(FORGOT_PASSWORD + "?" + request.query(), "Forgot your password?"),
                new HostedPages.Link(SIGN_UP + "?" + request.query(), "Need an account? Sign up"));
    }

    private static String bounded(String value, int max) {
        return value.length() > max ? "" : value;
    }
}
