package dev.ferry.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates a topic if it is missing and waits until clients can see it, so the next produce or subscribe just works. */
final class TopicCreator {

    private TopicCreator() {
    }

    static void create(Admin admin, String name, int partitions, Duration timeout) {
        long deadline = Poll.deadline(timeout);
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
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
        if (!Poll.until(deadline, () -> isVisible(admin, name, deadline))) {
            throw new IllegalStateException("Topic '" + name + "' was created but its partitions did not get a leader within "
                    + timeout.toSeconds() + " seconds.");
        }
    }

    private static boolean isVisible(Admin admin, String name, long deadline) {
        try {
            TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                    .get(Math.max(1, Poll.left(deadline).toMillis()), TimeUnit.MILLISECONDS).get(name);
            return description != null
                    && !description.partitions().isEmpty()
                    && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
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
