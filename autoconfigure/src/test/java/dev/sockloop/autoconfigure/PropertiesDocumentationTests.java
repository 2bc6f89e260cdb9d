package dev.sockloop.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/properties.md lists every property of the metadata that the build generates from
 * {@link SockloopProperties} (and the endpoint's), so that a new property cannot go undocumented.
 */
class PropertiesDocumentationTests {

	private static final Path PROPERTIES_DOC = Path.of("..", "docs", "properties.md");

	@Test
	void everyGeneratedPropertyShouldBeDocumented() throws IOException {
		String doc = Files.readString(PROPERTIES_DOC);
		List<String> undocumented = generatedProperties().stream()
			.filter((name) -> !name.equals("sockloop.servers")) // the map: its keys are the per-server table
			.filter((name) -> !name.equals("sockloop.datagram")) // the map: its keys are the per-datagram-server table
			.filter((name) -> !doc.contains("| `" + documentedKey(name) + "` |"))
			.toList();
		assertThat(undocumented).as("properties missing from " + PROPERTIES_DOC).isEmpty();
	}

	/** Per-server properties are documented by their key under {@code sockloop.defaults}. */
	private static String documentedKey(String name) {
		return name.startsWith("sockloop.defaults.") ? name.substring("sockloop.defaults.".length()) : name;
	}

	private static List<String> generatedProperties() throws IOException {
		try (InputStream in = PropertiesDocumentationTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated spring-configuration-metadata.json").isNotNull();
			return JsonPath.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "$.properties[*].name");
		}
	}

}
