package dev.ferry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.proxy.wire.ProxyProtocol;
import dev.ferry.proxy.wire.WireRecord;
import dev.ferry.proxy.wire.WriteReply;
import dev.ferry.proxy.wire.WriteRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire layout: requests and replies come back as they went, nulls included; other bytes are refused. */
class ProxyProtocolTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_request_comes_back_as_it_went() {
        WriteRequest r = new WriteRequest(42, List.of(
                new WireRecord("t.é", utf8("k"), utf8("{\"v\":1}"), List.of(new WireRecord.Header("h", utf8("x")),
                        new WireRecord.Header("empty", null))),
                new WireRecord("t2", null, null, List.of())));
        WriteRequest back = ProxyProtocol.decodeRequest(new ByteArrayInputStream(ProxyProtocol.encode(r)));
        assertThat(back.sequence()).isEqualTo(42);
        assertThat(back.records()).hasSize(2);
        assertThat(back.records().get(0).topic()).isEqualTo("t.é");
        assertThat(back.records().get(0).key()).isEqualTo(utf8("k"));
        assertThat(back.records().get(0).value()).isEqualTo(utf8("{\"v\":1}"));
        assertThat(back.records().get(0).headers()).extracting(WireRecord.Header::name).containsExactly("h", "empty");
        assertThat(back.records().get(0).headers().get(1).value()).isNull();
        assertThat(back.records().get(1).key()).isNull();
        assertThat(back.records().get(1).value()).isNull();
    }

    @Test
    void a_reply_comes_back_as_it_went() {
        WriteReply r = WriteReply.rejected(7, 3, "schema", "$.payload.n: must be <= 1");
        assertThat(ProxyProtocol.decodeReply(new ByteArrayInputStream(ProxyProtocol.encode(r)))).isEqualTo(r);
        assertThat(ProxyProtocol.decodeReply(new ByteArrayInputStream(ProxyProtocol.encode(WriteReply.written(8)))))
                .isEqualTo(WriteReply.written(8));
    }

    @Test
    void bytes_that_are_not_a_message_are_refused_saying_why() {
        assertThatThrownBy(() -> ProxyProtocol.decodeRequest(new ByteArrayInputStream(new byte[] {9, 0})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Ferry proxy message: protocol version 9, this side speaks 1");
        byte[] cut = ProxyProtocol.encode(new WriteRequest(1, List.of(new WireRecord("t", null, utf8("abcdef"),
                List.of()))));
        assertThatThrownBy(() -> ProxyProtocol.decodeRequest(new ByteArrayInputStream(java.util.Arrays.copyOf(cut,
                cut.length - 2)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Ferry proxy message");
    }
}
