package dev.ferry.engine.internal;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.spi.OutputSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes a started instance's {@link AppAnnouncement} from what the launcher resolved: the
 * descriptor (name, description, owner, inputs), the formats (input format, each output's format
 * and schema, exactly as the app validates them), the profile resolved for the app (guarantee,
 * write-back, runbook link), the jar's version, and where the monitoring endpoint is bound.
 */
final class InstanceAnnouncement {

    private InstanceAnnouncement() {
    }

    /**
     * The announcement of {@code app} running as {@code instance} since {@code startedAt};
     * {@code monitoringPort} is the port its monitoring endpoint is bound to, or -1 for none.
     */
    static AppAnnouncement of(AppDescriptor app, PlatformProfile profile, AppInstance instance, String inputFormat,
                              Map<String, OutputSchema> schemas, int monitoringPort, Instant startedAt) {
        List<AppAnnouncement.Output> outputs = new ArrayList<>(schemas.size());
        schemas.forEach((topic, s) -> outputs.add(new AppAnnouncement.Output(topic, s.format(), s.language(),
                s.document())));
        String monitoring = monitoringPort < 0 ? "" : "http://" + instance.host() + ":" + monitoringPort;
        return new AppAnnouncement(AppAnnouncement.VERSION, app.name(), app.description(), app.owner(),
                AppVersion.of(app), instance.name(), instance.host(), instance.pid(), app.topics(), inputFormat, outputs,
                profile.guarantee().key(), profile.writeBack(), profile.alertRunbookUrl(app.name()).orElse(""),
                monitoring, startedAt, startedAt, false);
    }
}
