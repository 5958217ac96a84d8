package dev.ferry.broker;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates a topic if it is missing and waits until every partition can take a write, so the next produce or subscribe just works. */
public final class TopicCreator {

    private TopicCreator() {
    }

    static void create(Admin admin, String name, int partitions, Duration timeout) {
        create(admin, new NewTopic(name, partitions, (short) 1), timeout);
    }

    /**
     * Creates {@code topic} with {@code admin} unless a topic of its name exists (whatever its
     * settings), then waits until every partition can take a write.
     *
     * @throws IllegalStateException naming the topic, if it cannot be created or is not ready within {@code timeout}
     */
    public static void create(Admin admin, NewTopic topic, Duration timeout) {
        String name = topic.name();
        long deadline = Poll.deadline(timeout);
        try {
            admin.createTopics(List.of(topic))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic '" + name + "': " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating topic '" + name + "' took longer than " + timeout.toSeconds() + " seconds.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic '" + name + "'.", e);
        }
        if (!Poll.until(deadline, () -> isWritable(admin, name, deadline))) {
            throw new IllegalStateException("Topic '" + name + "' was created but its partitions could not take a write within "
                    + timeout.toSeconds() + " seconds.");
        }
    }

    private static boolean isWritable(Admin admin, String name, long deadline) {
        try {
            TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                    .get(Math.max(1, Poll.left(deadline).toMillis()), TimeUnit.MILLISECONDS).get(name);
            if (description == null || description.partitions().isEmpty()
                    || !description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return false;
            }
            // The controller's metadata names a leader before the broker itself leads the partition: a
            // produce in between is refused (NOT_LEADER_OR_FOLLOWER), and an idempotent producer's retry
            // of that first batch can then be refused for ever as out of order once later batches got in.
            // Listing the end offsets is answered by the leader's replica manager, so it succeeds only
            // once every partition can take a write.
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            description.partitions().forEach(p -> ends.put(new TopicPartition(name, p.partition()), OffsetSpec.latest()));
            admin.listOffsets(ends).all().get(Math.max(1, Poll.left(deadline).toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) { // unknown yet, or no leader yet
                return false;
            }
            throw new IllegalStateException("Could not check that topic '" + name + "' exists: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for topic '" + name + "'.", e);
        }
    }
}
