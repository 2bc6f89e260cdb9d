package dev.sockloop.autoconfigure;

import java.time.Duration;

import dev.sockloop.spring.SocketHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code wire-log} property, with logging configured by Spring Boot as in an application.
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketHandlerWireLogTests {

	@Test
	void textWireLogShouldLogBytesBothWaysAtDebug(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = run("sockloop.servers.echo.wire-log=text",
				"logging.level.dev.sockloop.wire.echo=debug")) {
			try (TestClient client = TestClient.connect(port(context))) {
				assertThat(client.write("hello wire\n").readText(11)).isEqualTo("hello wire\n");
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output)
				.contains("dev.sockloop.wire.echo")
				.contains("READ 11 bytes: hello wire\\n")
				.contains("WRITE 11 bytes: hello wire\\n"));
		}
	}

	@Test
	void hexWireLogShouldLogHexDump(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = run("sockloop.servers.echo.wire-log=hex",
				"logging.level.dev.sockloop.wire.echo=debug")) {
			try (TestClient client = TestClient.connect(port(context))) {
				assertThat(client.write("hex!").readText(4)).isEqualTo("hex!");
			}
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(output).contains("READ 4 bytes").contains("68 65 78 21"));
		}
	}

	@Test
	void withoutWireLogPayloadsShouldNotReachTheLogsEvenAtDebug(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = run("logging.level.dev.sockloop=debug")) {
			try (TestClient client = TestClient.connect(port(context))) {
				assertThat(client.write("secret-payload\n").readText(15)).isEqualTo("secret-payload\n");
			}
		}
		assertThat(output).contains("Sockloop server 'echo' started").doesNotContain("secret-payload");
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(WireLogApplication.class).web(WebApplicationType.NONE)
			.properties("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
					"sockloop.defaults.shutdown-timeout=5s")
			.properties(properties)
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.sockloop.echo.port", Integer.class);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(SockloopAutoConfiguration.class)
	@Import(EchoHandler.class)
	static class WireLogApplication {

	}

	@SocketHandler(name = "echo")
	static class EchoHandler {

		Flux<byte[]> echo(Flux<byte[]> inbound) {
			return inbound;
		}

	}

}
