package dev.ferry.hub.web;

import dev.ferry.hub.AppView;
import dev.ferry.hub.GroupView;
import dev.ferry.hub.LineageView;
import dev.ferry.hub.PeekedEvent;
import dev.ferry.hub.TopicDetail;
import dev.ferry.hub.TopicSummary;
import java.util.List;
import java.util.Optional;

/** What each template is given: the read model's views plus what the page computed for them. */
final class PageModels {

    private PageModels() {
    }

    /** The groups reading a topic that are not Ferry apps (those are listed as apps). */
    static List<String> groupsNotApps(TopicSummary t) {
        return t.consumerGroups().stream().filter(g -> !t.readingApps().contains(g)).toList();
    }

    /** How many distinct readers a topic has: its Ferry apps and its other groups. */
    static int readers(TopicSummary t) {
        return t.readingApps().size() + groupsNotApps(t).size();
    }

    /**
     * The topics page, and its live rows.
     *
     * @param rows    the topics listed
     * @param listing the filter, order and internal toggle
     * @param hidden  how many internal topics the toggle hides
     * @param refresh seconds between refreshes of the rows
     */
    record Topics(List<TopicSummary> rows, TopicListing listing, int hidden, long refresh) {
    }

    /**
     * A topic's page.
     *
     * @param detail    the topic
     * @param chart     its rate over the last hour
     * @param schema    its schema pretty-printed, or empty
     * @param peek      the peek form as typed
     * @param events    the peeked events, newest first
     * @param peekError why the peek could not be served, or empty
     * @param mayPeek   whether the user's role shows event contents (reader, admin)
     */
    record Topic(TopicDetail detail, RateChart chart, String schema, PeekQuery peek, List<PeekedEvent> events,
                 String peekError, boolean mayPeek) {
    }

    /**
     * The login page.
     *
     * @param next  where to go once logged in
     * @param csrf  the form's CSRF token
     * @param error why the last attempt failed, or empty
     */
    record Login(String next, String csrf, String error) {
    }

    /**
     * Who is logged in, in every page's header.
     *
     * @param user  their name, empty if nobody is
     * @param role  their role
     * @param admin whether to link the audit page
     * @param open  whether the hub has no login
     * @param csrf  the logout form's CSRF token
     */
    record Session(String user, String role, boolean admin, boolean open, String csrf) {
    }

    /**
     * The audit page.
     *
     * @param entries newest first
     * @param error   why the log could not be read, or empty
     */
    record Audit(List<dev.ferry.hub.access.AuditEntry> entries, String error) {
    }

    /**
     * The consumers page, or one group's.
     *
     * @param groups  the groups shown
     * @param one     the group's id when the page shows only it, else empty
     * @param refresh seconds between refreshes
     */
    record Consumers(List<GroupView> groups, String one, long refresh) {
        String fragmentPath() {
            return one.isEmpty() ? "/consumers/live" : "/consumers/" + Fmt.segment(one) + "/live";
        }
    }

    /**
     * The apps catalog.
     *
     * @param apps every app announced
     */
    record Apps(List<AppView> apps) {
    }

    /**
     * One app's page.
     *
     * @param app    the app
     * @param group  its consumer group, if the cluster has it
     * @param oncall its halted events, and whether the user may skip and replay
     */
    record App(AppView app, Optional<GroupView> group, OnCallPages.OnCallView oncall) {
    }

    /**
     * The lineage page.
     *
     * @param view   the graph and its chains
     * @param layout the picture's layout
     */
    record Lineage(LineageView view, LineageLayout layout) {
    }

    /**
     * An error page.
     *
     * @param status  the HTTP status
     * @param title   what went wrong, short
     * @param message the sentence saying what and where
     */
    record Error(int status, String title, String message) {
    }
}
