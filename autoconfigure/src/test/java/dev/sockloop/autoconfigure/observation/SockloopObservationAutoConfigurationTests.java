package dev.sockloop.autoconfigure.observation;

import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;

import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import dev.sockloop.spring.SocketHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One {@code sockloop.connection} observation per connection, when the application has an
 * {@code ObservationRegistry}, through real sockets.
 */
class SockloopObservationAutoConfigurationTests {

	@Test
	void eachConnectionIsObservedFromAcceptToCloseWithServerAndOutcome() throws Exception {
		try (ConfigurableApplicationContext context = run(ObservedApplication.class)) {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			int port = context.getEnvironment().getRequiredProperty("local.sockloop.echo.port", Integer.class);
			try (Socket client = new Socket("127.0.0.1", port)) {
				client.getOutputStream().write("hi\n".getBytes());
				client.shutdownOutput();
				InputStream in = client.getInputStream();
				assertThat(in.readAllBytes()).isEqualTo("hi\n".getBytes());
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
				.hasObservationWithNameEqualTo("sockloop.connection")
				.that()
				.hasBeenStarted()
				.hasBeenStopped()
				.hasContextualNameEqualTo("sockloop echo")
				.hasLowCardinalityKeyValue("server", "echo")
				.hasLowCardinalityKeyValue("outcome", "peer-closed")
				.doesNotHaveHighCardinalityKeyValueWithKey("remote.address"));
			TestObservationRegistryAssert.assertThat(registry).hasNumberOfObservationsEqualTo(1);
		}
	}

	@Test
	void eachRequestOfAPerRequestHandlerIsObservedWithServerAndOutcome() throws Exception {
		try (ConfigurableApplicationContext context = run(ObservedRequestApplication.class)) {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			java.util.List<Observation.Context> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
			registry.observationConfig().observationHandler(new ObservationHandler<>() {

				@Override
				public void onStop(Observation.Context observed) {
					stopped.add(observed);
				}

				@Override
				public boolean supportsContext(Observation.Context observed) {
					return true;
				}

			});
			int port = context.getEnvironment().getRequiredProperty("local.sockloop.upper.port", Integer.class);
			try (Socket client = new Socket("127.0.0.1", port)) {
				client.setSoTimeout(5000);
				client.getOutputStream().write("a\nb\nc\n".getBytes());
				assertThat(client.getInputStream().readNBytes(6)).isEqualTo("A\nB\nC\n".getBytes());
				// A handler that throws ends its connection: the fourth request is observed as an error.
				client.getOutputStream().write("boom\n".getBytes());
				assertThat(client.getInputStream().read()).isEqualTo(-1);
			}
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
					.hasNumberOfObservationsWithNameEqualTo("sockloop.request", 4)
					.forAllObservationsWithNameEqualTo("sockloop.request",
							(observation) -> observation.hasLowCardinalityKeyValue("server", "upper")));
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stopped.stream()
				.filter((observed) -> observed.getName().equals("sockloop.request"))).hasSize(4));
			assertThat(stopped.stream().filter((observed) -> observed.getName().equals("sockloop.request")))
				.extracting((observed) -> observed.getLowCardinalityKeyValue("outcome").getValue())
				.containsExactly("success", "success", "success", "error");
		}
	}

	@Test
	void withoutAnObservationRegistryNoConnectionIsObserved() throws Exception {
		try (ConfigurableApplicationContext context = run(UnobservedApplication.class)) {
			assertThat(context.getBeansOfType(io.micrometer.observation.ObservationRegistry.class)).isEmpty();
			assertThat(context.getBeanNamesForType(dev.sockloop.spring.SocketServerCustomizer.class)).isEmpty();
		}
	}

	private static ConfigurableApplicationContext run(Class<?> application) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
					"sockloop.defaults.shutdown-timeout=5s", "sockloop.defaults.codec=line")
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SockloopAutoConfiguration.class, SockloopObservationAutoConfiguration.class })
	@Import(EchoHandler.class)
	static class ObservedApplication {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SockloopAutoConfiguration.class, SockloopObservationAutoConfiguration.class })
	@Import(UpperHandler.class)
	static class ObservedRequestApplication {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SockloopAutoConfiguration.class, SockloopObservationAutoConfiguration.class })
	@Import(EchoHandler.class)
	static class UnobservedApplication {

	}

	@SocketHandler(name = "upper")
	static class UpperHandler {

		String upper(String line) {
			if (line.equals("boom")) {
				throw new IllegalStateException("boom");
			}
			return line.toUpperCase(java.util.Locale.ROOT);
		}

	}

	@SocketHandler(name = "echo")
	static class EchoHandler {

		Flux<String> echo(Flux<String> lines) {
			return lines;
		}

	}

}
