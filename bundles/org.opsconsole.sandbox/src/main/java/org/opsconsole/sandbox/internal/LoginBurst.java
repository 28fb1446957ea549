package org.opsconsole.sandbox.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Fault#LOGIN_BURST} fault: while it is on, every second the set number of sign-ins with a wrong password
 * against the platform's {@value #TARGET} account from the outside address {@value #ATTACKER}, through the platform's
 * own sign-in, so that they land in its login log as a real attack would.
 */
@Component(immediate = true)
public class LoginBurst {

    static final String TARGET = "admin";
    static final String ATTACKER = "203.0.113.250";
    private static final Logger LOG = LoggerFactory.getLogger(LoginBurst.class);

    private final FaultSwitches faults;
    private final PlatformOperations platform;
    private final ScheduledExecutorService timer;
    private long attempt;

    @Activate
    public LoginBurst(@Reference FaultSwitches faults, @Reference PlatformOperations platform) {
        this(faults, platform, true);
    }

    LoginBurst(FaultSwitches faults, PlatformOperations platform, boolean timed) {
        this.faults = faults;
        this.platform = platform;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "opsconsole-sandbox-login-burst");
            thread.setDaemon(true);
            return thread;
        });
        if (timed) {
            timer.scheduleWithFixedDelay(this::tickLogged, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void tickLogged() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("The sandbox's failed-login burst could not sign in: {}", e.getMessage());
        }
    }

    /** One second's attempts, when the fault is on. @return how many were made */
    synchronized int tick() {
        FaultSwitches.Switch burst = faults.get(Fault.LOGIN_BURST);
        if (!burst.enabled()) {
            return 0;
        }
        for (int i = 0; i < burst.setting(); i++) {
            platform.login(TARGET, "guess-" + (++attempt), ATTACKER);
        }
        return burst.setting();
    }
}
