package dev.sockloop.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JsonTests {

	@Test
	void flatObjectSurvivesWriteThenRead() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("kind", "load \"quoted\"\n");
		values.put("msgsPerSec", 12345.678);
		values.put("errors", 0L);
		values.put("ok", true);
		values.put("missing", null);
		Map<String, Object> read = Json.readFlatObject(Json.write(values));
		assertThat(read).containsEntry("kind", "load \"quoted\"\n")
			.containsEntry("msgsPerSec", 12345.678)
			.containsEntry("errors", 0.0)
			.containsEntry("ok", true)
			.containsEntry("missing", null);
	}

	@Test
	void writeNestsMapsAndLists() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("runs", List.of(Map.of("a", 1), Map.of("b", Double.NaN)));
		assertThat(Json.write(document)).isEqualTo("{\"runs\":[{\"a\":1},{\"b\":null}]}");
		assertThat(Json.writePretty(document)).contains("\n    {\n      \"a\": 1\n    },");
	}

	@Test
	void readRejectsWhatIsNotAnObject() {
		assertThatIllegalArgumentException().isThrownBy(() -> Json.readFlatObject("[1]"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.readFlatObject("{\"a\" 1}"));
	}

}
