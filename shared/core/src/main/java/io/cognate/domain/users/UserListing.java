package io.cognate.domain.users;

import io.cognate.domain.CognitoException;
import io.cognate.domain.User;
import io.cognate.ports.UserDirectory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * ListUsers: a page of the pool's users, filtered as Cognito filters ({@link UserFilter}).
 *
 * <p>The pagination token is opaque to callers: a version tag and the directory's list
 * position, Base64url-encoded. One that does not decode, or that the directory did not make,
 * is {@code InvalidParameterException}, never an internal error. A token is not signed: the
 * position in it only says where a listing resumes among the users this (administrative)
 * caller may list anyway, so a forged one can show nothing it could not list from the start.
 *
 * <p>Like Cognito's, the listing is read in one region and so eventually consistent: a user
 * written at the leader a moment ago may not be listed by another region yet.
 */
public final class UserListing {
    /** Cognito's largest (and default) {@code Limit}. */
    public static final int MAX_LIMIT = 60;
    private static final String TOKEN_VERSION = "1\n";
    private static final int MAX_TOKEN_LENGTH = 4096;

    private final String userPoolId;
    private final UserDirectory directory;

    public UserListing(String userPoolId, UserDirectory directory) {
        this.userPoolId = userPoolId;
        this.directory = directory;
    }

    /** A page of users, and the token of the next page if there may be one. */
    public record Page(List<User> users, Optional<String> paginationToken) {
        public Page {
            users = List.copyOf(users);
        }
    }

    /**
     * {@code limit}: at most this many users ({@value #MAX_LIMIT} when null or 0, as the model
     * allows 0 and Cognito lists a full page for it); {@code filter}: Cognito's filter string.
     */
    public Page list(String requestedUserPoolId, String filter, Integer limit, String paginationToken) {
        if (!userPoolId.equals(requestedUserPoolId)) {
            throw CognitoException.resourceNotFound("User pool " + requestedUserPoolId + " does not exist.");
        }
        if (limit != null && (limit < 0 || limit > MAX_LIMIT)) {
            throw CognitoException.invalidParameter("1 validation error detected: Value at 'limit' failed to satisfy "
                    + "constraint: Member must have value less than or equal to " + MAX_LIMIT);
        }
        Optional<UserFilter> parsed = UserFilter.parse(filter);
        Optional<String> position = paginationToken == null ? Optional.empty() : Optional.of(position(paginationToken));
        UserDirectory.UserPage page;
        try {
            page = directory.listUsers(parsed, limit == null || limit == 0 ? MAX_LIMIT : limit, position);
        } catch (UserDirectory.InvalidPosition forged) {
            throw invalidToken();
        }
        return new Page(page.users(), page.next().map(UserListing::token));
    }

    static String token(String position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((TOKEN_VERSION + position).getBytes(StandardCharsets.UTF_8));
    }

    static String position(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalidToken();
        }
        String decoded;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            decoded = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException notOurs) {
            throw invalidToken();
        }
        if (!decoded.startsWith(TOKEN_VERSION) || decoded.length() == TOKEN_VERSION.length()) {
            throw invalidToken();
        }
        return decoded.substring(TOKEN_VERSION.length());
    }

    private static CognitoException invalidToken() {
        return CognitoException.invalidParameter("The pagination token is not valid.");
    }
}
