package dev.sockloop.autoconfigure;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.sockloop.spring.SocketHandler;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Handlers offloaded from the event loop, so that blocking code in them does not stall other
 * connections. Both servers share one event loop, so a handler blocking that loop would stall the
 * other server too.
 */
class SocketHandlerOffloadTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withUserConfiguration(BlockingAndEchoHandlers.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1", "sockloop.defaults.port=0",
				"sockloop.defaults.shutdown-timeout=2s", "sockloop.defaults.codec=line");

	@Test
	void blockedOffloadedHandlerShouldNotDelayAnotherServerOnTheSameLoop() {
		this.contextRunner.withPropertyValues("sockloop.servers.blocking.offload=bounded-elastic").run((context) -> {
			Gate gate = context.getBean(BlockingAndEchoHandlers.class).gate;
			try (TestClient blocked = TestClient.connect(port(context, "blocking"));
					TestClient other = TestClient.connect(port(context, "echo"))) {
				blocked.write("wait\n");
				assertThat(gate.entered.await(5, TimeUnit.SECONDS)).as("handler entered its blocking call").isTrue();
				long start = System.nanoTime();
				// Answered while the handler is provably still blocked: the gate opens only below.
				assertThat(other.write("ping\n").readText(5)).isEqualTo("ping\n");
				long answeredMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
				assertThat(gate.release.getCount()).isEqualTo(1);
				System.out.println("Echo answered in " + answeredMicros + " us while the offloaded handler blocked");
				gate.release.countDown();
				assertThat(blocked.readText(5)).isEqualTo("wait\n");
			}
			assertThat(gate.threads).isNotEmpty().allMatch((name) -> name.startsWith("boundedElastic-"));
		});
	}

	@Test
	void blockedHandlerOnTheLoopShouldDelayAnotherServerOnTheSameLoop() {
		// The counterpart of the test above, showing that it measures something: without offloading
		// the same handler holds the only loop, and the other server cannot answer.
		this.contextRunner.run((context) -> {
			Gate gate = context.getBean(BlockingAndEchoHandlers.class).gate;
			try (TestClient blocked = TestClient.connect(port(context, "blocking"));
					TestClient other = TestClient.connect(port(context, "echo"))) {
				blocked.write("wait\n");
				assertThat(gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
				other.soTimeout(Duration.ofMillis(300));
				other.write("ping\n");
				assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> other.read(1));
				gate.release.countDown();
				other.soTimeout(Duration.ofSeconds(10));
				assertThat(other.readText(5)).isEqualTo("ping\n");
				assertThat(blocked.readText(5)).isEqualTo("wait\n");
			}
			assertThat(gate.threads).isNotEmpty().allMatch((name) -> name.startsWith("sockloop-loop-"));
		});
	}

	@Test
	void schedulerNamedOnAnnotationShouldInvokeHandlerAndDeliverFramesOnIt() {
		this.contextRunner.withUserConfiguration(SchedulerConfiguration.class, NamedSchedulerHandler.class)
			.run((context) -> {
				NamedSchedulerHandler handler = context.getBean(NamedSchedulerHandler.class);
				try (TestClient client = TestClient.connect(port(context, "named"))) {
					assertThat(client.write("a\nb\n").readText(4)).isEqualTo("a\nb\n");
				}
				assertThat(handler.threads).hasSize(3).allMatch((name) -> name.startsWith("test-handlers-"));
			});
	}

	@Test
	void schedulerOnAnnotationShouldWinOverOffloadProperty() {
		this.contextRunner.withUserConfiguration(SchedulerConfiguration.class, NamedSchedulerHandler.class)
			.withPropertyValues("sockloop.servers.named.offload=bounded-elastic")
			.run((context) -> {
				NamedSchedulerHandler handler = context.getBean(NamedSchedulerHandler.class);
				try (TestClient client = TestClient.connect(port(context, "named"))) {
					assertThat(client.write("a\n").readText(2)).isEqualTo("a\n");
				}
				assertThat(handler.threads).allMatch((name) -> name.startsWith("test-handlers-"));
			});
	}

	@Test
	void missingSchedulerBeanShouldFailStartupNamingIt() {
		this.contextRunner.withUserConfiguration(NamedSchedulerHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("names scheduler 'testHandlers'")
				.hasMessageContaining("NamedSchedulerHandler.handle(Flux<String>)");
		});
	}

	@Test
	void virtualThreadsShouldRunHandlerOffTheLoopOnJava21AndFailStartupClearlyBefore() {
		// One test for both JREs rather than two that each skip on the other: CI runs Java 17.
		if (Runtime.version().feature() >= 21) {
			virtualThreadsRunHandlerOffTheLoop();
		}
		else {
			virtualThreadsFailStartupClearly();
		}
	}

	private void virtualThreadsFailStartupClearly() {
		this.contextRunner.withPropertyValues("sockloop.servers.blocking.offload=virtual-threads").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("'sockloop.servers.blocking.offload=virtual-threads' needs Java 21 or later")
				.hasMessageContaining("bounded-elastic");
		});
	}

	private void virtualThreadsRunHandlerOffTheLoop() {
		this.contextRunner.withPropertyValues("sockloop.servers.blocking.offload=virtual-threads").run((context) -> {
			Gate gate = context.getBean(BlockingAndEchoHandlers.class).gate;
			try (TestClient blocked = TestClient.connect(port(context, "blocking"));
					TestClient other = TestClient.connect(port(context, "echo"))) {
				blocked.write("wait\n");
				assertThat(gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
				assertThat(other.write("ping\n").readText(5)).isEqualTo("ping\n");
				gate.release.countDown();
				assertThat(blocked.readText(5)).isEqualTo("wait\n");
			}
			assertThat(gate.threads).isNotEmpty().allMatch((name) -> name.startsWith("sockloop-blocking-virtual-"));
		});
	}

	private static int port(ApplicationContext context, String server) {
		return context.getEnvironment().getRequiredProperty("local.sockloop." + server + ".port", Integer.class);
	}

	/** Blocks the handler's first line until the test opens it. */
	static final class Gate {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final Queue<String> threads = new ConcurrentLinkedQueue<>();

		String pass(String line) {
			this.threads.add(Thread.currentThread().getName());
			this.entered.countDown();
			try {
				// Blocking code in the handler under test; bounded so a failing test cannot hang.
				this.release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return line;
		}

	}

	static class BlockingAndEchoHandlers {

		final Gate gate = new Gate();

		@SocketHandler(name = "blocking")
		Flux<String> blocking(Flux<String> lines) {
			this.gate.threads.add(Thread.currentThread().getName());
			return lines.map(this.gate::pass);
		}

		@SocketHandler(name = "echo")
		Flux<String> echo(Flux<String> lines) {
			return lines;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SchedulerConfiguration {

		@Bean(destroyMethod = "dispose")
		Scheduler testHandlers() {
			return Schedulers.newBoundedElastic(2, 100, "test-handlers");
		}

	}

	@SocketHandler(name = "named", scheduler = "testHandlers")
	static class NamedSchedulerHandler {

		final Queue<String> threads = new ConcurrentLinkedQueue<>();

		Flux<String> handle(Flux<String> lines) {
			this.threads.add(Thread.currentThread().getName());
			return lines.doOnNext((line) -> this.threads.add(Thread.currentThread().getName()));
		}

	}

}
