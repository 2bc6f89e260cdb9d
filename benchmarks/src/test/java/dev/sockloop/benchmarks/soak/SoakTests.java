package dev.sockloop.benchmarks.soak;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.sockloop.benchmarks.server.Transport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SoakTests {

	@Test
	void shortSoakDrivesEchoAndChurnAndReportsBothSnapshots() throws Exception {
		ByteArrayOutputStream text = new ByteArrayOutputStream();
		Soak soak = new Soak(Transport.SOCKLOOP, 1, 4, 64, 2, 2, Duration.ZERO, Duration.ofMillis(500), 16 << 20);
		SoakVerdict verdict = soak.run(new PrintStream(text, true, StandardCharsets.UTF_8));
		// Only what cannot be noise here: other tests in this JVM may start or end threads meanwhile.
		assertThat(verdict.loadErrors()).isZero();
		assertThat(verdict.start().openFds()).isPositive();
		assertThat(verdict.end().threads()).isPositive();
		assertThat(text.toString(StandardCharsets.UTF_8)).contains("run echo:", "run churn:", "start: open fds",
				"end:   open fds");
	}

}
