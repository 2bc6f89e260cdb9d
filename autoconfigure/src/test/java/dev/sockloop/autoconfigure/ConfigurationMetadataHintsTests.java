package dev.sockloop.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import dev.sockloop.codec.TextCodec.MalformedInputPolicy;
import dev.sockloop.spring.Codec;
import dev.sockloop.spring.Offload;
import dev.sockloop.tls.ClientAuth;
import dev.sockloop.transport.Transport;
import dev.sockloop.wirelog.WireLogFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every enum-like property offers its values to IDEs through
 * {@code additional-spring-configuration-metadata.json}, and the hints name every value the binder
 * accepts, so that they cannot drift from the enums.
 */
class ConfigurationMetadataHintsTests {

	static Stream<Arguments> enumLikeProperties() {
		return Stream.of(Arguments.of("sockloop.transport", values(Transport.values())),
				Arguments.of("sockloop.defaults.codec", values(Codec.values()).stream()
					.filter((value) -> !value.equals("default")) // the annotation's "ask the properties"
					.toList()),
				Arguments.of("sockloop.defaults.offload", values(Offload.values())),
				Arguments.of("sockloop.defaults.wire-log", values(WireLogFormat.values())),
				Arguments.of("sockloop.defaults.malformed-input", values(MalformedInputPolicy.values())),
				Arguments.of("sockloop.defaults.ssl.client-auth", values(ClientAuth.values())));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("enumLikeProperties")
	void enumLikePropertyShouldHintEveryValue(String property, List<String> values) throws IOException {
		assertThat(hintedValues(property)).as("hints of " + property).containsExactlyElementsOf(values);
	}

	private static List<String> hintedValues(String property) throws IOException {
		try (InputStream in = ConfigurationMetadataHintsTests.class
			.getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
			assertThat(in).as("additional-spring-configuration-metadata.json").isNotNull();
			String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return JsonPath.read(json, "$.hints[?(@.name == '" + property + "')].values[*].value");
		}
	}

	private static List<String> values(Enum<?>[] constants) {
		return Arrays.stream(constants).map((constant) -> constant.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
	}

}
