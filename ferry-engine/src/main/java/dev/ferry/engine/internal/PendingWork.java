package dev.ferry.engine.internal;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** Events a consumer has polled but not completed, as the lag sampler and a rebalance need them. */
interface PendingWork {

    /** Where each partition with events not yet completed must resume if the work is abandoned. */
    Map<TopicPartition, Long> resumePositions();

    /** The Kafka timestamp of the first event not yet completed, per partition that has one. */
    Map<TopicPartition, Long> oldestPendingTimestamps();
}
