package io.cognate.identity;

import io.cognate.domain.AppClient;
import io.cognate.domain.clients.ClientSecrets;
import io.cognate.domain.forwarding.WriteOperations;
import io.cognate.ports.UserDirectory;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Honours {@code SECRET_HASH} on every Cognito operation that names a client and a user, before
 * the operation runs: a client with a secret must prove it knows it. The hash arrives as the
 * {@code SecretHash} member (SignUp, ConfirmSignUp, ForgotPassword...) or as {@code SECRET_HASH}
 * in {@code AuthParameters} / {@code ChallengeResponses}; the user as {@code Username} or
 * {@code USERNAME}. The hash is checked against the user the operation acts on, and only that
 * one: the map's {@code USERNAME} for the operations that sign in with a map, the
 * {@code Username} member for the others (a hash for one user must never pass for another).
 * Operations that carry the secret itself, and refreshes (whose user only the refresh token
 * reveals), are checked by the session service instead.
 */
final class SecretHashCheck {
    private static final Set<String> CHECKED_ELSEWHERE = Set.of("GetTokensFromRefreshToken", "RevokeToken");
    /** Signed administrative operations that name a client to manage it, not to act as it. */
    private static final Set<String> MANAGING_A_CLIENT = Set.of("DescribeUserPoolClient", "UpdateUserPoolClient",
            "DeleteUserPoolClient");
    private static final Set<String> REFRESH_FLOWS = Set.of("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN");
    /** The operations whose user and hash are in AuthParameters or ChallengeResponses. */
    private static final Set<String> USER_IN_PARAMETERS = Set.of("InitiateAuth", "RespondToAuthChallenge",
            "AdminInitiateAuth", "AdminRespondToAuthChallenge");

    private final UserDirectory directory;
    private final Supplier<ClientSecrets> secrets;

    SecretHashCheck(UserDirectory directory, Supplier<ClientSecrets> secrets) {
        this.directory = directory;
        this.secrets = secrets;
    }

    void check(String operation, JsonRequest request) {
        if (CHECKED_ELSEWHERE.contains(operation) || MANAGING_A_CLIENT.contains(operation)) {
            return;
        }
        if (WriteOperations.HOSTED_ACCOUNT.contains(operation)) {
            // A hosted page's write another region forwarded: the pages need no secret (Cognito's
            // managed login never asks for one), and only a region-signed request reaches these.
            return;
        }
        String clientId = request.optional("ClientId");
        if (clientId == null || clientId.isEmpty()) {
            return;
        }
        Map<String, String> parameters = parameters(request);
        String flow = request.optional("AuthFlow");
        if (flow != null && REFRESH_FLOWS.contains(flow)) {
            return;
        }
        // An unknown client is the operation's own error to report.
        Optional<AppClient> client = directory.findClient(clientId);
        if (client.isEmpty() || !client.get().hasSecret()) {
            return;
        }
        boolean inParameters = USER_IN_PARAMETERS.contains(operation);
        String secretHash = inParameters ? parameters.get("SECRET_HASH") : request.optional("SecretHash");
        String username = inParameters ? parameters.get("USERNAME") : request.optional("Username");
        secrets.get().requireSecretHash(client.get(), secretHash, username);
    }

    private static Map<String, String> parameters(JsonRequest request) {
        Map<String, String> auth = request.stringMap("AuthParameters");
        return auth.isEmpty() ? request.stringMap("ChallengeResponses") : auth;
    }
}
