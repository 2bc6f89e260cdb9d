package dev.sockloop.autoconfigure;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.sockloop.spring.SocketConnectionClosedEvent;
import dev.sockloop.spring.SocketConnectionEvent;
import dev.sockloop.spring.SocketConnectionOpenedEvent;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServerStoppedEvent;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Opt-in application events for connections, published off the event loops, and the server-stopped
 * event, through real sockets.
 */
class SockloopConnectionEventsTests {

	@Test
	void connectionEventsArePublishedOffTheLoopsWhenEnabled() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		try (ConfigurableApplicationContext context = run(seen, "sockloop.events.connections=true")) {
			exchange(context);
			await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 2);
		}
		System.out.println("Events seen: " + seen);
		assertThat(seen).startsWith("opened echo on sockloop-events", "closed echo peer-closed on sockloop-events");
		assertThat(seen).last().isEqualTo("stopped echo graceful true");
	}

	@Test
	void connectionEventsAreOffByDefaultButTheStoppedEventIsPublished() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		try (ConfigurableApplicationContext context = run(seen)) {
			exchange(context);
			assertThat(context.getBeanNamesForType(ConnectionEventPublisher.class)).isEmpty();
		}
		System.out.println("Events seen: " + seen);
		assertThat(seen).containsExactly("stopped echo graceful true");
	}

	private static void exchange(ConfigurableApplicationContext context) throws Exception {
		int port = context.getEnvironment().getRequiredProperty("local.sockloop.echo.port", Integer.class);
		try (Socket client = new Socket("127.0.0.1", port)) {
			client.getOutputStream().write("hi\n".getBytes());
			client.shutdownOutput();
			assertThat(client.getInputStream().readAllBytes()).isEqualTo("hi\n".getBytes());
		}
	}

	private static ConfigurableApplicationContext run(List<String> seen, String... properties) {
		ApplicationListener<ApplicationEvent> listener = (event) -> {
			String thread = Thread.currentThread().getName();
			if (event instanceof SocketConnectionOpenedEvent opened) {
				seen.add("opened " + opened.getServerName() + " on " + thread);
			}
			else if (event instanceof SocketConnectionClosedEvent closed) {
				seen.add("closed " + closed.getServerName() + " " + closed.getReason().tagValue() + " on " + thread);
			}
			else if (event instanceof SocketServerStoppedEvent stopped) {
				seen.add("stopped " + stopped.getServerName() + " graceful " + stopped.isGraceful());
			}
			else if (event instanceof SocketConnectionEvent) {
				seen.add("unexpected " + event);
			}
		};
		return new SpringApplicationBuilder(EventsApplication.class).web(WebApplicationType.NONE)
			.listeners(listener)
			.properties("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
					"sockloop.defaults.shutdown-timeout=5s", "sockloop.servers.echo.codec=line")
			.properties(properties)
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SockloopAutoConfiguration.class, SockloopConnectionEventsAutoConfiguration.class })
	@Import(EchoHandler.class)
	static class EventsApplication {

	}

	@SocketHandler(name = "echo")
	static class EchoHandler {

		Flux<String> echo(Flux<String> lines) {
			return lines;
		}

	}

}
