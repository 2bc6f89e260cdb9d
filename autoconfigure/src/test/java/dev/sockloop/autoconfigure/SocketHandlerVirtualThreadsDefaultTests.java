package dev.sockloop.autoconfigure;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.sockloop.spring.SocketHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import dev.sockloop.spring.SocketServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.threads.virtual.enabled=true} makes virtual threads the offload of servers that
 * do not set one, on runtimes that have them; before Java 21 it is ignored, saying so once.
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketHandlerVirtualThreadsDefaultTests {

	private static final String IGNORED_LINE = "spring.threads.virtual.enabled=true is ignored by Sockloop";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withUserConfiguration(ThreadRecordingHandlers.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=2s", "sockloop.defaults.codec=line",
				"spring.threads.virtual.enabled=true");

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsPropertyShouldOffloadServersWithoutAnOffloadSettingToVirtualThreads() {
		this.contextRunner.run((context) -> {
			assertThat(exchange(context, "first")).isEqualTo("ping\n");
			assertThat(context.getBean(ThreadRecordingHandlers.class).threads)
				.singleElement()
				.satisfies((name) -> assertThat(name).startsWith("sockloop-first-virtual-"));
		});
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void virtualThreadsPropertyShouldBeIgnoredWithOneInfoLineBeforeJava21(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(exchange(context, "first")).isEqualTo("ping\n");
			assertThat(exchange(context, "second")).isEqualTo("ping\n");
			assertThat(context.getBean(ThreadRecordingHandlers.class).threads)
				.hasSize(2)
				.allMatch((name) -> name.startsWith("sockloop-loop-"));
			assertThat(output.getOut().split(IGNORED_LINE, -1)).as("lines saying the property is ignored").hasSize(2);
		});
	}

	@Test
	void anExplicitOffloadShouldWinOverTheVirtualThreadsProperty(CapturedOutput output) {
		this.contextRunner.withPropertyValues("sockloop.defaults.offload=bounded-elastic").run((context) -> {
			assertThat(exchange(context, "first")).isEqualTo("ping\n");
			assertThat(context.getBean(ThreadRecordingHandlers.class).threads)
				.allMatch((name) -> name.startsWith("boundedElastic-"));
			assertThat(output.getOut()).doesNotContain(IGNORED_LINE);
		});
	}

	private static String exchange(ApplicationContext context, String server) throws Exception {
		int port = context.getBean(SocketServers.class).get(server).port();
		try (TestClient client = TestClient.connect(port)) {
			return client.write("ping\n").readText(5);
		}
	}

	static class ThreadRecordingHandlers {

		final Queue<String> threads = new ConcurrentLinkedQueue<>();

		@SocketHandler(name = "first")
		Flux<String> first(Flux<String> lines) {
			this.threads.add(Thread.currentThread().getName());
			return lines;
		}

		@SocketHandler(name = "second")
		Flux<String> second(Flux<String> lines) {
			this.threads.add(Thread.currentThread().getName());
			return lines;
		}

	}

}
