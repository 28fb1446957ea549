package ${package}.internal;

import org.opsconsole.api.health.HealthCheck;
import org.opsconsole.api.health.HealthCheckService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The extension's health check: its greetings table answers. The console's {@code /api/health} shows it to signed-in
 * users, and a critical result makes the console's status DEGRADED.
 */
@Component
@HealthCheckService(id = "${module}.greetings", title = "问候数据表", titleEn = "Greetings table")
public class GreetingsHealth implements HealthCheck {

    private final Greetings greetings;

    @Activate
    public GreetingsHealth(@Reference Greetings greetings) {
        this.greetings = greetings;
    }

    @Override
    public Result check() {
        int newest = greetings.newest(1).size();
        return Result.ok("问候数据表可读（" + (newest == 0 ? "尚无问候" : "已有问候") + "）",
                "The greetings table answers (" + (newest == 0 ? "no greetings yet" : "greetings stored") + ")");
    }
}
