package dev.sockloop.autoconfigure;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.sockloop.autoconfigure.endpoint.SockloopEndpoint;
import dev.sockloop.autoconfigure.endpoint.SockloopEndpointAutoConfiguration;
import dev.sockloop.autoconfigure.health.SockloopHealthContributorAutoConfiguration;
import dev.sockloop.autoconfigure.health.SockloopHealthIndicator;
import dev.sockloop.autoconfigure.metrics.SockloopMetricsAutoConfiguration;
import dev.sockloop.spring.SocketHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport in use is visible wherever an operator looks: the {@code sockloop} endpoint, the
 * health details, a meter tag; and start-up failures say what to change.
 */
class TransportVisibilityTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class,
				SockloopEndpointAutoConfiguration.class, SockloopHealthContributorAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				SockloopMetricsAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=2", "management.endpoints.web.exposure.include=sockloop");

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "epoll", "nio" })
	void theTransportInUseIsInTheEndpointTheHealthDetailsAndAMeterTag(String transport) {
		this.contextRunner.withPropertyValues("sockloop.transport=" + transport).run((context) -> {
			assertThat(context.getBean(SockloopEndpoint.class).sockloop().transport()).isEqualTo(transport);
			assertThat(context.getBean(SockloopHealthIndicator.class).health().getDetails())
				.containsEntry("transport", transport);
			Gauge loops = context.getBean(MeterRegistry.class).get("sockloop.loops").gauge();
			assertThat(loops.getId().getTag("transport")).isEqualTo(transport);
			assertThat(loops.value()).isEqualTo(2);
		});
	}

	@Test
	void theEpollFailureAnalysisSuggestsTheNioTransport() {
		EpollUnavailableException exception = new EpollUnavailableException(
				new IllegalStateException("Sockloop needs Linux epoll, but this is Mac OS X."));
		FailureAnalysis analysis = new EpollUnavailableFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", exception));
		assertThat(analysis.getAction()).contains("sockloop.transport=nio").contains("sockloop.transport=auto");
	}

	@Test
	void aUnixSocketServerThatCannotStartNamesItsPath() throws Exception {
		Path path = Files.createFile(this.directory.resolve("not-a-socket"));
		this.contextRunner.withUserConfiguration(Echo.class)
			.withPropertyValues("sockloop.servers.echo.path=" + path)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new SocketServerStartFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'echo'")
					.contains("Unix socket " + path)
					.doesNotContain("0.0.0.0:0");
				assertThat(analysis.getAction()).contains("sockloop.servers.echo.path");
			});
	}

	@SocketHandler(name = "echo")
	static class Echo {

		Flux<ByteBuffer> echo(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

}
