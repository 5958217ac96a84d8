package dev.ferry.hub.web;

import dev.ferry.hub.AppView;
import dev.ferry.hub.GroupView;
import dev.ferry.hub.HubData;
import dev.ferry.hub.access.HubUser;
import dev.ferry.hub.access.Role;
import dev.ferry.hub.LineageView;
import dev.ferry.hub.PeekedEvent;
import dev.ferry.hub.TopicDetail;
import dev.ferry.hub.TopicSummary;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The HTML pages and their live fragments: each reads the {@link HubData} once and renders one
 * template. Unknown names are {@link NotFound}; a bad query is {@link BadRequest}, except the
 * peek form's, which the topic page shows next to the form.
 */
final class Pages {

    private final HubData data;
    private final Peeks peeks;
    private final Templates templates;
    private final long refreshSeconds;
    private final OnCallPages oncall;

    Pages(HubData data, Peeks peeks, Templates templates, Duration refresh, OnCallPages oncall) {
        this.data = data;
        this.oncall = oncall;
        this.peeks = peeks;
        this.templates = templates;
        this.refreshSeconds = Math.max(1, refresh.toSeconds());
    }

    void home(Context ctx) {
        ctx.redirect("/topics");
    }

    void topics(Context ctx) {
        ctx.html(templates.render("topics.jte", topicsModel(ctx)));
    }

    void topicRows(Context ctx) {
        ctx.html(templates.render("topicrows.jte", topicsModel(ctx)));
    }

    private PageModels.Topics topicsModel(Context ctx) {
        TopicListing listing = TopicListing.of(ctx.queryParam("q"), ctx.queryParam("sort"), ctx.queryParam("internal"),
                false);
        List<TopicSummary> all = data.topics();
        long hidden = listing.showInternal() ? 0 : all.stream().filter(TopicSummary::internal).count();
        return new PageModels.Topics(listing.apply(all), listing, (int) hidden, refreshSeconds);
    }

    void topic(Context ctx) {
        String name = ctx.pathParam("name");
        TopicDetail detail = data.topic(name).orElseThrow(() -> new NotFound("There is no topic '" + name + "'."));
        PeekQuery peek = new PeekQuery(ctx.queryParam("partition"), ctx.queryParam("offset"), ctx.queryParam("time"),
                ctx.queryParam("limit"));
        List<PeekedEvent> events = List.of();
        String error = "";
        HubUser user = HubAccess.user(ctx);
        boolean mayPeek = user.role().allows(Role.READER);
        if (mayPeek) {
            try {
                events = peeks.peek(user, name, detail, peek.request());
            } catch (BadRequest | IllegalArgumentException e) {
                error = e.getMessage();
                ctx.status(400);
            }
        }
        String schema = detail.schema().map(s -> HubJson.pretty(s.schema())).orElse("");
        ctx.html(templates.render("topic.jte",
                new PageModels.Topic(detail, RateChart.of(detail.lastHour()), schema, peek, events, error,
                        mayPeek)));
    }

    void consumers(Context ctx) {
        ctx.html(templates.render("consumers.jte", new PageModels.Consumers(data.consumers(), "", refreshSeconds)));
    }

    void consumersLive(Context ctx) {
        ctx.html(templates.render("groups.jte", new PageModels.Consumers(data.consumers(), "", refreshSeconds)));
    }

    void consumer(Context ctx) {
        ctx.html(templates.render("consumers.jte", oneGroup(ctx)));
    }

    void consumerLive(Context ctx) {
        ctx.html(templates.render("groups.jte", oneGroup(ctx)));
    }

    private PageModels.Consumers oneGroup(Context ctx) {
        String group = ctx.pathParam("group");
        GroupView view = data.consumer(group)
                .orElseThrow(() -> new NotFound("There is no consumer group '" + group + "'."));
        return new PageModels.Consumers(List.of(view), group, refreshSeconds);
    }

    void apps(Context ctx) {
        ctx.html(templates.render("apps.jte", new PageModels.Apps(data.apps())));
    }

    void app(Context ctx) {
        String name = ctx.pathParam("name");
        AppView app = data.app(name).orElseThrow(() -> new NotFound("There is no Ferry app '" + name
                + "': no app of that name has announced itself on this cluster."));
        Optional<GroupView> group = data.consumer(name);
        ctx.html(templates.render("app.jte", new PageModels.App(app, group, oncall.view(ctx, app))));
    }

    void lineage(Context ctx) {
        LineageView view = data.lineage();
        ctx.html(templates.render("lineage.jte", new PageModels.Lineage(view, LineageLayout.of(view))));
    }

    void notFound(Context ctx) {
        throw new NotFound("There is no page at " + ctx.path() + ".");
    }

    /** The error page for {@code status}, with its sentence. */
    String error(int status, String title, String message) {
        return templates.render("error.jte", new PageModels.Error(status, title, message));
    }
}
