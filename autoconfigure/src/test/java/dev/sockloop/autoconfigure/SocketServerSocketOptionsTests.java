package dev.sockloop.autoconfigure;

import java.nio.ByteBuffer;
import java.time.Duration;

import dev.sockloop.internal.transport.TcpOptions;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServers;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Socket options set through properties reach the engine, from the defaults and a server's own
 * block; the core's AcceptedSocketOptionTests read them back from accepted sockets.
 */
class SocketServerSocketOptionsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withUserConfiguration(EchoHandler.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0");

	@Test
	void socketOptionPropertiesShouldReachTheEngine() {
		this.contextRunner
			.withPropertyValues("sockloop.defaults.receive-buffer-size=48KB", "sockloop.defaults.keep-alive-count=3",
					"sockloop.servers.echo.send-buffer-size=96KB", "sockloop.servers.echo.linger=0s",
					"sockloop.servers.echo.keep-alive=true", "sockloop.servers.echo.keep-alive-idle=30s",
					"sockloop.servers.echo.keep-alive-interval=7s")
			.run((context) -> assertThat(tcpOptions(context)).isEqualTo(new TcpOptions(48 * 1024, 96 * 1024,
					Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(7), 3)));
	}

	@Test
	void socketOptionsLeftUnsetShouldBeLeftToTheSystem() {
		this.contextRunner.run((context) -> assertThat(tcpOptions(context)).isEqualTo(TcpOptions.DEFAULTS));
	}

	private static TcpOptions tcpOptions(ApplicationContext context) {
		return context.getBean(SocketServers.class).get("echo").config().tcpOptions();
	}

	@SocketHandler(name = "echo")
	static class EchoHandler {

		Flux<ByteBuffer> echo(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

}
