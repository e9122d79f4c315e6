package io.cognate.local.dynamo;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An item's identity across regions: its table and primary key attributes. */
record ItemKey(String table, Map<String, AttributeValue> key) {

  ItemKey {
    key = Map.copyOf(key);
  }
}
