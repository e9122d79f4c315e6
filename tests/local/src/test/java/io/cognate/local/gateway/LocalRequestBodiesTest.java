package io.cognate.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalRequestBodiesTest {

    @Test
    void oversizedStreamIsAbandonedAfterOneByteOverTheLimit() throws Exception {
        AtomicLong consumed = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                consumed.incrementAndGet();
                return 'x';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                consumed.addAndGet(length);
                Arrays.fill(buffer, offset, offset + length, (byte) 'x');
                return length;
            }
        };

        assertThat(RequestBodies.readAtMost(endless, 1000)).isEmpty();
        assertThat(consumed.get()).isEqualTo(1001);
    }

    @Test
    void bodyWithinTheLimitIsReturnedWhole() throws Exception {
        byte[] body = "hello".getBytes();

        assertThat(RequestBodies.readAtMost(new java.io.ByteArrayInputStream(body), 5)).hasValue(body);
    }

    @Test
    void textualContentTypesFollowApiGateway() {
        assertThat(HttpApiEventFactory.isTextual("application/json; charset=UTF-8")).isTrue();
        assertThat(HttpApiEventFactory.isTextual("application/x-amz-json-1.1")).isTrue();
        assertThat(HttpApiEventFactory.isTextual("text/html")).isTrue();
        assertThat(HttpApiEventFactory.isTextual("application/vnd.api+json")).isTrue();
        assertThat(HttpApiEventFactory.isTextual("application/octet-stream")).isFalse();
        assertThat(HttpApiEventFactory.isTextual("image/png")).isFalse();
        assertThat(HttpApiEventFactory.isTextual(null)).isFalse();
    }
}
