package io.cognate.domain;

import static io.cognate.testing.CognitoAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.cognate.domain.IdentityService.CodeDeliveryDetails;
import io.cognate.domain.IdentityService.SignUpResult;
import io.cognate.domain.sessions.SessionIds;
import io.cognate.domain.tokens.IssuedTokens;
import io.cognate.domain.tokens.TokenIssuer;
import io.cognate.ports.CodeDelivery;
import io.cognate.ports.TokenSigner;
import io.cognate.testing.InMemoryRegion;
import io.cognate.testing.LocalRsaSigner;
import io.cognate.testing.RecordingCodeDelivery;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** SignUp, ConfirmSignUp, ResendConfirmationCode, password sign-in and GetUser on in-memory stores. */
class IdentityServiceTest {
    private static final String CLIENT = InMemoryRegion.CLIENT_ID;
    private static final String ALICE = "alice";
    private static final String PASSWORD = "Correct-Horse-9";
    private static final String EMAIL = "alice@example.com";
    private static final String SECONDARY = "eu-west-1";

    private InMemoryRegion region;
    private IdentityService identity;
    private RecordingCodeDelivery mailbox;

    @BeforeEach
    void freshRegion() {
        region = InMemoryRegion.create();
        identity = region.identityService();
        mailbox = region.codeDelivery();
    }

    private static List<UserAttributes.Attribute> email(String address) {
        return List.of(new UserAttributes.Attribute("email", address));
    }

    private PendingCode pendingCode(String username) {
        return region.user(username).confirmationCode().orElseThrow();
    }

    /** A six-digit code that is not {@code code}. */
    private static String otherThan(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    @Nested
    class SignUp {
        @Test
        void createsAnUnconfirmedUserAndSendsAConfirmationCodeToTheEmailAddress() {
            SignUpResult result = identity.signUp(CLIENT, ALICE, PASSWORD, email(EMAIL));

            assertThat(result.userConfirmed()).isFalse();
            assertThat(result.codeDelivery()).isEqualTo(new CodeDeliveryDetails("a***@e***", "EMAIL", "email"));
            CodeDelivery.Request sent = mailbox.lastTo(ALICE).orElseThrow();
            assertThat(sent.destination()).isEqualTo(EMAIL);
            assertThat(sent.purpose()).isEqualTo("SignUp");
            assertThat(sent.region()).isEqualTo("us-east-1");
            assertThat(sent.code()).matches("\\d{6}");

            User stored = region.user(ALICE);
            assertThat(stored.sub()).isEqualTo(result.userSub());
            assertThat(stored.status()).isEqualTo(UserStatus.UNCONFIRMED);
            assertThat(stored.attributes()).containsEntry("email", EMAIL).containsEntry("email_verified", "false");
            assertThat(stored.passwordHash()).doesNotContain(PASSWORD);
            assertThat(region.passwordHasher().matches(PASSWORD, stored.passwordHash())).isTrue();
            assertThat(stored.confirmationCode().orElseThrow())
                    .isEqualTo(PendingCode.first(OneTimeCodes.hash(sent.code(), stored.sub()),
                            InMemoryRegion.START.plus(Duration.ofHours(24)), InMemoryRegion.START));
        }

        @Test
        void refusesRequestsThatBreakTheSchemaOrThePasswordPolicyWithoutCreatingAnyone() {
            assertRefused(() -> identity.signUp(CLIENT, ALICE, PASSWORD, List.of()), "InvalidParameterException")
                    .hasMessage("Attributes did not conform to the schema: email: The attribute is required");
            assertRefused(() -> identity.signUp(CLIENT, ALICE, PASSWORD, email("not-an-address")),
                    "InvalidParameterException").hasMessage("Invalid email address format.");
            assertRefused(() -> identity.signUp(CLIENT, ALICE, "Sh0rt!", email(EMAIL)), "InvalidPasswordException")
                    .hasMessage("Password did not conform with policy: Password not long enough");
            assertRefused(() -> identity.signUp(CLIENT, ALICE, "no-upper-case-9", email(EMAIL)),
                    "InvalidPasswordException")
                    .hasMessage("Password did not conform with policy: Password must have uppercase characters");
            assertRefused(() -> identity.signUp(CLIENT, ALICE, PASSWORD, List.of(
                    new UserAttributes.Attribute("email", EMAIL),
                    new UserAttributes.Attribute("email_verified", "true"))), "NotAuthorizedException");
            assertRefused(() -> identity.signUp(CLIENT, "", PASSWORD, email(EMAIL)), "InvalidParameterException");
            assertRefused(() -> identity.signUp(CLIENT, "has space", PASSWORD, email(EMAIL)),
                    "InvalidParameterException");
            assertRefused(() -> identity.signUp(null, ALICE, PASSWORD, email(EMAIL)), "InvalidParameterException");
            assertRefused(() -> identity.signUp("no-such-client", ALICE, PASSWORD, email(EMAIL)),
                    "ResourceNotFoundException").hasMessage("User pool client no-such-client does not exist.");

            assertThat(region.inMemoryDirectory().findByUsername(Username.of(ALICE))).isEmpty();
            assertThat(mailbox.sent()).isEmpty();
        }

        @Test
        void aUsernameIsTakenWhateverItsCase() {
            identity.signUp(CLIENT, ALICE, PASSWORD, email(EMAIL));

            assertRefused(() -> identity.signUp(CLIENT, "ALICE", "Other-Password-1", email("other@example.com")),
                    "UsernameExistsException").hasMessage("User already exists");
            assertThat(mailbox.sent()).hasSize(1);
            assertThat(region.user(ALICE).attributes()).containsEntry("email", EMAIL);
        }
    }

    @Nested
    class ConfirmSignUp {
        @BeforeEach
        void signedUp() {
            region.signUp(ALICE, PASSWORD, EMAIL);
        }

        @Test
        void theRightCodeConfirmsTheUserAndVerifiesTheEmailAddress() {
            identity.confirmSignUp(CLIENT, ALICE, mailbox.lastCodeFor(ALICE));

            User confirmed = region.user(ALICE);
            assertThat(confirmed.status()).isEqualTo(UserStatus.CONFIRMED);
            assertThat(confirmed.attributes()).containsEntry("email_verified", "true");
            assertThat(confirmed.confirmationCode()).isEmpty();
        }

        @Test
        void aConfirmedUserCannotBeConfirmedAgain() {
            String code = mailbox.lastCodeFor(ALICE);
            identity.confirmSignUp(CLIENT, ALICE, code);

            assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, code), "NotAuthorizedException")
                    .hasMessage("User cannot be confirmed. Current status is CONFIRMED");
        }

        @Test
        void aWrongCodeIsCountedAndTheRightOneStillWorksAfterIt() {
            String code = mailbox.lastCodeFor(ALICE);

            assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, otherThan(code)), "CodeMismatchException")
                    .hasMessage("Invalid verification code provided, please try again.");
            assertThat(pendingCode(ALICE).failedAttempts()).isEqualTo(1);
            assertThat(region.user(ALICE).status()).isEqualTo(UserStatus.UNCONFIRMED);

            identity.confirmSignUp(CLIENT, ALICE, code);
            assertThat(region.user(ALICE).status()).isEqualTo(UserStatus.CONFIRMED);
        }

        @Test
        void afterFiveWrongCodesEvenTheRightCodeIsRefusedAndNothingMoreIsCounted() {
            String code = mailbox.lastCodeFor(ALICE);
            for (int i = 0; i < PendingCode.MAX_FAILED_ATTEMPTS; i++) {
                assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, otherThan(code)), "CodeMismatchException");
            }
            long version = region.user(ALICE).version();

            assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, code), "CodeMismatchException")
                    .hasMessage("Invalid verification code provided, please try again.");
            assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, otherThan(code)), "CodeMismatchException");

            assertThat(region.user(ALICE).status()).isEqualTo(UserStatus.UNCONFIRMED);
            assertThat(pendingCode(ALICE).failedAttempts()).isEqualTo(PendingCode.MAX_FAILED_ATTEMPTS);
            assertThat(region.user(ALICE).version()).as("refused without a comparison, so without a write")
                    .isEqualTo(version);
        }

        @Test
        void aNewCodeDoesNotBringBackTheGuessesOfTheSameHour() {
            String first = mailbox.lastCodeFor(ALICE);
            for (int i = 0; i < PendingCode.MAX_FAILED_ATTEMPTS; i++) {
                assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, otherThan(first)), "CodeMismatchException");
            }
            identity.resendConfirmationCode(CLIENT, ALICE);
            String second = mailbox.lastCodeFor(ALICE);

            assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, second), "CodeMismatchException");

            region.clock().advance(PendingCode.WINDOW);
            identity.resendConfirmationCode(CLIENT, ALICE);
            identity.confirmSignUp(CLIENT, ALICE, mailbox.lastCodeFor(ALICE));
            assertThat(region.user(ALICE).status()).isEqualTo(UserStatus.CONFIRMED);
        }

        @Test
        void anExpiredCodeIsRefusedAsExpired() {
            String code = mailbox.lastCodeFor(ALICE);
            region.clock().advance(IdentityService.CONFIRMATION_CODE_TTL);

            assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, code), "ExpiredCodeException");
            assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, otherThan(code)), "CodeMismatchException");
            assertThat(region.user(ALICE).status()).isEqualTo(UserStatus.UNCONFIRMED);
        }

        @Test
        void anUnknownUserIsAnsweredAsAWrongCode() {
            assertRefused(() -> identity.confirmSignUp(CLIENT, "nobody", "123456"), "CodeMismatchException")
                    .hasMessage("Invalid verification code provided, please try again.");
        }
    }

    @Nested
    class ResendConfirmationCode {
        @Test
        void anUnknownUserGetsTheSameDecoyDestinationEveryTimeAndNothingIsSent() {
            CodeDeliveryDetails first = identity.resendConfirmationCode(CLIENT, "nobody");
            CodeDeliveryDetails again = identity.resendConfirmationCode(CLIENT, "NOBODY");

            assertThat(first.destination()).matches("[a-z]\\*\\*\\*@[a-z]\\*\\*\\*");
            assertThat(again).isEqualTo(first);
            assertThat(first.deliveryMedium()).isEqualTo("EMAIL");
            assertThat(identity.resendConfirmationCode(CLIENT, "bob@example.org").destination())
                    .as("a username that is an address is masked as one").isEqualTo("b***@e***");
            assertThat(mailbox.sent()).isEmpty();
        }

        @Test
        void anUnconfirmedUserIsSentANewCodeThatReplacesTheOldOne() {
            region.signUp(ALICE, PASSWORD, EMAIL);
            String old = mailbox.lastCodeFor(ALICE);

            CodeDeliveryDetails details = identity.resendConfirmationCode(CLIENT, ALICE);

            assertThat(details).isEqualTo(new CodeDeliveryDetails("a***@e***", "EMAIL", "email"));
            assertThat(mailbox.sentTo(ALICE)).hasSize(2);
            assertThat(mailbox.lastTo(ALICE).orElseThrow().purpose()).isEqualTo("ResendConfirmationCode");
            String fresh = mailbox.lastCodeFor(ALICE);
            if (!fresh.equals(old)) {
                assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, old), "CodeMismatchException");
            }
            identity.confirmSignUp(CLIENT, ALICE, fresh);
            assertThat(region.user(ALICE).status()).isEqualTo(UserStatus.CONFIRMED);
        }

        @Test
        void aConfirmedUserGetsTheirMaskedAddressAndNoCode() {
            region.signUpConfirmed(ALICE, PASSWORD, EMAIL);
            int sent = mailbox.sent().size();

            assertThat(identity.resendConfirmationCode(CLIENT, ALICE))
                    .isEqualTo(new CodeDeliveryDetails("a***@e***", "EMAIL", "email"));
            assertThat(mailbox.sent()).hasSize(sent);
        }

        @Test
        void pastTheHourlySendLimitTheAnswerIsTheSameButNothingIsSentAndTheLastCodeStands() {
            region.signUp(ALICE, PASSWORD, EMAIL);
            for (int send = 2; send <= PendingCode.MAX_SENDS; send++) {
                identity.resendConfirmationCode(CLIENT, ALICE);
            }
            assertThat(mailbox.sentTo(ALICE)).hasSize(PendingCode.MAX_SENDS);
            String last = mailbox.lastCodeFor(ALICE);

            CodeDeliveryDetails refused = identity.resendConfirmationCode(CLIENT, ALICE);

            assertThat(refused).isEqualTo(new CodeDeliveryDetails("a***@e***", "EMAIL", "email"));
            assertThat(mailbox.sentTo(ALICE)).hasSize(PendingCode.MAX_SENDS);
            assertThat(pendingCode(ALICE).sends()).isEqualTo(PendingCode.MAX_SENDS);
            identity.confirmSignUp(CLIENT, ALICE, last);
            assertThat(region.user(ALICE).status()).isEqualTo(UserStatus.CONFIRMED);
        }

        @Test
        void theSendLimitStartsAgainWithTheNextHour() {
            region.signUp(ALICE, PASSWORD, EMAIL);
            for (int send = 2; send <= PendingCode.MAX_SENDS + 1; send++) {
                identity.resendConfirmationCode(CLIENT, ALICE);
            }
            assertThat(mailbox.sentTo(ALICE)).hasSize(PendingCode.MAX_SENDS);

            region.clock().advance(PendingCode.WINDOW);
            identity.resendConfirmationCode(CLIENT, ALICE);

            assertThat(mailbox.sentTo(ALICE)).hasSize(PendingCode.MAX_SENDS + 1);
            assertThat(pendingCode(ALICE).sends()).isEqualTo(1);
            assertThat(pendingCode(ALICE).windowStart()).isEqualTo(region.clock().instant());
        }
    }

    @Nested
    class SignInWithPassword {
        @Test
        void aConfirmedUserWithTheRightPasswordGetsTokensThatGetUserAccepts() {
            User alice = region.signUpConfirmed(ALICE, PASSWORD, EMAIL);

            IssuedTokens tokens = identity.passwordAuth(CLIENT, "Alice", PASSWORD);

            assertThat(tokens.idToken()).isNotBlank();
            assertThat(tokens.refreshToken()).isPresent();
            assertThat(tokens.expiresInSeconds()).isEqualTo(InMemoryRegion.ACCESS_TOKEN_VALIDITY.toSeconds());
            assertThat(identity.getUser(tokens.accessToken()).sub()).isEqualTo(alice.sub());
            assertThat(region.sessionStore().findRefreshToken(
                    io.cognate.domain.tokens.RefreshTokens.hash(tokens.refreshToken().orElseThrow())))
                    .hasValueSatisfying(record -> assertThat(record.sub()).isEqualTo(alice.sub()));
        }

        @Test
        void aWrongPasswordAndAnUnknownUserGetTheSameAnswerAtTheSameCost() {
            region.signUpConfirmed(ALICE, PASSWORD, EMAIL);

            assertRefused(() -> identity.passwordAuth(CLIENT, ALICE, "Wrong-Password-1"), "NotAuthorizedException")
                    .hasMessage("Incorrect username or password.");
            assertThat(region.passwordHasher().equivalentWorkBurned()).isZero();
            assertRefused(() -> identity.passwordAuth(CLIENT, "nobody", PASSWORD), "NotAuthorizedException")
                    .hasMessage("Incorrect username or password.");
            assertThat(region.passwordHasher().equivalentWorkBurned()).isEqualTo(1);
        }

        @Test
        void aUserWithNoPasswordCostsWhatAnUnknownUserCosts() {
            // A federated user (EXTERNAL_PROVIDER) or one imported without a hash has no password to
            // check: a password sign-in must still cost one check, or its speed tells the name exists.
            User alice = region.signUpConfirmed(ALICE, PASSWORD, EMAIL);
            region.directory().update(alice.withPassword("", null, region.clock().instant()), region.leader());
            int before = region.passwordHasher().equivalentWorkBurned();

            assertRefused(() -> identity.passwordAuth(CLIENT, ALICE, PASSWORD), "NotAuthorizedException")
                    .hasMessage("Incorrect username or password.");
            assertThat(region.passwordHasher().equivalentWorkBurned()).isEqualTo(before + 1);
            assertRefused(() -> identity.passwordAuth(CLIENT, "nobody", PASSWORD), "NotAuthorizedException")
                    .hasMessage("Incorrect username or password.");
            assertThat(region.passwordHasher().equivalentWorkBurned()).isEqualTo(before + 2);
        }

        @Test
        void anUnconfirmedUserIsToldOnlyWithTheRightPassword() {
            region.signUp(ALICE, PASSWORD, EMAIL);

            assertRefused(() -> identity.passwordAuth(CLIENT, ALICE, PASSWORD), "UserNotConfirmedException")
                    .hasMessage("User is not confirmed.");
            assertRefused(() -> identity.checkPassword(CLIENT, ALICE, PASSWORD), "UserNotConfirmedException");
            assertRefused(() -> identity.passwordAuth(CLIENT, ALICE, "Wrong-Password-1"), "NotAuthorizedException")
                    .hasMessage("Incorrect username or password.");
        }

        @Test
        void checkPasswordLeavesTheAttemptCountedUntilTheSignInCompletes() {
            region.signUpConfirmed(ALICE, PASSWORD, EMAIL);

            IdentityService.PasswordChecked checked = identity.checkPassword(CLIENT, ALICE, PASSWORD);

            assertThat(checked.user().username().value()).isEqualTo(ALICE);
            assertThat(checked.client().clientId()).isEqualTo(CLIENT);
            assertThat(checked.attempt()).isEqualTo(new SignInAttempts.Attempt("alice", 1));
            assertThat(region.lockoutCounters().read("alice")).hasValueSatisfying(
                    counter -> assertThat(counter.failures()).isEqualTo(1));
            region.passwordSignIn().completed(checked.attempt());
            assertThat(region.lockoutCounters().read("alice")).isEmpty();
        }

        @Test
        void fiveWrongPasswordsLockTheAccountUntilTheLockRunsOut() {
            region.signUpConfirmed(ALICE, PASSWORD, EMAIL);
            for (int i = 0; i < LockoutPolicy.cognitoDefault().maxFailures(); i++) {
                assertRefused(() -> identity.passwordAuth(CLIENT, ALICE, "Wrong-Password-1"), "NotAuthorizedException")
                        .hasMessage("Incorrect username or password.");
            }

            assertRefused(() -> identity.passwordAuth(CLIENT, ALICE, PASSWORD), "NotAuthorizedException")
                    .hasMessage("Password attempts exceeded");

            region.clock().advance(LockoutPolicy.cognitoDefault().firstLock());
            assertThat(identity.passwordAuth(CLIENT, ALICE, PASSWORD).accessToken()).isNotBlank();
        }

        @Test
        void aRightPasswordStartsTheCountAgain() {
            region.signUpConfirmed(ALICE, PASSWORD, EMAIL);
            for (int round = 0; round < 3; round++) {
                for (int i = 1; i < LockoutPolicy.cognitoDefault().maxFailures(); i++) {
                    assertRefused(() -> identity.passwordAuth(CLIENT, ALICE, "Wrong-Password-1"),
                            "NotAuthorizedException");
                }
                assertThat(identity.passwordAuth(CLIENT, ALICE, PASSWORD).accessToken()).isNotBlank();
            }
        }

        @Test
        void refusesClientsWithoutTheFlowAndRequestsMissingAParameter() {
            region.signUpConfirmed(ALICE, PASSWORD, EMAIL);
            region.putClient(new AppClient("refresh-only", "refresh only", Set.of(AppClient.ALLOW_REFRESH_TOKEN_AUTH),
                    Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1)));

            assertRefused(() -> identity.passwordAuth("refresh-only", ALICE, PASSWORD), "InvalidParameterException")
                    .hasMessage("USER_PASSWORD_AUTH flow not enabled for this client");
            assertRefused(() -> identity.passwordAuth(CLIENT, ALICE, ""), "InvalidParameterException")
                    .hasMessage("Missing required parameter PASSWORD");
            assertRefused(() -> identity.passwordAuth(CLIENT, null, PASSWORD), "InvalidParameterException")
                    .hasMessage("Missing required parameter USERNAME");
            assertRefused(() -> identity.passwordAuth("no-such-client", ALICE, PASSWORD), "ResourceNotFoundException");
            assertThat(region.lockoutCounters().read("alice")).as("nothing was counted").isEmpty();
        }
    }

    @Nested
    class GetUser {
        private IssuedTokens tokens;

        @BeforeEach
        void signedIn() {
            region.signUpConfirmed(ALICE, PASSWORD, EMAIL);
            tokens = region.signIn(ALICE, PASSWORD);
        }

        @Test
        void aValidAccessTokenGetsItsUserAsStored() {
            assertThat(identity.getUser(tokens.accessToken())).isEqualTo(region.user(ALICE));
        }

        @Test
        void anythingButAValidAccessTokenIsRefusedAsNotAuthorized() {
            assertRefused(() -> identity.getUser("not-a-token"), "NotAuthorizedException")
                    .hasMessage("Invalid Access Token");
            assertRefused(() -> identity.getUser(null), "NotAuthorizedException");
            assertRefused(() -> identity.getUser(tokens.idToken()), "NotAuthorizedException")
                    .hasMessage("Invalid Access Token");
            String tampered = tokens.accessToken().substring(0, tokens.accessToken().length() - 4) + "AAAA";
            assertRefused(() -> identity.getUser(tampered), "NotAuthorizedException")
                    .hasMessage("Invalid Access Token");
        }

        @Test
        void aTokenNamingThePoolsKeyButSignedWithAnotherIsRefused() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            LocalRsaSigner otherKey = new LocalRsaSigner(generator.generateKeyPair());
            TokenSigner impostor = new TokenSigner() {
                @Override
                public RSAPublicKey publicKey() {
                    return region.signer().publicKey();
                }

                @Override
                public byte[] signRs256(byte[] signingInput) {
                    return otherKey.signRs256(signingInput);
                }
            };
            Instant now = region.clock().instant();
            String forged = new TokenIssuer(region.issuerUrl(), impostor, region.clock())
                    .issue(region.user(ALICE), region.client(), now, SessionIds.next(now)).accessToken();

            assertRefused(() -> identity.getUser(forged), "NotAuthorizedException")
                    .hasMessage("Invalid Access Token");
        }

        @Test
        void anExpiredAccessTokenIsRefusedAsExpired() {
            region.clock().advance(InMemoryRegion.ACCESS_TOKEN_VALIDITY.plusMinutes(2));

            assertRefused(() -> identity.getUser(tokens.accessToken()), "NotAuthorizedException")
                    .hasMessage("Access Token has expired");
        }

        @Test
        void aTokenOfASignedOutSessionIsRefusedAsRevoked() {
            region.sessionService().globalSignOut(tokens.accessToken());

            assertRefused(() -> identity.getUser(tokens.accessToken()), "NotAuthorizedException")
                    .hasMessage("Access Token has been revoked");
        }
    }

    @Nested
    class WriteFencing {
        @Test
        void aSecondaryRegionRefusesEveryWriteAsAReadOnlyReplica() {
            region.signUp(ALICE, PASSWORD, EMAIL);
            String code = mailbox.lastCodeFor(ALICE);
            region.handLeadershipTo(SECONDARY);
            String replica = "Region us-east-1 is a read-only replica; writes are accepted by the active region "
                    + SECONDARY + ".";

            assertRefused(() -> identity.signUp(CLIENT, "bob", PASSWORD, email("bob@example.com")),
                    "OperationNotEnabledException").hasMessage(replica);
            assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, code), "OperationNotEnabledException")
                    .hasMessage(replica);
            assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, otherThan(code)),
                    "OperationNotEnabledException");
            assertRefused(() -> identity.resendConfirmationCode(CLIENT, ALICE), "OperationNotEnabledException");
            assertRefused(() -> identity.resendConfirmationCode(CLIENT, "nobody"), "OperationNotEnabledException");

            assertThat(region.inMemoryDirectory().findByUsername(Username.of("bob"))).isEmpty();
            assertThat(region.user(ALICE).status()).isEqualTo(UserStatus.UNCONFIRMED);
            assertThat(pendingCode(ALICE).failedAttempts()).as("no guess was counted").isZero();
            assertThat(mailbox.sent()).hasSize(1);
        }

        @Test
        void aSecondaryRegionStillSignsUsersInAndServesGetUser() {
            region.signUpConfirmed(ALICE, PASSWORD, EMAIL);
            region.handLeadershipTo(SECONDARY);

            IssuedTokens tokens = identity.passwordAuth(CLIENT, ALICE, PASSWORD);

            assertThat(identity.getUser(tokens.accessToken()).username().value()).isEqualTo(ALICE);
        }

        @Test
        void aWriteWhoseRegionLosesTheLeadBeforeItCommitsIsRefusedAndWritesNothing() {
            region.signUp(ALICE, PASSWORD, EMAIL);
            User before = region.user(ALICE);
            region.directory().beforeNextUpdate(user -> true, () -> region.handLeadershipTo(SECONDARY));

            assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, mailbox.lastCodeFor(ALICE)),
                    "OperationNotEnabledException")
                    .hasMessage("Region us-east-1 is a read-only replica; writes are accepted by the active region "
                            + SECONDARY + ".");
            assertThat(region.directory().interleavingPending()).isFalse();
            assertThat(region.user(ALICE)).isEqualTo(before);
        }

        @Test
        void aWriteThatLosesToAConcurrentChangeIsRunAgainFromAFreshRead() {
            region.signUp(ALICE, PASSWORD, EMAIL);
            region.directory().conflictOnNextUpdates(WriteFence.MAX_RUNS - 1);

            identity.confirmSignUp(CLIENT, ALICE, mailbox.lastCodeFor(ALICE));

            assertThat(region.user(ALICE).status()).isEqualTo(UserStatus.CONFIRMED);
            assertThat(region.directory().updateCalls()).isEqualTo(WriteFence.MAX_RUNS);
        }

        @Test
        void aWriteThatKeepsLosingIsAnsweredAsThrottledAfterTheLastRun() {
            region.signUp(ALICE, PASSWORD, EMAIL);
            region.directory().conflictOnNextUpdates(WriteFence.MAX_RUNS);

            assertRefused(() -> identity.confirmSignUp(CLIENT, ALICE, mailbox.lastCodeFor(ALICE)),
                    "TooManyRequestsException");

            assertThat(region.directory().updateCalls()).isEqualTo(WriteFence.MAX_RUNS);
            assertThat(region.user(ALICE).status()).isEqualTo(UserStatus.UNCONFIRMED);
        }
    }
}
