package io.cognate.identity;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.cognate.adapters.aws.LambdaImportJobLauncher;
import io.cognate.adapters.powertools.RequestLogging;
import io.cognate.http.HttpApiEvents;
import io.cognate.identity.IdentityApiServices;

/**
 * Lambda entry point of identity-api: the Cognito JSON API on {@code POST /}, the OAuth 2.0 /
 * OpenID Connect endpoints ({@code /oauth2/token}, {@code /oauth2/authorize}, {@code /oauth2/userInfo},
 * {@code /oauth2/revoke}, {@code /logout}) and the hosted sign-in pages ({@code /login}, {@code /mfa},
 * {@code /newPassword}, {@code /passkey}); federated sign-in's returns ({@code /oauth2/idpresponse}, {@code /saml2/idpresponse}).
 * Parses the event, calls the identity service, maps the result; nothing else lives here.
 */
public final class IdentityApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static {
        // The model's index, read while the function initialises (it holds nothing unique); each
        // operation's shapes are read at its first request, or all of them before a snapshot.
        CognitoModel.shared();
    }

    private final IdentityApiServices services;
    private volatile CognitoJsonEndpoint endpoint;
    private volatile OAuthTokenEndpoint tokenEndpoint;

    /** Used by the Lambda runtime: services come from the function's environment. */
    public IdentityApiHandler() {
        this(IdentityApiEnvironment.services());
    }

    /** Used by the local runtime and tests: one handler per simulated region. */
    public IdentityApiHandler(IdentityApiServices services) {
        this.services = services;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return RequestLogging.around(context, event == null ? null : HttpApiEvents.requestId(event), services.config().region(),
                () -> handle(event, context));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        if (event != null && event.getRequestContext() == null
                && LambdaImportJobLauncher.RUN_ROUTE_KEY.equals(event.getRouteKey())) {
            // This function's own asynchronous invocation (StartUserImportJob), never an HTTP
            // request: API Gateway always sends a request context.
            return ImportJobRuns.run(services, event.getBody(), context);
        }
        if ("POST".equals(HttpApiEvents.method(event)) && "/".equals(HttpApiEvents.path(event))) {
            return CallerAddresses.serving(HttpApiEvents.sourceIp(event),
                    () -> services.sharingClientReads(() -> endpoint().handle(event)));
        }
        if ("POST".equals(HttpApiEvents.method(event)) && OAuthTokenEndpoint.PATH.equals(HttpApiEvents.path(event))) {
            return tokenEndpoint().handle(event);
        }
        if ("POST".equals(HttpApiEvents.method(event)) && SamlResponseEndpoint.PATH.equals(HttpApiEvents.path(event))) {
            // Its error pages (a sign-in request that cannot be resumed) in the pool's layout.
            return new HostedBrandedPages(services::uiCustomizations).apply(event, java.util.Optional.empty(),
                    samlResponseEndpoint().handle(event));
        }
        if ("GET".equals(HttpApiEvents.method(event)) && OidcResponseEndpoint.PATH.equals(HttpApiEvents.path(event))) {
            return new OidcResponseEndpoint(services::oauth, services::federatedAuthorize,
                    new HostedBrandedPages(services::uiCustomizations)).handle(event);
        }
        if (event != null && HostedSignInEndpoints.serves(HttpApiEvents.method(event), HttpApiEvents.path(event))) {
            return new HostedBrandedPages(services::uiCustomizations).apply(event,
                    new HostedSignInEndpoints(services::oauth).handle(event));
        }
        if (event != null && HostedAccountEndpoints.serves(HttpApiEvents.method(event), HttpApiEvents.path(event))) {
            return new HostedBrandedPages(services::uiCustomizations).apply(event,
                    new HostedAccountEndpoints(services::oauth, hostedAccountWrites()).handle(event));
        }
        if (event != null && HostedBrandingEndpoint.serves(HttpApiEvents.method(event), HttpApiEvents.path(event))) {
            return new HostedBrandingEndpoint(services::uiCustomizations).handle(event);
        }
        if (event != null && OAuthUserInfoEndpoint.PATH.equals(HttpApiEvents.path(event))
                && ("GET".equals(HttpApiEvents.method(event)) || "POST".equals(HttpApiEvents.method(event)))) {
            return new OAuthUserInfoEndpoint(services::oauth).handle(event);
        }
        if (event != null && "POST".equals(HttpApiEvents.method(event)) && OAuthRevokeEndpoint.PATH.equals(HttpApiEvents.path(event))) {
            return new OAuthRevokeEndpoint(services::sessionService).handle(event);
        }
        return HttpApiEvents.notFound();
    }

    /** The Cognito operations this function serves ({@code X-Amz-Target} suffixes). */
    public java.util.Set<String> operations() {
        return endpoint().operations();
    }

    private CognitoJsonEndpoint endpoint() {
        CognitoJsonEndpoint current = endpoint;
        if (current == null) {
            var sessions = new SessionOperations(services::sessionService);
            var mfa = new MfaOperations(services::mfaSignIn, services::mfaEnrolment, services::srpSignIn,
                    services::choiceSignIn, services::deviceSignIn, services::newPasswordChallenge,
                    services::customChallengeSignIn);
            current = new CognitoJsonEndpoint(new CognitoOperations(services.identityService(),
                    services.accountService(),
                    new AuthEventOperations(services::authEventHistory),
                    sessions,
                    new SecretHashCheck(services.directory(), services::clientSecrets),
                    mfa,
                    new PasskeyOperations(services::passkeyRegistration),
                    new DeviceOperations(services::deviceService),
                    new GroupOperations(services::groupService, services.config().userPoolId()),
                    services.idempotentSignUp(),
                    new ClientManagementOperations(services::appClientRegistry, services.config().userPoolId()),
                    new UserListingOperations(services::userListing),
                    new AdminUserOperations(services::adminUsers, mfa, sessions),
                    new PoolOperations(services::poolAdministration, services.httpTriggersAllowed()),
                    new ImportJobOperations(services::userImportJobs, services.config().userPoolId()),
                    new FederationOperations(() -> services.federation().providers(),
                            () -> services.federation().servers(), () -> services.federation().links(),
                            () -> services.federation().signIn(), services.config().userPoolId()),
                    new UserMigrationOperations(services::userMigration),
                    new UiCustomizationOperations(services::uiCustomizations, services.config().userPoolId(),
                            services.config().issuer()),
                    hostedAccountWrites()),
                    services::adminRequestAuthentication, services::writeForwarding);
            endpoint = current;
        }
        return current;
    }

    /** The hosted account pages' writes: made here, or forwarded to the leader and served there. */
    private HostedAccountWrites hostedAccountWrites() {
        return new HostedAccountWrites(services::identityService, services::accountService, services::writeForwarding);
    }

    private volatile SamlResponseEndpoint samlResponseEndpoint;

    private SamlResponseEndpoint samlResponseEndpoint() {
        SamlResponseEndpoint current = samlResponseEndpoint;
        if (current == null) {
            current = new SamlResponseEndpoint(services::samlSignIn, new SamlSignInCompletion(services::oauth,
                    () -> services.federation().directory(), services::federatedSignIn), () -> services.oauth().issuer());
            samlResponseEndpoint = current;
        }
        return current;
    }

    private OAuthTokenEndpoint tokenEndpoint() {
        OAuthTokenEndpoint current = tokenEndpoint;
        if (current == null) {
            current = new OAuthTokenEndpoint(services::clientCredentialsGrant, () -> services.oauth().codes(),
                    services::sessionService);
            tokenEndpoint = current;
        }
        return current;
    }
}
