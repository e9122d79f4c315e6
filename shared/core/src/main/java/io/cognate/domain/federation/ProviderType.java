package io.cognate.domain.federation;

import io.cognate.domain.CognitoException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Cognito's {@code IdentityProviderTypeType}. A social provider's name is its type's name
 * (Cognito refuses a Google provider named anything but {@code Google}); OIDC and SAML providers
 * are named by the pool.
 */
public enum ProviderType {
    SAML(false, false),
    Facebook(true, false),
    Google(true, true),
    LoginWithAmazon(true, false),
    SignInWithApple(true, true),
    OIDC(false, true);

    private final boolean social;
    private final boolean openIdConnect;

    ProviderType(boolean social, boolean openIdConnect) {
        this.social = social;
        this.openIdConnect = openIdConnect;
    }

    public boolean social() {
        return social;
    }

    /** Whether its sign-in ends with an {@code id_token} to verify (else an access token and a userinfo call). */
    public boolean openIdConnect() {
        return openIdConnect;
    }

    public static ProviderType of(String value) {
        return find(value).orElseThrow(() -> CognitoException.invalidParameter("1 validation error detected: "
                + "Value at 'providerType' failed to satisfy constraint: Member must satisfy enum value set: "
                + Arrays.toString(values())));
    }

    public static Optional<ProviderType> find(String value) {
        return Arrays.stream(values()).filter(type -> type.name().equals(value)).findFirst();
    }
}
