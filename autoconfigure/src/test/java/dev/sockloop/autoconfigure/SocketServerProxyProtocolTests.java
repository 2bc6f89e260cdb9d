package dev.sockloop.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.sockloop.connection.Connection;
import dev.sockloop.internal.server.ServerConfig;
import dev.sockloop.server.ProxyProtocol;
import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY protocol and port sharing set through properties.
 */
class SocketServerProxyProtocolTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=5s");

	@Test
	void runWithoutPropertiesShouldExpectNoHeaderAndRefuseAPortHeldElsewhere() {
		this.contextRunner.withUserConfiguration(WhoHandler.class).run((context) -> {
			ServerConfig config = server(context).config();
			assertThat(config.proxyProtocol()).isEqualTo(ProxyProtocol.OFF);
			assertThat(config.proxyHeaderTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(config.sharePort()).isFalse();
		});
	}

	@Test
	void proxyProtocolHeaderTimeoutAndSharePortShouldReachTheEngineFromDefaultsAndServerBlocks() {
		this.contextRunner.withUserConfiguration(WhoHandler.class)
			.withPropertyValues("sockloop.defaults.proxy-protocol=optional", "sockloop.servers.who.proxy-protocol=required",
					"sockloop.servers.who.proxy-header-timeout=2s", "sockloop.defaults.share-port=true")
			.run((context) -> {
				ServerConfig config = server(context).config();
				assertThat(config.proxyProtocol()).isEqualTo(ProxyProtocol.REQUIRED);
				assertThat(config.proxyHeaderTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(config.sharePort()).isTrue();
			});
	}

	@Test
	void aHandlerMethodShouldSeeTheClientAddressFromTheHeader() {
		this.contextRunner.withUserConfiguration(WhoHandler.class)
			.withPropertyValues("sockloop.servers.who.proxy-protocol=required")
			.run((context) -> {
				SocketServer server = server(context);
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
					socket.setSoTimeout(10_000);
					socket.getOutputStream()
						.write("PROXY TCP4 203.0.113.9 127.0.0.1 4242 80\r\n?".getBytes(StandardCharsets.US_ASCII));
					socket.shutdownOutput();
					ByteArrayOutputStream reply = new ByteArrayOutputStream();
					socket.getInputStream().transferTo(reply);
					assertThat(reply.toString(StandardCharsets.US_ASCII)).isEqualTo("/203.0.113.9:4242\n");
				}
			});
	}

	private static SocketServer server(ApplicationContext context) {
		return context.getBean(SocketServers.class).get("who");
	}

	@SocketHandler(name = "who")
	static class WhoHandler {

		Flux<ByteBuffer> who(Flux<ByteBuffer> inbound, Connection connection) {
			return inbound.take(1)
				.map((bytes) -> ByteBuffer.wrap((connection.remoteAddress() + "\n").getBytes(StandardCharsets.US_ASCII)));
		}

	}

}
