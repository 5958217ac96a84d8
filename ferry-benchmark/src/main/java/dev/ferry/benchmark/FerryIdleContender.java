package dev.ferry.benchmark;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import java.util.Optional;

/**
 * Ferry in the idle scenario: {@link FerryIdleApp} chosen by the run's group, with Ferry's defaults unless a
 * {@code FERRY_*} variable of the environment sets one (as for {@link FerryContender}), e.g.
 * {@code FERRY_KAFKA_CONSUMER_FETCH_MAX_WAIT_MS}. Closing
 * it first lets a waiting function return, so the app stops at once rather than after its shutdown timeout.
 */
final class FerryIdleContender implements ContenderRunner {

    private final ContenderRunner app;

    private FerryIdleContender(ContenderRunner app) {
        this.app = app;
    }

    static ContenderRunner start(RunSpec spec) {
        AppDescriptor app = AppDescriptor.of(FerryIdleApp.class, spec.group());
        PlatformProfile profile = PlatformProfile.builder().environment(System.getenv())
                .bootstrapServers(spec.bootstrap()).build();
        return new FerryIdleContender(FerryContender.running(app, spec, profile));
    }

    @Override
    public Optional<String> failure() {
        return app.failure();
    }

    @Override
    public void close() {
        FerryIdleApp.RELEASE.countDown();
        app.close();
    }
}
