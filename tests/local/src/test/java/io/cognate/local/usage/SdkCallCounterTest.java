package io.cognate.local.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.kms.model.SignRequest;

class SdkCallCounterTest {

    @Test
    void dynamoDbItemCallsAskForTheirConsumedCapacity() {
        var get = (GetItemRequest) SdkCallCounter.withConsumedCapacity(GetItemRequest.builder().tableName("t")
                .key(Map.of("pk", AttributeValue.fromS("a"))).build());
        assertThat(get.returnConsumedCapacity()).isEqualTo(ReturnConsumedCapacity.TOTAL);
        assertThat(get.key()).containsKey("pk");
        var transaction = (TransactWriteItemsRequest) SdkCallCounter.withConsumedCapacity(
                TransactWriteItemsRequest.builder().build());
        assertThat(transaction.returnConsumedCapacity()).isEqualTo(ReturnConsumedCapacity.TOTAL);
    }

    @Test
    void aCallThatAlreadyAsksIsLeftAsItIs() {
        var update = UpdateItemRequest.builder().tableName("t").returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        assertThat(SdkCallCounter.withConsumedCapacity(update)).isSameAs(update);
    }

    @Test
    void otherServicesCallsAreLeftAsTheyAre() {
        var sign = SignRequest.builder().keyId("k").build();
        assertThat(SdkCallCounter.withConsumedCapacity(sign)).isSameAs(sign);
    }
}
