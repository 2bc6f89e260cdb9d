package dev.sockloop.autoconfigure.health;

import java.net.Socket;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link BlockedLoopDetector} and its auto-configuration.
 */
@ExtendWith(OutputCaptureExtension.class)
class BlockedLoopDetectorTests {

	private static final String WARNING = "has been running one iteration for";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class,
				BlockedLoopDetectorAutoConfiguration.class, SockloopHealthContributorAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1",
				"sockloop.defaults.shutdown-timeout=2s");

	@Test
	void runShouldStartDetectorWithTheContext() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(BlockedLoopDetector.class);
			assertThat(context.getBean(BlockedLoopDetector.class).isRunning()).isTrue();
			assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
				.contains("sockloop-blocked-loop-detector");
		});
	}

	@Test
	void blockedLoopShouldBeReportedOnceWithTheLoopThreadsStack(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(BlockingHandler.class)
			.withPropertyValues("sockloop.blocked-loop-threshold=200ms", "sockloop.health.stuck-threshold=1s")
			.run((context) -> {
				int port = context.getEnvironment().getRequiredProperty("local.sockloop.blocking.port", Integer.class);
				SockloopHealthIndicator health = context.getBean(SockloopHealthIndicator.class);
				BlockingHandler.arm();
				try (Socket socket = SockloopHealthContributorAutoConfigurationTests.connect(port)) {
					await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(WARNING));
					// By the time the loop counts as stuck (1 s) the detector has checked it several more
					// times (every 100 ms): still one warning for the one blocked iteration.
					await().atMost(Duration.ofSeconds(10))
						.until(() -> health.health().getDetails().containsKey("stuckLoops"));
				}
				finally {
					BlockingHandler.release();
				}
				String out = output.getOut();
				assertThat(occurrences(out, WARNING)).isEqualTo(1);
				assertThat(out).contains("WARN")
					.contains("Event loop sockloop-loop-0 " + WARNING)
					.contains("threshold 200 ms")
					.contains("Stack trace of sockloop-loop-0")
					.contains("BlockingHandler.waitForRelease")
					.contains("java.util.concurrent.CountDownLatch.await");
			});
	}

	@Test
	void detectorShouldStopWithTheContext() {
		BlockedLoopDetector[] detector = new BlockedLoopDetector[1];
		this.contextRunner.run((context) -> detector[0] = context.getBean(BlockedLoopDetector.class));
		assertThat(detector[0].isRunning()).isFalse();
	}

	@Test
	void detectorShouldIdleWhenThresholdIsZero() {
		this.contextRunner.withPropertyValues("sockloop.blocked-loop-threshold=0")
			.run((context) -> assertThat(context.getBean(BlockedLoopDetector.class).isRunning()).isFalse());
	}

	private static int occurrences(String text, String fragment) {
		Matcher matcher = Pattern.compile(Pattern.quote(fragment)).matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
