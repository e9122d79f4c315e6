package io.cognate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalRegion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreconditionNotMetException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserImportJobStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserImportJobType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * Cognito's import-job API on the local stack, through the AWS SDK's Cognito client signed with
 * the stack's admin key: the CSV header, a job created with a presigned URL that a plain HTTP PUT
 * (what {@code curl --upload-file} sends) uploads to, and that refuses a forged or altered URL;
 * Start once only; the run's counts in DescribeUserImportJob; rows with a hash sign in with the
 * old password, rows without one answer PasswordResetRequiredException; the same file imported
 * again duplicates nobody; and the secondary refuses to create a job.
 */
@ExtendWith(UserImportJobApiTest.Stack.class)
class UserImportJobApiTest {
    private static final String BCRYPT = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
    private static final String BCRYPT_PASSWORD = "U*U";
    private static final String PBKDF2 = "pbkdf2_sha256$10000$seasalt$CWWFdHOWwPnki7HvkcqN9iA2T3KLW1cf2uZ5kvArtVY=";
    private static final String PBKDF2_PASSWORD = "lètmein";
    private static final String ROLE = "arn:aws:iam::123456789012:role/CognitoImportLogs";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static LocalCognate stack;
    private static CognitoIdentityProviderClient admin;

    static final class Stack implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stack = LocalStackExtension.stack(context);
        }
    }

    @BeforeAll
    static void adminClient() {
        admin = PoolUsers.adminClient(stack, stack.primary().endpoint(), stack.primary().name());
    }

    private static String csv(String run) {
        return "name,given_name,family_name,email,email_verified,phone_number,phone_number_verified,"
                + "cognito:mfa_enabled,cognito:username,cognate:password_hash\n"
                + "\"Doe, Jane\",Jane,Doe,jane-" + run + "@example.com,true,,false,false,job-jane-" + run + "," + BCRYPT + "\n"
                + "Max,Max,Muster,max-" + run + "@example.com,true,,false,false,job-max-" + run + "," + PBKDF2 + "\n"
                + "Ada,Ada,Lovelace,ada-" + run + "@example.com,true,,false,false,job-ada-" + run + ",\n"
                + "Bad,Bad,Row,bad-" + run + "@example.com,true,,false,false,job-bad-" + run + ",$1$md5$notsupported\n";
    }

    private static UserImportJobType create(String name) {
        return admin.createUserImportJob(b -> b.userPoolId(stack.userPoolId()).jobName(name)
                .cloudWatchLogsRoleArn(ROLE)).userImportJob();
    }

    /** A plain PUT of the file to the URL, no credentials, as curl --upload-file sends it. */
    private static int upload(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static UserImportJobType awaitEnded(String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            UserImportJobType job = admin.describeUserImportJob(b -> b.userPoolId(stack.userPoolId()).jobId(jobId))
                    .userImportJob();
            if (job.status() == UserImportJobStatusType.SUCCEEDED || job.status() == UserImportJobStatusType.FAILED
                    || Instant.now().isAfter(deadline)) {
                return job;
            }
            Thread.sleep(200);
        }
    }

    private static void signIn(CognitoIdentityProviderClient cognito, String username, String password) {
        cognito.initiateAuth(b -> b.clientId(stack.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)));
    }

    @Test
    void theCsvHeaderIsCognitosWithTheHashColumn() {
        var header = admin.getCSVHeader(b -> b.userPoolId(stack.userPoolId()));

        assertThat(header.userPoolId()).isEqualTo(stack.userPoolId());
        assertThat(header.csvHeader()).contains("cognito:username", "email", "email_verified", "cognito:mfa_enabled",
                "cognate:password_hash");
    }

    @Test
    void aJobImportsTheUploadedFileAndCountsEachRowAndARerunDuplicatesNobody() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        UserImportJobType created = create("import " + run);
        assertThat(created.jobId()).matches("import-[0-9a-zA-Z-]+");
        assertThat(created.status()).isEqualTo(UserImportJobStatusType.CREATED);
        assertThat(created.cloudWatchLogsRoleArn()).isEqualTo(ROLE);
        assertThat(created.creationDate()).isNotNull();
        assertThat(upload(created.preSignedUrl(), csv(run))).isEqualTo(200);

        UserImportJobType started = admin.startUserImportJob(b -> b.userPoolId(stack.userPoolId())
                .jobId(created.jobId())).userImportJob();
        assertThat(started.status()).isEqualTo(UserImportJobStatusType.PENDING);
        assertThat(started.startDate()).isNotNull();
        assertThatThrownBy(() -> admin.startUserImportJob(b -> b.userPoolId(stack.userPoolId()).jobId(created.jobId())))
                .isInstanceOf(PreconditionNotMetException.class);

        UserImportJobType done = awaitEnded(created.jobId());
        assertThat(done.status()).isEqualTo(UserImportJobStatusType.SUCCEEDED);
        assertThat(done.importedUsers()).isEqualTo(3);
        assertThat(done.skippedUsers()).isZero();
        assertThat(done.failedUsers()).isEqualTo(1);
        assertThat(done.completionDate()).isNotNull();
        assertThat(done.preSignedUrl()).isNull();

        try (var atPrimary = TwoRegionStoryTest.cognito(stack.primary())) {
            signIn(atPrimary, "job-jane-" + run, BCRYPT_PASSWORD);
            signIn(atPrimary, "job-max-" + run, PBKDF2_PASSWORD);
            assertThatThrownBy(() -> signIn(atPrimary, "job-jane-" + run, BCRYPT_PASSWORD + "x"))
                    .isInstanceOf(NotAuthorizedException.class);
            assertThatThrownBy(() -> signIn(atPrimary, "job-ada-" + run, "Any-Password-1"))
                    .isInstanceOf(PasswordResetRequiredException.class);
        }
        var ada = admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username("job-ada-" + run));
        assertThat(ada.userStatus()).isEqualTo(UserStatusType.RESET_REQUIRED);
        assertThat(ada.userAttributes()).anySatisfy(a -> assertThat(a.name() + "=" + a.value())
                .isEqualTo("email=ada-" + run + "@example.com"));
        String janeSub = sub("job-jane-" + run);

        UserImportJobType again = create("import again " + run);
        assertThat(upload(again.preSignedUrl(), csv(run))).isEqualTo(200);
        admin.startUserImportJob(b -> b.userPoolId(stack.userPoolId()).jobId(again.jobId()));
        UserImportJobType rerun = awaitEnded(again.jobId());
        assertThat(rerun.status()).isEqualTo(UserImportJobStatusType.SUCCEEDED);
        assertThat(rerun.importedUsers()).isZero();
        assertThat(rerun.skippedUsers()).isEqualTo(3);
        assertThat(rerun.failedUsers()).isEqualTo(1);
        assertThat(sub("job-jane-" + run)).isEqualTo(janeSub);
        assertThat(admin.listUsers(b -> b.userPoolId(stack.userPoolId()).filter("username = \"job-jane-" + run + "\""))
                .users()).hasSize(1);

        var listed = admin.listUserImportJobs(b -> b.userPoolId(stack.userPoolId()).maxResults(60)).userImportJobs();
        assertThat(listed).extracting(UserImportJobType::jobId).contains(created.jobId(), again.jobId());
    }

    private static String sub(String username) {
        return admin.adminGetUser(b -> b.userPoolId(stack.userPoolId()).username(username)).userAttributes().stream()
                .filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
    }

    @Test
    void aForgedOrAlteredUploadUrlIsRefusedAndACreatedJobCannotBeStopped() throws Exception {
        UserImportJobType created = create("forged " + UUID.randomUUID().toString().substring(0, 8));
        String url = created.preSignedUrl();
        String signature = url.substring(url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
        String forged = url.replace(signature, (signature.charAt(0) == 'a' ? "b" : "a") + signature.substring(1));
        String date = url.replaceAll(".*X-Amz-Date=([0-9TZ]+).*", "$1");
        String backdated = url.replace("X-Amz-Date=" + date, "X-Amz-Date=20200101T000000Z");
        String otherJob = url.replace(created.jobId(), "import-someoneelse");
        String noSignature = url.substring(0, url.indexOf("?"));

        for (String refused : new String[] {forged, backdated, otherJob, noSignature}) {
            assertThat(upload(refused, "cognito:username\nmallory\n")).as(refused.replaceAll("Signature=.*", ""))
                    .isEqualTo(403);
        }
        assertThatThrownBy(() -> admin.stopUserImportJob(b -> b.userPoolId(stack.userPoolId()).jobId(created.jobId())))
                .isInstanceOf(PreconditionNotMetException.class);
        assertThatThrownBy(() -> admin.describeUserImportJob(b -> b.userPoolId(stack.userPoolId()).jobId("import-nosuchjob")))
                .isInstanceOfSatisfying(CognitoIdentityProviderException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException"));
    }

    @Test
    void theSecondaryRefusesToCreateAJobAndUnsignedCallsAreRefused() {
        LocalRegion secondary = stack.regions().stream().filter(r -> !r.name().equals(stack.primary().name()))
                .findFirst().orElseThrow();
        try (var atSecondary = PoolUsers.adminClient(stack, secondary.endpoint(), secondary.name());
             var unsigned = TwoRegionStoryTest.cognito(stack.primary())) {
            assertThatThrownBy(() -> atSecondary.createUserImportJob(b -> b.userPoolId(stack.userPoolId())
                    .jobName("at the secondary").cloudWatchLogsRoleArn(ROLE)))
                    .isInstanceOf(OperationNotEnabledException.class);
            assertThatThrownBy(() -> unsigned.getCSVHeader(b -> b.userPoolId(stack.userPoolId())))
                    .isInstanceOf(CognitoIdentityProviderException.class);
        }
    }

    @Test
    void anUnknownPoolIsNotFound() {
        assertThatThrownBy(() -> admin.listUserImportJobs(b -> b.userPoolId("us-east-1_nosuchpool").maxResults(10)))
                .isInstanceOfSatisfying(CognitoIdentityProviderException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException"));
    }
}
