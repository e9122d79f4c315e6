package io.cognate.adapters.aws;

import static io.cognate.adapters.aws.Items.key;
import static io.cognate.adapters.aws.Items.millis;
import static io.cognate.adapters.aws.Items.n;
import static io.cognate.adapters.aws.Items.s;

import io.cognate.domain.LeaderRecord;
import io.cognate.domain.imports.ImportJob;
import io.cognate.domain.imports.ImportJobStatus;
import io.cognate.ports.ImportJobs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Import jobs in the Directory table, all in one partition ({@code IMPORTJOBS/JOB#<id>}): a pool
 * has few jobs, so one Query lists them and one GetItem finds one, read strongly consistent so a
 * run sees the Stop written in its region. A job is one item, written whole; every write is a
 * fenced transaction, a create conditional on the key being free and a replace on the stored
 * status being one of those named.
 */
public final class DynamoDbImportJobs implements ImportJobs {
    static final String PK_VALUE = "IMPORTJOBS";

    private final DynamoDbClient dynamo;
    private final String table;
    private final FencedTransactions transactions;

    public DynamoDbImportJobs(DynamoDbClient dynamo, String table, String controlTable, String region) {
        this.dynamo = dynamo;
        this.table = table;
        this.transactions = new FencedTransactions(dynamo, controlTable, region);
    }

    @Override
    public Optional<ImportJob> find(String jobId) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(PK_VALUE, "JOB#" + jobId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toJob(item));
    }

    @Override
    public List<ImportJob> list() {
        var jobs = new ArrayList<ImportJob>();
        Items.partition(dynamo, table, PK_VALUE).forEach(item -> jobs.add(toJob(item)));
        jobs.sort(Comparator.comparing(ImportJob::createdAt).thenComparing(ImportJob::jobId));
        return jobs;
    }

    @Override
    public void create(ImportJob job, LeaderRecord fence) {
        boolean written = transactions.commit(fence, List.of(TransactWriteItem.builder().put(Put.builder()
                .tableName(table).item(item(job, fence)).conditionExpression("attribute_not_exists(pk)").build()).build()));
        if (!written) {
            throw new IllegalStateException("import job id " + job.jobId() + " is taken");
        }
    }

    @Override
    public boolean replace(ImportJob job, Set<ImportJobStatus> from, LeaderRecord fence) {
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (ImportJobStatus status : from) {
            String name = ":from" + names.size();
            names.add(name);
            values.put(name, s(status.name()));
        }
        if (names.isEmpty()) {
            return false;
        }
        return transactions.commit(fence, List.of(TransactWriteItem.builder().put(Put.builder()
                .tableName(table).item(item(job, fence))
                .conditionExpression("attribute_exists(pk) AND #status IN (" + String.join(", ", names) + ")")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)
                .build()).build()));
    }

    private Map<String, AttributeValue> item(ImportJob job, LeaderRecord fence) {
        var item = new HashMap<>(key(PK_VALUE, "JOB#" + job.jobId()));
        item.put("jobId", s(job.jobId()));
        item.put("jobName", s(job.jobName()));
        item.put("cloudWatchLogsRoleArn", s(job.cloudWatchLogsRoleArn()));
        item.put("status", s(job.status().name()));
        item.put("createdAt", millis(job.createdAt()));
        job.startedAt().ifPresent(at -> item.put("startedAt", millis(at)));
        job.completedAt().ifPresent(at -> item.put("completedAt", millis(at)));
        item.put("importedUsers", n(job.importedUsers()));
        item.put("skippedUsers", n(job.skippedUsers()));
        item.put("failedUsers", n(job.failedUsers()));
        item.put("rowsRead", n(job.rowsRead()));
        job.completionMessage().ifPresent(message -> item.put("completionMessage", s(message)));
        transactions.stamp(item, fence);
        return item;
    }

    private static ImportJob toJob(Map<String, AttributeValue> item) {
        return new ImportJob(Items.string(item, "jobId"), Items.string(item, "jobName"),
                Items.string(item, "cloudWatchLogsRoleArn"), ImportJobStatus.valueOf(Items.string(item, "status")),
                Items.instant(item, "createdAt"),
                item.containsKey("startedAt") ? Optional.of(Items.instant(item, "startedAt")) : Optional.empty(),
                item.containsKey("completedAt") ? Optional.of(Items.instant(item, "completedAt")) : Optional.empty(),
                Items.number(item, "importedUsers"), Items.number(item, "skippedUsers"), Items.number(item, "failedUsers"),
                Items.number(item, "rowsRead"), Items.optionalString(item, "completionMessage"));
    }
}
