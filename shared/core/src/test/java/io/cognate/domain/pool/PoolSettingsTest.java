package io.cognate.domain.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.CognitoException;
import io.cognate.domain.mfa.MfaConfiguration;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final PoolSettings INITIAL = PoolSettings.initial("us-east-1_Pool", MfaConfiguration.OPTIONAL);

    private static PoolUpdate update(List<String> autoVerified, List<RecoveryMechanism> recovery, List<String> verifyFirst) {
        return new PoolUpdate(Optional.empty(), PasswordRequirements.cognitoDefault(), MfaConfiguration.OFF, autoVerified,
                recovery, DeletionProtection.INACTIVE, false, 7, verifyFirst);
    }

    private static void refused(Runnable change, String message) {
        assertThatThrownBy(change::run).isInstanceOfSatisfying(CognitoException.class, e -> {
            assertThat(e.type()).isEqualTo("InvalidParameterException");
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void theInitialSettingsAreWhatThePoolDidBeforeTheyWereKept() {
        assertThat(INITIAL.password()).isEqualTo(PasswordRequirements.cognitoDefault());
        assertThat(INITIAL.password().policy()).isEqualTo(io.cognate.domain.PasswordPolicy.cognitoDefault());
        assertThat(INITIAL.mfaConfiguration()).isEqualTo(MfaConfiguration.OPTIONAL);
        assertThat(INITIAL.autoVerifiedAttributes()).containsExactly("email");
        assertThat(INITIAL.attributesRequireVerificationBeforeUpdate()).containsExactly("email");
        assertThat(INITIAL.customAttributes()).isEmpty();
        assertThat(INITIAL.version()).isZero();
        assertThat(INITIAL.created()).isEmpty();
    }

    @Test
    void passwordRequirementsKeepCognitosBounds() {
        refused(() -> new PasswordRequirements(5, true, true, true, true, 7), "greater than or equal to 6");
        refused(() -> new PasswordRequirements(100, true, true, true, true, 7), "less than or equal to 99");
        refused(() -> new PasswordRequirements(8, true, true, true, true, 366), "between 0 and 365");
        refused(() -> new PasswordRequirements(8, true, true, true, true, -1), "between 0 and 365");
        assertThatCode(() -> new PasswordRequirements(6, false, false, false, false, 0)).doesNotThrowAnyException();
        assertThatCode(() -> new PasswordRequirements(99, true, true, true, true, 365)).doesNotThrowAnyException();
    }

    @Test
    void anUpdateReplacesEverySettingItCoversAndKeepsTheCustomAttributes() {
        PoolSettings withPlan = INITIAL.withCustomAttributes(List.of(CustomAttribute.of("plan", AttributeDataType.STRING, true)), NOW);

        PoolSettings updated = withPlan.updated(PoolUpdate.COGNITO_DEFAULT, NOW.plusSeconds(5));

        assertThat(updated.mfaConfiguration()).isEqualTo(MfaConfiguration.OFF);
        assertThat(updated.autoVerifiedAttributes()).isEmpty();
        assertThat(updated.accountRecovery()).isEmpty();
        assertThat(updated.customAttributes()).extracting(CustomAttribute::name).containsExactly("custom:plan");
        assertThat(updated.poolName()).isEqualTo("us-east-1_Pool");
        assertThat(updated.created()).contains(NOW);
        assertThat(updated.lastModified()).contains(NOW.plusSeconds(5));
    }

    @Test
    void recoveryMechanismsAreAtMostTwoWithDistinctPrioritiesAndAdminOnlyAlone() {
        var email = new RecoveryMechanism(1, RecoveryMechanism.VERIFIED_EMAIL);
        refused(() -> INITIAL.updated(update(List.of(), List.of(email, new RecoveryMechanism(1, "verified_phone_number")),
                List.of()), NOW), "distinct");
        refused(() -> INITIAL.updated(update(List.of(), List.of(new RecoveryMechanism(3, "verified_email")), List.of()), NOW),
                "priorities 1 and 2");
        refused(() -> INITIAL.updated(update(List.of(), List.of(email, new RecoveryMechanism(2, "admin_only")), List.of()),
                NOW), "admin_only");
        refused(() -> INITIAL.updated(update(List.of(), List.of(new RecoveryMechanism(1, "carrier_pigeon")), List.of()), NOW),
                "verified_email");
        assertThat(INITIAL.updated(update(List.of(), List.of(new RecoveryMechanism(1, "admin_only")), List.of()), NOW)
                .accountRecovery()).hasSize(1);
    }

    @Test
    void onlyAutoVerifiedAttributesMayWaitForVerificationBeforeAnUpdate() {
        refused(() -> INITIAL.updated(update(List.of(), List.of(), List.of("email")), NOW), "AutoVerifiedAttributes");
        refused(() -> INITIAL.updated(update(List.of("email", "name"), List.of(), List.of()), NOW), "email and phone_number");
        assertThat(INITIAL.updated(update(List.of("email"), List.of(), List.of("email")), NOW)
                .attributesRequireVerificationBeforeUpdate()).containsExactly("email");
    }

    @Test
    void aPoolHasAtMostFiftyCustomAttributesEachNamedOnce() {
        var fifty = new ArrayList<CustomAttribute>();
        for (int i = 0; i < 50; i++) {
            fifty.add(CustomAttribute.of("a" + i, AttributeDataType.STRING, true));
        }
        PoolSettings full = INITIAL.withCustomAttributes(fifty, NOW);
        assertThat(full.customAttributes()).hasSize(50);

        refused(() -> full.withCustomAttributes(List.of(CustomAttribute.of("one_more", AttributeDataType.STRING, true)), NOW),
                "at most 50 custom attributes");
        refused(() -> INITIAL.withCustomAttributes(List.of(CustomAttribute.of("plan", AttributeDataType.STRING, true),
                CustomAttribute.of("plan", AttributeDataType.NUMBER, true)), NOW), "Existing attribute already has name custom:plan");
    }

    @Test
    void constraintsMustFitTheTypeAndEachOther() {
        refused(() -> new CustomAttribute("custom:n", AttributeDataType.NUMBER, true, Optional.of(1), Optional.empty(),
                Optional.empty(), Optional.empty()), "StringAttributeConstraints apply only to String");
        refused(() -> new CustomAttribute("custom:s", AttributeDataType.STRING, true, Optional.of(5), Optional.of(4),
                Optional.empty(), Optional.empty()), "MinLength must not be greater");
        refused(() -> new CustomAttribute("custom:s", AttributeDataType.STRING, true, Optional.empty(), Optional.of(2049),
                Optional.empty(), Optional.empty()), "between 0 and 2048");
        refused(() -> new CustomAttribute("custom:n", AttributeDataType.NUMBER, true, Optional.empty(), Optional.empty(),
                Optional.of(BigDecimal.TEN), Optional.of(BigDecimal.ONE)), "MinValue must not be greater");
        refused(() -> new CustomAttribute("custom:n", AttributeDataType.NUMBER, true, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(new BigDecimal("1e999999999"))), "at most 30 digits");
        refused(() -> new CustomAttribute("custom:n", AttributeDataType.NUMBER, true, Optional.empty(), Optional.empty(),
                Optional.of(new BigDecimal("1e-999999999")), Optional.empty()), "at most 30 digits");
        assertThatCode(() -> new CustomAttribute("custom:n", AttributeDataType.NUMBER, true, Optional.empty(),
                Optional.empty(), Optional.of(new BigDecimal("-1e29")), Optional.of(new BigDecimal("0.5")))).doesNotThrowAnyException();
    }

    @Test
    void customValuesAreCheckedAgainstTheirTypeAndConstraints() {
        PoolSettings schema = INITIAL.withCustomAttributes(List.of(
                new CustomAttribute("custom:plan", AttributeDataType.STRING, true, Optional.of(2), Optional.of(5),
                        Optional.empty(), Optional.empty()),
                new CustomAttribute("custom:seats", AttributeDataType.NUMBER, true, Optional.empty(), Optional.empty(),
                        Optional.of(BigDecimal.ONE), Optional.of(new BigDecimal("100"))),
                CustomAttribute.of("beta", AttributeDataType.BOOLEAN, true),
                CustomAttribute.of("since", AttributeDataType.DATE_TIME, true)), NOW);

        assertThatCode(() -> schema.checkSignUpAttributes(Map.of("custom:plan", "pro", "custom:seats", "100",
                "custom:beta", "false", "custom:since", "2026-12-01", "email", "a@example.com", "name", "Ada")))
                .doesNotThrowAnyException();
        assertThatCode(() -> schema.checkSignUpAttributes(Map.of("custom:since", "2026-12-01T10:00:00Z")))
                .doesNotThrowAnyException();
        refused(() -> schema.checkSignUpAttributes(Map.of("custom:plan", "enterprise")),
                "Attributes did not conform to the schema: custom:plan: String must be no longer than 5 characters");
        refused(() -> schema.checkSignUpAttributes(Map.of("custom:plan", "x")), "no shorter than 2");
        refused(() -> schema.checkSignUpAttributes(Map.of("custom:seats", "101")), "Number must be no greater than 100");
        refused(() -> schema.checkSignUpAttributes(Map.of("custom:seats", "0")), "Number must be no less than 1");
        refused(() -> schema.checkSignUpAttributes(Map.of("custom:seats", "many")), "Number is not valid");
        refused(() -> schema.checkSignUpAttributes(Map.of("custom:beta", "yes")), "Boolean must be true or false");
        refused(() -> schema.checkSignUpAttributes(Map.of("custom:since", "yesterday")), "DateTime");
        refused(() -> schema.checkSignUpAttributes(Map.of("custom:role", "admin")),
                "Attributes did not conform to the schema: Type for attribute {custom:role} could not be determined");
    }

    @Test
    void withoutCustomAttributesTheSchemaIsOpenAsItAlwaysWas() {
        assertThatCode(() -> INITIAL.checkSignUpAttributes(Map.of("custom:anything", "at all")))
                .doesNotThrowAnyException();
        assertThatCode(() -> INITIAL.checkAttributeUpdate(Map.of("custom:anything", "at all")))
                .doesNotThrowAnyException();
    }

    @Test
    void anImmutableAttributeIsSetAtSignUpAndNeverChanged() {
        PoolSettings schema = INITIAL.withCustomAttributes(List.of(CustomAttribute.of("tenant", AttributeDataType.STRING, false)), NOW);

        assertThatCode(() -> schema.checkSignUpAttributes(Map.of("custom:tenant", "acme"))).doesNotThrowAnyException();
        refused(() -> schema.checkAttributeUpdate(Map.of("custom:tenant", "other")),
                "custom:tenant: Attribute cannot be updated. (changing an immutable attribute)");
        assertThatCode(() -> schema.checkAttributeUpdate(Map.of("name", "Ada"))).doesNotThrowAnyException();
    }
}
