package dev.ferry.kubernetes;

/**
 * How many replicas of an app can all own partitions. An app's {@code consumers} are consumers in
 * one process (one pod), so a group of {@code replicas × consumers} members shares the input
 * partitions, and members beyond the partitions sit idle: the limit is the partitions divided by
 * the consumers per pod, and at least one pod.
 *
 * @param partitions the input topics' partitions, summed over the topics (one group shares them all)
 * @param consumers  consumers per pod, the app's {@code consumers}
 */
public record ReplicaLimit(int partitions, int consumers) {

    /** Checks the counts. */
    public ReplicaLimit {
        if (partitions < 1 || consumers < 1) {
            throw new IllegalArgumentException("partitions and consumers must be at least 1: " + partitions + ", "
                    + consumers);
        }
    }

    /** The most replicas that all get partitions. */
    public int max() {
        return Math.max(1, partitions / consumers);
    }

    /** Why the limit is what it is, for messages. */
    public String reason() {
        return "its input topics have " + partitions + " partition" + (partitions == 1 ? "" : "s") + " and each replica "
                + "runs " + consumers + " consumer" + (consumers == 1 ? "" : "s") + ", so at most " + max()
                + " replica" + (max() == 1 ? "" : "s") + " get partitions";
    }
}
