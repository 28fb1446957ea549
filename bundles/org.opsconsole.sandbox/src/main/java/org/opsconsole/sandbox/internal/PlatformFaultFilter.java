package org.opsconsole.sandbox.internal;

import java.io.IOException;
import java.util.random.RandomGenerator;

import org.opsconsole.api.rest.Problem;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The faults of the simulated platform's HTTP service, before every request reaches its servlet: a full outage answers
 * 503, an added latency delays the answer, an error rate answers that share of requests with 500 at random.
 */
@Component(service = Filter.class)
@HttpWhiteboardContextSelect(PlatformContext.SELECT)
@HttpWhiteboardFilterPattern("/*")
public class PlatformFaultFilter implements Filter {

    private final FaultSwitches faults;
    private final RandomGenerator random;

    @Activate
    public PlatformFaultFilter(@Reference FaultSwitches faults) {
        this(faults, RandomGenerator.getDefault());
    }

    PlatformFaultFilter(FaultSwitches faults, RandomGenerator random) {
        this.faults = faults;
        this.random = random;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        if (faults.on(Fault.OUTAGE)) {
            http.setHeader("Retry-After", "60");
            Problem.of(503, "Service Unavailable", "平台服务中断（模拟故障） / The platform is down (simulated fault)").write(http);
            return;
        }
        FaultSwitches.Switch latency = faults.get(Fault.LATENCY);
        if (latency.enabled()) {
            try {
                Thread.sleep(latency.setting());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServletException("interrupted while delaying the answer", e);
            }
        }
        FaultSwitches.Switch errors = faults.get(Fault.ERRORS);
        if (errors.enabled() && random.nextInt(100) < errors.setting()) {
            Problem.of(500, "Internal Server Error", "平台内部错误（模拟故障） / Internal error of the platform (simulated fault)").write(http);
            return;
        }
        chain.doFilter(request, response);
    }
}
