package dev.sockloop.autoconfigure;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.sockloop.client.SocketClient;
import dev.sockloop.connection.Connection;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.transport.EventLoopGroup;

import static org.assertj.core.api.Assertions.assertThat;

class SocketClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1");

	@Test
	void runShouldProvideAClientOnTheServersLoopsThatReachesAServer() {
		this.contextRunner.withUserConfiguration(Shout.class)
			.withPropertyValues("sockloop.servers.shout.port=0", "sockloop.client.connect-timeout=2s")
			.run((context) -> {
				assertThat(context).hasSingleBean(SocketClient.class);
				assertThat(context.getBean(SocketClient.class).stats().loops())
					.hasSize(context.getBean(EventLoopGroup.class).size());
				int port = context.getEnvironment().getProperty("local.sockloop.shout.port", Integer.class);
				Connection connection = context.getBean(SocketClient.class)
					.connect(new InetSocketAddress("127.0.0.1", port))
					.block(Duration.ofSeconds(5));
				Mono<String> reply = connection.receive()
					.map((buffer) -> StandardCharsets.UTF_8.decode(buffer).toString())
					.next();
				connection.send(Mono.just(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)))).subscribe();
				assertThat(reply.block(Duration.ofSeconds(5))).isEqualTo("HI");
				connection.close();
			});
	}

	@Test
	void runWithUserClientShouldBackOff() {
		this.contextRunner.withBean("myClient", SocketClient.class, () -> SocketClient.builder().build(),
				(definition) -> definition.setDestroyMethodName("close"))
			.run((context) -> assertThat(context).hasSingleBean(SocketClient.class).hasBean("myClient"));
	}

	@SocketHandler(name = "shout")
	static class Shout {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound.map((buffer) -> ByteBuffer.wrap(StandardCharsets.UTF_8.decode(buffer)
				.toString()
				.toUpperCase(java.util.Locale.ROOT)
				.getBytes(StandardCharsets.UTF_8)));
		}

	}

}
