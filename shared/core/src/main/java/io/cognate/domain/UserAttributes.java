package io.cognate.domain;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks attribute lists from clients against the pool's schema (Cognito's standard set). */
public final class UserAttributes {
    public static final Set<String> STANDARD = Set.of(
            "address", "birthdate", "email", "email_verified", "family_name", "gender", "given_name",
            "locale", "middle_name", "name", "nickname", "phone_number", "phone_number_verified",
            "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo");
    /** Set by the pool itself, never by a user, whatever their app client lists. */
    public static final Set<String> SET_BY_THE_POOL = Set.of("sub", "email_verified", "phone_number_verified");
    /** Required by the pool's schema: every user has one, and none deletes it. */
    public static final Set<String> REQUIRED = Set.of("email");
    private static final Set<String> VERIFIED_FLAGS = Set.of("email_verified", "phone_number_verified");
    /** Cognito's answer to a write of an attribute the client may not write. */
    public static final String UNAUTHORIZED_WRITE = "A client attempted to write unauthorized attribute";
    private static final int MAX_NAME_LENGTH = 32;
    private static final int MAX_VALUE_LENGTH = 2048;
    private static final int MAX_ATTRIBUTES = 50;
    // Deliberately plain: one '@', no spaces, a dot in the domain. Deliverability is the code's job.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private UserAttributes() {
    }

    public record Attribute(String name, String value) {
    }

    /**
     * Validates what a user writes through {@code client} and returns it as a map, in the
     * request's order. An attribute the client may not write ({@link AppClient#mayWrite}) refuses
     * the whole request with Cognito's {@code NotAuthorizedException}, so nothing of it is applied.
     */
    public static Map<String, String> fromClient(List<Attribute> attributes, AppClient client) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw CognitoException.invalidParameter("Too many user attributes.");
        }
        var result = new LinkedHashMap<String, String>();
        for (Attribute attribute : attributes) {
            String name = attribute.name();
            String value = attribute.value() == null ? "" : attribute.value();
            requireWritable(name, client);
            if (value.length() > MAX_VALUE_LENGTH || value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw schema(name, "Attribute value is invalid.");
            }
            if (name.equals("email") && !EMAIL.matcher(value).matches()) {
                throw CognitoException.invalidParameter("Invalid email address format.");
            }
            if (result.put(name, value) != null) {
                throw schema(name, "Attribute is given more than once.");
            }
        }
        return result;
    }

    /**
     * Validates what an administrator writes (AdminCreateUser, AdminUpdateUserAttributes) and
     * returns it as a map, in the request's order. An administrator may write any attribute of
     * the schema, {@code email_verified} and {@code phone_number_verified} too, but never
     * {@code sub}, which is the identity itself.
     */
    public static Map<String, String> fromAdmin(List<Attribute> attributes) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw CognitoException.invalidParameter("Too many user attributes.");
        }
        var result = new LinkedHashMap<String, String>();
        for (Attribute attribute : attributes) {
            String name = attribute.name();
            String value = attribute.value() == null ? "" : attribute.value();
            requireAdminWritable(name);
            if (value.length() > MAX_VALUE_LENGTH || value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw schema(name, "Attribute value is invalid.");
            }
            if (name.equals("email") && !EMAIL.matcher(value).matches()) {
                throw CognitoException.invalidParameter("Invalid email address format.");
            }
            if (VERIFIED_FLAGS.contains(name) && !value.equals("true") && !value.equals("false")) {
                throw schema(name, "Attribute value must be true or false.");
            }
            if (result.put(name, value) != null) {
                throw schema(name, "Attribute is given more than once.");
            }
        }
        return result;
    }

    /** The names an administrator deletes (AdminDeleteUserAttributes), each once; never sub or a required one. */
    public static Set<String> namesToDeleteAsAdmin(List<String> names) {
        if (names.size() > MAX_ATTRIBUTES) {
            throw CognitoException.invalidParameter("Too many user attributes.");
        }
        var result = new LinkedHashSet<String>();
        for (String name : names) {
            requireAdminWritable(name);
            if (REQUIRED.contains(name)) {
                throw CognitoException.invalidParameter("user." + name + ": Required attribute cannot be deleted.");
            }
            result.add(name);
        }
        return result;
    }

    /**
     * {@code attributes} without the {@code deleted} names. Deleting {@code phone_number} takes
     * {@code phone_number_verified} with it: with no number the flag would say nothing true.
     */
    public static Map<String, String> without(Map<String, String> attributes, Set<String> deleted) {
        var remaining = new LinkedHashMap<>(attributes);
        remaining.keySet().removeAll(deleted);
        if (deleted.contains("phone_number")) {
            remaining.remove("phone_number_verified");
        }
        return remaining;
    }

    private static void requireAdminWritable(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw schema(String.valueOf(name), "Attribute name is invalid.");
        }
        if (name.equals("sub")) {
            throw schema(name, "Attribute cannot be updated. (changing an immutable attribute)");
        }
        if (!STANDARD.contains(name) && !isCustom(name)) {
            throw schema(name, "Attribute does not exist in the schema.");
        }
    }

    /**
     * Validates the names of a DeleteUserAttributes request through {@code client} and returns
     * them, each once. Deleting is writing: a name the client may not write refuses the whole
     * request as in {@link #fromClient}. A required attribute refuses it with Cognito's
     * {@code InvalidParameterException: user.email: Required attribute cannot be deleted.}
     */
    public static Set<String> namesToDelete(List<String> names, AppClient client) {
        if (names.size() > MAX_ATTRIBUTES) {
            throw CognitoException.invalidParameter("Too many user attributes.");
        }
        var result = new LinkedHashSet<String>();
        for (String name : names) {
            requireWritable(name, client);
            if (REQUIRED.contains(name)) {
                throw CognitoException.invalidParameter("user." + name + ": Required attribute cannot be deleted.");
            }
            result.add(name);
        }
        return result;
    }

    /** A name in the schema that {@code client} may write, or the refusal of the whole request. */
    private static void requireWritable(String name, AppClient client) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw schema(String.valueOf(name), "Attribute name is invalid.");
        }
        if (SET_BY_THE_POOL.contains(name)) {
            throw CognitoException.notAuthorized(UNAUTHORIZED_WRITE);
        }
        if (!STANDARD.contains(name) && !isCustom(name)) {
            throw schema(name, "Attribute does not exist in the schema.");
        }
        if (!client.mayWrite(name)) {
            throw CognitoException.notAuthorized(UNAUTHORIZED_WRITE);
        }
    }

    public static boolean isCustom(String name) {
        return name.startsWith("custom:") && name.length() > "custom:".length();
    }

    private static CognitoException schema(String name, String problem) {
        return CognitoException.invalidParameter("Attributes did not conform to the schema: " + name + ": " + problem);
    }

    /**
     * How Cognito shows a destination without giving it away: {@code a***@e***}, always in lower
     * case: a real user's mask shows the stored address, a decoy the name as typed, and a case
     * that followed either would tell the two apart (finding 8 of the security review).
     */
    public static String maskEmail(String email) {
        int at = email.indexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            return "***";
        }
        return (email.charAt(0) + "***@" + email.charAt(at + 1) + "***").toLowerCase(Locale.ROOT);
    }
}
