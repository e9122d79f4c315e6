package io.cognate.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognate.domain.devices.NewDeviceMetadata;
import io.cognate.domain.tokens.IssuedTokens;
import java.util.Optional;

/** Cognito's {@code AuthenticationResultType}, shared by every operation that hands out tokens. */
final class AuthenticationResults {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AuthenticationResults() {
    }

    static ObjectNode of(IssuedTokens tokens) {
        ObjectNode result = NODES.objectNode();
        result.put("AccessToken", tokens.accessToken());
        result.put("ExpiresIn", tokens.expiresInSeconds());
        result.put("TokenType", "Bearer");
        tokens.refreshToken().ifPresent(token -> result.put("RefreshToken", token));
        result.put("IdToken", tokens.idToken());
        return result;
    }

    /** The same, with the key a sign-in hands a device it does not know, if any. */
    static ObjectNode of(IssuedTokens tokens, Optional<NewDeviceMetadata> newDevice) {
        ObjectNode result = of(tokens);
        newDevice.ifPresent(device -> result.putObject("NewDeviceMetadata")
                .put("DeviceKey", device.deviceKey())
                .put("DeviceGroupKey", device.deviceGroupKey()));
        return result;
    }
}
