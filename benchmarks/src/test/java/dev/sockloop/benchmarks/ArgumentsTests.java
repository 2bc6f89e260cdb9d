package dev.sockloop.benchmarks;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ArgumentsTests {

	@Test
	void parseReadsValuesFlagsAndEqualsForms() {
		Arguments args = Arguments.parse("--port", "8080", "--metrics", "--transport=netty", "--size", "16k");
		assertThat(args.integer("port", 0)).isEqualTo(8080);
		assertThat(args.flag("metrics")).isTrue();
		assertThat(args.string("transport", "sockloop")).isEqualTo("netty");
		assertThat(args.integer("size", 64)).isEqualTo(16 * 1024);
		assertThat(args.integer("depth", 1)).isEqualTo(1);
		assertThat(args.flag("no-pin")).isFalse();
	}

	@Test
	void durationAcceptsUnitsAndBareSeconds() {
		Arguments args = Arguments.parse("--a", "10s", "--b", "500ms", "--c", "2m", "--d", "1.5");
		assertThat(args.duration("a", Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
		assertThat(args.duration("b", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
		assertThat(args.duration("c", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
		assertThat(args.duration("d", Duration.ZERO)).isEqualTo(Duration.ofMillis(1500));
		assertThat(args.duration("e", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void listSplitsOnCommasAndIntegerAcceptsSeparators() {
		Arguments args = Arguments.parse("--scenarios", "A, B,,C", "--connections", "15_000");
		assertThat(args.list("scenarios", List.of())).containsExactly("A", "B", "C");
		assertThat(args.integer("connections", 0)).isEqualTo(15_000);
	}

	@Test
	void rejectUnknownNamesTheMisspelledOption() {
		Arguments args = Arguments.parse("--port", "1", "--conections", "5");
		args.integer("port", 0);
		args.integer("connections", 64);
		assertThatIllegalArgumentException().isThrownBy(args::rejectUnknown).withMessageContaining("--conections");
	}

	@Test
	void parseRejectsBareWordsAndBadNumbers() {
		assertThatIllegalArgumentException().isThrownBy(() -> Arguments.parse("port", "1"))
			.withMessageContaining("'port'");
		Arguments args = Arguments.parse("--port", "eighty");
		assertThatIllegalArgumentException().isThrownBy(() -> args.integer("port", 0)).withMessageContaining("--port");
		assertThatIllegalArgumentException().isThrownBy(() -> args.duration("port", Duration.ZERO))
			.withMessageContaining("duration");
	}

}
