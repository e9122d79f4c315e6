package io.cognate.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceListTest {
    /** The repository's prices file (tests run in tests/benchmarks). */
    static final Path PRICES = Path.of("..", "..", "docs", "cost", "aws-prices.json");

    @Test
    void theRepositoryPricesFileHasEveryPriceTheModelUsesEachDatedAndSourced() throws Exception {
        PriceList prices = PriceList.load(PRICES);
        assertThat(prices.read()).isEqualTo("2026-12-02");
        for (String id : priceIds()) {
            Price price = prices.get(id);
            assertThat(price.usd()).as(id).isPositive();
            assertThat(price.per()).as(id).isPositive();
        }
        for (Price price : prices.all()) {
            assertThat(price.read()).as(price.id()).isEqualTo("2026-12-02");
            // The publisher's own page: AWS's pricing pages or its documentation.
            assertThat(price.source()).as(price.id()).matches("https://(docs\\.)?aws\\.amazon\\.com/\\S+");
            assertThat(price.unit()).as(price.id()).isNotBlank();
            if (!price.confirmed()) {
                assertThat(price.note()).as(price.id() + " is unconfirmed and must say why").isNotBlank();
            }
        }
        assertThat(prices.get(PriceList.COGNITO_REPLICA_MAU).usd()).isEqualTo(0.0045);
        assertThat(prices.get(PriceList.COGNITO_ESSENTIALS_MAU).freeQuantity()).isEqualTo(10_000);
    }

    @Test
    void aPriceWithoutASourceOrDateIsRefused() {
        String undated = """
                {"prices": {"kms.keyMonth": {"usd": 1, "per": 1, "unit": "key-month", "source": "https://aws.amazon.com/kms/pricing/"}}}""";
        assertThatThrownBy(() -> PriceList.parse(undated, "undated.json")).hasMessageContaining("kms.keyMonth has no read");
        String unsourced = """
                {"prices": {"kms.keyMonth": {"usd": 1, "per": 1, "unit": "key-month", "read": "2026-12-02"}}}""";
        assertThatThrownBy(() -> PriceList.parse(unsourced, "unsourced.json")).hasMessageContaining("has no source");
    }

    @Test
    void pricesArePerTheirUnitCount() throws Exception {
        Price kms = PriceList.load(PRICES).get(PriceList.KMS_REQUESTS);
        assertThat(kms.of(10_000)).isCloseTo(kms.usd(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(kms.of(1_000_000)).isCloseTo(3.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    private static List<String> priceIds() throws IllegalAccessException {
        List<String> ids = new ArrayList<>();
        for (Field field : PriceList.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Modifier.isPublic(field.getModifiers()) && field.getType() == String.class) {
                ids.add((String) field.get(null));
            }
        }
        assertThat(ids).hasSizeGreaterThan(15);
        return ids;
    }
}
