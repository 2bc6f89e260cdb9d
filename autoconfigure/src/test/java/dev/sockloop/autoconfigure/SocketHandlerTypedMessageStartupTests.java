package dev.sockloop.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.http.codec.json.JacksonJsonDecoder;

import dev.sockloop.autoconfigure.SocketHandlerTypedMessageTests.GreetHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up of servers whose handlers take their own types: a missing or unknown codec fails with
 * the property to fix, and servers of bytes and text need no JSON at all.
 */
class SocketHandlerTypedMessageStartupTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SockloopAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=2s");

	@Test
	void aTypedHandlerWithoutJsonOnTheClassPathFailsStartUpNamingTheContentType() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JacksonJsonDecoder.class))
			.withUserConfiguration(GreetHandler.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("no Decoder for")
					.hasMessageContaining("sockloop.servers.greet.content-type");
			});
	}

	@Test
	void aByteHandlerStartsWithoutJsonOnTheClassPath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JacksonJsonDecoder.class))
			.withUserConfiguration(SocketHandlerCodecTests.UpperHandler.class)
			.withPropertyValues("sockloop.servers.upper.codec=line")
			.run((context) -> {
				try (TestClient client = TestClient.connect(port(context, "upper"))) {
					assertThat(client.write("ok\n").readText(3)).isEqualTo("OK\n");
				}
			});
	}

	@Test
	void anUnknownContentTypeFailsStartUpNamingTheProperty() {
		this.contextRunner.withUserConfiguration(GreetHandler.class)
			.withPropertyValues("sockloop.servers.greet.content-type=application/x-protobuf")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("sockloop.servers.greet.content-type is 'application/x-protobuf'");
			});
	}

	private static int port(ApplicationContext context, String server) {
		return context.getEnvironment().getRequiredProperty("local.sockloop." + server + ".port", Integer.class);
	}

}
