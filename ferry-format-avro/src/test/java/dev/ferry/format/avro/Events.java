package dev.ferry.format.avro;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The event types the tests write and read. */
final class Events {

    private Events() {
    }

    /** The talk's prediction. */
    record Prediction(float some_prediction_value, int client) {
    }

    enum Plan { FREE, PRO }

    record Address(String city, Optional<String> zip) {
    }

    /** One component of every mapped type. */
    record Everything(boolean active, int count, Integer boxed, long total, float ratio, double score, String name,
                      Plan plan, Address address, List<String> tags, Set<Integer> lucky, Map<String, Long> totals,
                      Optional<String> nickname, Optional<Address> previous, byte[] avatar, Instant at,
                      LocalDate born, UUID id, BigDecimal balance, List<Address> addresses) {

        static Everything sample() {
            return new Everything(true, 7, 8, 9_000_000_000L, 0.5f, 2.25, "ada", Plan.PRO,
                    new Address("Paris", Optional.of("75001")), List.of("a", "b"), Set.of(3),
                    Map.of("x", 1L), Optional.empty(), Optional.of(new Address("Lyon", Optional.empty())),
                    new byte[] {1, 2, 3}, Instant.parse("2026-11-25T09:30:00.123456Z"), LocalDate.of(1815, 12, 10),
                    UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new BigDecimal("12.50"),
                    List.of(new Address("Rome", Optional.empty())));
        }

        /** Equal when every component is, comparing the bytes by content. */
        boolean sameAs(Everything o) {
            return active == o.active && count == o.count && boxed.equals(o.boxed) && total == o.total
                    && ratio == o.ratio && score == o.score && name.equals(o.name) && plan == o.plan
                    && address.equals(o.address) && tags.equals(o.tags) && lucky.equals(o.lucky)
                    && totals.equals(o.totals) && nickname.equals(o.nickname) && previous.equals(o.previous)
                    && Arrays.equals(avatar, o.avatar) && at.equals(o.at) && born.equals(o.born) && id.equals(o.id)
                    && balance.equals(o.balance) && addresses.equals(o.addresses);
        }
    }

    /** A record that contains itself. */
    record Tree(String name, List<Tree> children) {
    }

    /** A bean with the fields of {@link Prediction}. */
    public static final class PredictionBean {
        private final float value;
        private final int client;

        PredictionBean(float value, int client) {
            this.value = value;
            this.client = client;
        }

        public float getSome_prediction_value() {
            return value;
        }

        public int getClient() {
            return client;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PredictionBean b && b.value == value && b.client == client;
        }

        @Override
        public int hashCode() {
            return Objects.hash(value, client);
        }
    }

    record WithShort(String name, short small) {
    }

    record WithObject(Object anything) {
    }

    record WithIntKeys(Map<Integer, String> byNumber) {
    }

    record WithArray(String[] names) {
    }

    record WithNestedOptional(Optional<Optional<String>> maybe) {
    }

    record WithBadNested(Address home, List<WithShort> others) {
    }

    /** Not a record. */
    static final class NotARecord {
    }
}
